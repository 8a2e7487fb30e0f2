// Every 5 s: silence grown since the last look becomes the stale and offline stretches of each
// board's status history (services/status-history.ts). At start, the time the controller was down
// is recorded as unknown.
import type { Job } from './index.ts';

export const statusHistoryJob: Job = {
  name: 'status-history',
  schedule: '*/5 * * * * *',
  async init(services) {
    await services.history.start();
  },
  async run(services) {
    await services.history.sweep();
  },
};
