// Scheduled reports (services/report-schedules.ts): every minute, each schedule whose run (or
// retry) is due makes its report and mails it. Tests that drive the clock themselves run it by hand
// (the alerts' `manual` option covers every job that sends mail).
import type { Job } from './index.ts';

export const reportSchedulesJob: Job = {
  name: 'report-schedules',
  schedule: '0 * * * * *',
  async run(services) {
    if (services.alerts.manual) return;
    const r = await services.reportSchedules.runDue();
    if (r.sent || r.failed) return `scheduled reports: ${r.sent} sent, ${r.failed} failed (to retry)`;
  },
};
