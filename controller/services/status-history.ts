// Each board's status over time, for the reports' hours online, offline and dark: the one status
// function (playlists/board-state.ts) applied as heartbeats arrive and as silence grows, written as
// stretches with exact edges — a board last heard at h was stale from h + 45 s and offline from
// h + 2 min, whenever the controller notices. While the controller itself was down nobody could
// tell: that stretch is 'unknown', and silence is counted from the restart, not from before it.
import type { LiveThresholds } from '../../playlists/board-state.ts';
import { DEFAULT_THRESHOLDS, liveState } from '../../playlists/board-state.ts';
import type { HistoryState } from '../../playlists/report-time.ts';
import type { Store } from '../store/index.ts';

const ALIVE_KEY = 'controller_alive_at';

export class StatusHistory {
  private startedAt: number;

  constructor(
    private readonly store: Pick<Store, 'history' | 'getState' | 'setState' | 'transaction'>,
    private readonly now: () => number,
    private readonly thresholds: LiveThresholds = DEFAULT_THRESHOLDS,
  ) {
    this.startedAt = now();
  }

  /** The controller (re)starts: boards' histories are brought up to when it was last alive, then unknown until they are heard from. */
  start(): void {
    const now = this.now();
    this.startedAt = now;
    const alive = Number(this.store.getState(ALIVE_KEY));
    const downAt = Number.isFinite(alive) && alive > 0 ? Math.min(alive, now) : now;
    this.store.transaction(() => {
      this.advanceAll(downAt, Number.NEGATIVE_INFINITY);
      // Unknown from the last thing known of each board: the controller's last sign of life, or a
      // heartbeat that came after it (the alive mark is written every 5 s).
      const heard = new Map(this.store.history.watchRows().map((r) => [r.boardId, r.lastHeartbeatAt ?? 0]));
      for (const b of this.store.history.openBoards()) {
        if (b.state === 'unknown') continue;
        this.store.history.enter(b.boardId, 'unknown', Math.max(downAt, heard.get(b.boardId) ?? 0, b.startedAt));
      }
      this.store.setState(ALIVE_KEY, String(now));
    });
  }

  /** A heartbeat arrived at `at`; `previousAt` is when the one before it did (null: the first ever). */
  heartbeat(boardId: string, previousAt: number | null, heartbeat: { black: boolean; layer?: string | null | undefined; blackReason?: string | null | undefined }, at: number): void {
    const state = liveState({ lastHeartbeatAt: at, heartbeat }, at, this.thresholds).state as HistoryState;
    this.store.transaction(() => {
      const open = this.store.history.open(boardId);
      if (previousAt !== null) this.silence(boardId, Math.max(previousAt, this.startedAt), at, open ?? null);
      this.store.history.enter(boardId, state, at);
    });
  }

  /** Silence grown since the last look becomes stale and offline stretches; deleted boards' histories end. Returns how many boards changed state. */
  sweep(): number {
    const now = this.now();
    let changed = 0;
    this.store.transaction(() => {
      changed = this.advanceAll(now, this.startedAt);
      this.store.setState(ALIVE_KEY, String(now));
    });
    return changed;
  }

  private advanceAll(upTo: number, heardFloor: number): number {
    let changed = 0;
    for (const row of this.store.history.watchRows()) {
      if (!row.present) {
        this.store.history.close(row.boardId, upTo);
        changed += 1;
      } else if (row.lastHeartbeatAt === null) {
        // A history but no heartbeat (a board deleted and made again under its id): nothing is known.
        if (row.state !== null && row.state !== 'unknown') {
          this.store.history.enter(row.boardId, 'unknown', upTo);
          changed += 1;
        }
      } else {
        const open = row.state === null || row.startedAt === null ? null : { state: row.state, startedAt: row.startedAt };
        if (this.silence(row.boardId, Math.max(row.lastHeartbeatAt, heardFloor), upTo, open)) changed += 1;
      }
    }
    return changed;
  }

  /** Records the stale and offline edges of a silence that began at `heard`, up to `upTo`. */
  private silence(boardId: string, heard: number, upTo: number, open: { state: HistoryState; startedAt: number } | null): boolean {
    let changed = false;
    for (const [state, at] of [
      ['stale', heard + this.thresholds.onlineMs],
      ['offline', heard + this.thresholds.staleMs],
    ] as const) {
      if (at > upTo) break;
      // Already past this edge (an edge recorded before, or a restart after it).
      if (open && (at <= open.startedAt || open.state === 'offline' || (open.state === state))) continue;
      this.store.history.enter(boardId, state, at);
      open = { state, startedAt: at };
      changed = true;
    }
    return changed;
  }
}
