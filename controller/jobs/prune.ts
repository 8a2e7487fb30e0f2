// Nightly clean-up (services/maintenance.ts): expired sessions, spent pairing links, long-ended
// overrides, renditions no manifest names.
import { systemActor } from '../services/actor.ts';
import type { Job } from './index.ts';

export const pruneJob: Job = {
  name: 'prune',
  schedule: '0 30 3 * * *',
  run(services) {
    const c = services.maintenance.prune(systemActor('job:prune'));
    if (c.sessions + c.grants + c.overrides + c.renditions > 0) {
      return `pruned ${c.sessions} session(s), ${c.grants} pairing link(s), ${c.overrides} ended override(s), ${c.renditions} unused rendition(s)`;
    }
  },
};
