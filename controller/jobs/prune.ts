// Nightly clean-up of what has no further use: expired sessions, spent pairing links,
// emergencies/blackouts that ended more than 90 days ago (kept that long for the record), and
// renditions no board's manifest names any more (after a day, so previews stay cheap).
import type { Job } from './index.ts';

const DAY = 86_400_000;

export const pruneJob: Job = {
  name: 'prune',
  schedule: '0 30 3 * * *',
  run(services) {
    const now = services.now();
    const sessions = services.store.users.pruneExpiredTokens(now);
    const grants = services.store.devices.pruneGrants(now - 7 * DAY);
    const overrides = services.store.overrides.pruneEndedBefore(now - 90 * DAY);
    const renditions = services.renditions.prune(services.store.manifests.referencedMedia(), now - DAY);
    if (sessions + grants + overrides + renditions > 0) {
      return `pruned ${sessions} session(s), ${grants} pairing link(s), ${overrides} ended override(s), ${renditions} unused rendition(s)`;
    }
  },
};
