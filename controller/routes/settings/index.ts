// Installation settings: whether changes need a second person's approval (admin; audited).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SettingsPatchSchema, SettingsSchema } from '../../../playlists/api/changes.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

export const settingsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/settings', { config: { permission: 'content.read' }, schema: { tags: ['settings'], response: { 200: SettingsSchema } } }, async () => services.settings.get());
  app.patch(
    '/settings',
    { config: { permission: 'settings.manage' }, schema: { tags: ['settings'], summary: 'Switch approval on or off (admin; the switch itself is audited)', body: SettingsPatchSchema, response: { 200: SettingsSchema } } },
    async (req) => services.settings.update(actorOf(req), req.body),
  );
};
