// What operators see of a board: its settings and the truthful delivery state of its current
// manifest — never more than the player itself acknowledged.
import type { BoardStatus, HeartbeatViewSchema } from '../../playlists/api/boards.ts';
import type { z } from 'zod';
import type { LiveThresholds } from '../../playlists/board-state.ts';
import { DEFAULT_THRESHOLDS, liveState } from '../../playlists/board-state.ts';
import type { Store } from '../store/index.ts';
import type { BoardRow, DeliveryRow } from '../store/boards-repo.ts';
import { iso } from '../../playlists/api/common.ts';

export type { BoardStatus };

/** unknown: never compiled · pending › delivered › ready › playing, for the current version. */
export type DeliveryState = 'unknown' | 'pending' | 'delivered' | 'ready' | 'playing';



/**
 * These boards' statuses, in a few queries whatever their number (a list of 10,000 boards read
 * board by board was 20,000 queries: on PostgreSQL, seconds of round trips for each page, each
 * operator's live view and each metrics scrape). Only the manifests' versions and times are read:
 * reading a thousand whole manifests for a list is what made it slow before.
 */
export async function boardStatuses(store: Pick<Store, 'manifests' | 'boards'>, boards: readonly BoardRow[], now: number, thresholds: LiveThresholds = DEFAULT_THRESHOLDS): Promise<BoardStatus[]> {
  const ids = boards.map((b) => b.id);
  const [heads, deliveries] = await Promise.all([store.manifests.heads(ids), store.boards.deliveries(ids)]);
  return boards.map((b) => statusOf(b, heads.get(b.id), deliveries.get(b.id)!, now, thresholds));
}

export async function boardStatus(store: Pick<Store, 'manifests' | 'boards'>, board: BoardRow, now: number, thresholds: LiveThresholds = DEFAULT_THRESHOLDS): Promise<BoardStatus> {
  return (await boardStatuses(store, [board], now, thresholds))[0]!;
}

function statusOf(board: BoardRow, manifest: { version: string; generatedAt: number } | undefined, d: DeliveryRow, now: number, thresholds: LiveThresholds): BoardStatus {
  let state: DeliveryState = 'unknown';
  if (manifest) {
    if (d.playingVersion === manifest.version) state = 'playing';
    else if (d.readyVersion === manifest.version) state = 'ready';
    else if (d.deliveredVersion === manifest.version) state = 'delivered';
    else state = 'pending';
  }
  const heartbeat = d.heartbeat ? (JSON.parse(d.heartbeat) as z.infer<typeof HeartbeatViewSchema>) : null;
  return {
    ...board,
    live: liveState({ lastHeartbeatAt: d.playingAt, heartbeat }, now, thresholds),
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
      heartbeat,
    },
  };
}
