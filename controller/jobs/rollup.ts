// Nightly at 00:40: the last two days' rollups are rolled up again from the raw proof of play (they
// grow with every record stored; this repairs any drift, e.g. after a database restore).
import type { Job } from './index.ts';

export const rollupJob: Job = {
  name: 'rollup',
  schedule: '0 40 0 * * *',
  run(services) {
    const r = services.reports.rollUpRecentDays();
    if (r.boardDays > 0) return `rolled up ${r.boardDays} board-day(s) again into ${r.rows} row(s)`;
  },
};
