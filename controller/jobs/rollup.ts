// Nightly at 00:40: the last two days' rollups (grown with every record stored) are checked against
// the raw proof of play, and a board-day that drifted is rolled up again (a repair, e.g. after a
// database restore). `npm run cli -- report rollup` redoes any period in full.
import type { Job } from './index.ts';

export const rollupJob: Job = {
  name: 'rollup',
  schedule: '0 40 0 * * *',
  async run(services) {
    const r = await services.reports.checkRecentDays();
    if (r.boardDays > 0) return `${r.boardDays} board-day(s) of ${r.checked} had drifted from their raw records: rolled up again into ${r.rows} row(s)`;
  },
};
