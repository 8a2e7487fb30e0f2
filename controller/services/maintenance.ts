// Nightly clean-up of what has no further use: expired sessions, spent pairing links,
// emergencies/blackouts that ended more than 90 days ago (kept that long for the record), manifest
// contents and renditions no board's manifest names any more (after a day, so previews stay
// cheap). The audit trail is never pruned.
import type { Renditions } from '../render/renditions.ts';
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import type { Door } from './door.ts';

const DAY = 86_400_000;

export class MaintenanceService {
  constructor(
    private readonly store: Pick<Store, 'users' | 'devices' | 'overrides' | 'manifests'>,
    private readonly renditions: Renditions,
    private readonly door: Door,
    private readonly now: () => number,
    private readonly sessionIdleMs: number,
  ) {}

  async prune(actor: Actor): Promise<{ sessions: number; grants: number; overrides: number; manifestContents: number; renditions: number }> {
    const now = this.now();
    const counts = await this.door.pass(actor, null, async (tx) => {
      const c = {
        sessions: await tx.users.pruneExpiredTokens(now, this.sessionIdleMs),
        grants: await tx.devices.pruneGrants(now - 7 * DAY),
        overrides: await tx.overrides.pruneEndedBefore(now - 90 * DAY),
        manifestContents: await tx.manifests.pruneContents(now - DAY),
      };
      return { action: 'maintenance.prune', target: null, after: c, result: c };
    });
    // Files last: a rendition is removed only once no manifest names it.
    const renditions = await this.renditions.prune(await this.store.manifests.referencedMedia(), now - DAY);
    return { ...counts, renditions };
  }
}
