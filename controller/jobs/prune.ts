// Nightly clean-up (services/maintenance.ts): expired sessions, spent pairing links, long-ended
// overrides, renditions no manifest names, raw proof of play past its retention.
import { systemActor } from '../services/actor.ts';
import type { Job } from './index.ts';

export const pruneJob: Job = {
  name: 'prune',
  schedule: '0 30 3 * * *',
  async run(services) {
    const c = await services.maintenance.prune(systemActor('job:prune'));
    // Raw proof of play past its retention, once its board-day is rolled up (the rollups stay).
    const plays = await services.reports.pruneRaw();
    if (c.sessions + c.grants + c.overrides + c.manifestContents + c.renditions + plays > 0) {
      return `pruned ${c.sessions} session(s), ${c.grants} pairing link(s), ${c.overrides} ended override(s), ${c.manifestContents} unused manifest content(s), ${c.renditions} unused rendition(s), ${plays} proof-of-play record(s) past retention`;
    }
  },
};
