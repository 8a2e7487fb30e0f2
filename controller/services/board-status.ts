// What operators see of a board: its settings and the truthful delivery state of its current
// manifest — never more than the player itself acknowledged.
import type { Store } from '../store/index.ts';
import type { BoardRow } from '../store/boards-repo.ts';

/** unknown: never compiled · pending › delivered › ready › playing, for the current version. */
export type DeliveryState = 'unknown' | 'pending' | 'delivered' | 'ready' | 'playing';

export interface BoardStatus extends BoardRow {
  delivery: {
    state: DeliveryState;
    version: string | null;
    publishedAt: string | null;
    deliveredVersion: string | null;
    deliveredAt: string | null;
    readyVersion: string | null;
    readyAt: string | null;
    playingVersion: string | null;
    /** Time of the last heartbeat. */
    playingAt: string | null;
    /** The player's last heartbeat report. */
    heartbeat: unknown;
  };
}

const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());

export function boardStatus(store: Pick<Store, 'manifests' | 'boards'>, board: BoardRow): BoardStatus {
  const manifest = store.manifests.latest(board.id);
  const d = store.boards.delivery(board.id);
  let state: DeliveryState = 'unknown';
  if (manifest) {
    if (d.playingVersion === manifest.version) state = 'playing';
    else if (d.readyVersion === manifest.version) state = 'ready';
    else if (d.deliveredVersion === manifest.version) state = 'delivered';
    else state = 'pending';
  }
  return {
    ...board,
    delivery: {
      state,
      version: manifest?.version ?? null,
      publishedAt: iso(manifest?.generatedAt),
      deliveredVersion: d.deliveredVersion,
      deliveredAt: iso(d.deliveredAt),
      readyVersion: d.readyVersion,
      readyAt: iso(d.readyAt),
      playingVersion: d.playingVersion,
      playingAt: iso(d.playingAt),
      heartbeat: d.heartbeat ? (JSON.parse(d.heartbeat) as unknown) : null,
    },
  };
}
