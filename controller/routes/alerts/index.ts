// Alerts: the list (newest first; reading changes nothing), where alerts are sent, and each
// board's offline delay (admin; audited).
import type { FastifyPluginAsync } from 'fastify';
import { API } from '../../../playlists/api/index.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';
import { route } from '../contract.ts';

export const alertRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { alerts } = services;
  route(app, API.listAlerts, ({ query }) => alerts.list(query));
  route(app, API.getAlertSettings, () => alerts.settings());
  route(app, API.updateAlertSettings, ({ body }, req) => alerts.updateSettings(actorOf(req), body));
  route(app, API.setAlertDelay, ({ params, body }, req) => alerts.setOfflineDelay(actorOf(req), params.id, body.offlineAlertMinutes));
  // A mail or webhook being sent when the app closes finishes (and is recorded) before the database closes.
  app.addHook('onClose', () => alerts.idle());
};
