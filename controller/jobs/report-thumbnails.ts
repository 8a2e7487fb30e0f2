// Every 10 minutes: a small picture of every image shown is kept for reports (renditions that no
// manifest names are pruned nightly; a report of last year still shows what ran).
import type { Job } from './index.ts';

export const reportThumbnailsJob: Job = {
  name: 'report-thumbnails',
  schedule: '0 */10 * * * *',
  async run(services) {
    const made = await services.reports.keepThumbnails((sha) => services.renditions.reportThumbnail(sha));
    if (made > 0) return `kept ${made} report thumbnail(s)`;
  },
};
