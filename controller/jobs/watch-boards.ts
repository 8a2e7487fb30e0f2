// Alerts (services/alerts.ts): every 15 s every board is looked at once — in sets, a handful of
// queries for a thousand boards — and trouble becomes an alert; every 5 s the alerts' mails and
// webhooks that are due go out (apart from the watch, so a slow mail server never holds it up);
// every 5 min, after 07:00 (Asia/Ho_Chi_Minh), the day's digest is queued when ALERT_DIGEST=daily.
import type { Job } from './index.ts';

export const watchBoardsJob: Job = {
  name: 'watch-boards',
  schedule: '*/15 * * * * *',
  async run(services) {
    if (services.alerts.manual) return;
    const r = await services.alerts.evaluate();
    if (r.opened || r.closed) return `alerts: ${r.opened} opened, ${r.closed} closed (${r.boards} board(s) watched)`;
  },
};

export const deliverAlertsJob: Job = {
  name: 'deliver-alerts',
  schedule: '*/5 * * * * *',
  async run(services) {
    if (services.alerts.manual) return;
    const r = await services.alerts.deliverDue();
    if (r.sent || r.failed) return `alert deliveries: ${r.sent} sent, ${r.failed} failed (to retry)`;
  },
};

export const alertDigestJob: Job = {
  name: 'alert-digest',
  schedule: '0 */5 * * * *',
  async run(services) {
    if (services.alerts.manual) return;
    const day = await services.alerts.queueDigest();
    if (day) return `alert digest for ${day} queued`;
  },
};
