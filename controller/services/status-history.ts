// Each board's status over time, for the reports' hours online, offline and dark: the one status
// function (playlists/board-state.ts) applied as heartbeats arrive and as silence grows, written as
// stretches with exact edges — a board last heard at h was stale from h + 45 s and offline from
// h + 2 min, whenever the controller notices. While the controller itself was down nobody could
// tell: that stretch is 'unknown', and silence is counted from the restart, not from before it.
import type { LiveThresholds } from '../../playlists/board-state.ts';
import { DEFAULT_THRESHOLDS, liveState } from '../../playlists/board-state.ts';
import type { HistoryState } from '../../playlists/report-time.ts';
import type { Store } from '../store/index.ts';
import type { WatchRow } from '../store/history-repo.ts';

const ALIVE_KEY = 'controller_alive_at';

/** Boards written per transaction by the sweep and the start. */
const TRANSACTION_BOARDS = 250;

/** What of a heartbeat decides the board's state. */
export interface HeartbeatFacts {
  black: boolean;
  layer?: string | null | undefined;
  blackReason?: string | null | undefined;
}

/** The alive mark is written every 5 s: a board heard more than this after it was heard by another process. */
const HANDOVER_MARGIN_MS = 5_000;

export class StatusHistory {
  private startedAt: number;

  constructor(
    private readonly store: Pick<Store, 'history' | 'getState' | 'setState' | 'transaction'>,
    private readonly now: () => number,
    private readonly thresholds: LiveThresholds = DEFAULT_THRESHOLDS,
  ) {
    this.startedAt = now();
  }

  /**
   * This process takes the jobs on: at a (re)start, boards' histories are brought up to when the
   * controller was last alive, then unknown until they are heard from. When other processes kept
   * hearing boards after that mark (the leader died and this one takes over, several processes on
   * PostgreSQL), the controller was never down: the silence sweep just goes on from now.
   */
  async start(): Promise<void> {
    const now = this.now();
    this.startedAt = now;
    const alive = Number(await this.store.getState(ALIVE_KEY));
    const downAt = Number.isFinite(alive) && alive > 0 ? Math.min(alive, now) : now;
    const heard = new Map((await this.store.history.watchRows()).map((r) => [r.boardId, r.lastHeartbeatAt ?? 0]));
    const lastHeard = Math.max(0, ...heard.values());
    // Heard lately, and well after the last alive mark (not by the process that wrote it, in its
    // last seconds): another process is answering the boards.
    if (alive > 0 && lastHeard > downAt + HANDOVER_MARGIN_MS && now - lastHeard < HANDOVER_MARGIN_MS * 6) {
      // Silence counts from each board's last heartbeat, as it did for the process before.
      this.startedAt = Number.NEGATIVE_INFINITY;
      await this.advance(now, Number.NEGATIVE_INFINITY);
      await this.store.setState(ALIVE_KEY, String(now));
      return;
    }
    await this.advance(downAt, Number.NEGATIVE_INFINITY);
    // Unknown from the last thing known of each board: the controller's last sign of life, or a
    // heartbeat that came after it (the alive mark is written every 5 s).
    const known = (await this.store.history.openBoards()).filter((b) => b.state !== 'unknown');
    for (let i = 0; i < known.length; i += TRANSACTION_BOARDS) {
      await this.store.transaction(async (tx) => {
        for (const b of known.slice(i, i + TRANSACTION_BOARDS)) await tx.history.enter(b.boardId, 'unknown', Math.max(downAt, heard.get(b.boardId) ?? 0, b.startedAt));
      });
    }
    await this.store.setState(ALIVE_KEY, String(now));
  }

  /**
   * Heartbeats of several boards (one each), inside the caller's transaction: their open stretches
   * read in one query; only a board whose state changes, or whose silence before this heartbeat
   * crossed an edge, is written (at 15-second heartbeats, almost none).
   */
  async heartbeatsIn(tx: Pick<Store, 'history'>, beats: readonly { boardId: string; previousAt: number | null; heartbeat: HeartbeatFacts; at: number }[]): Promise<void> {
    if (!beats.length) return;
    const opens = await tx.history.openMany(beats.map((b) => b.boardId));
    for (const { boardId, previousAt, heartbeat, at } of beats) {
      const state = liveState({ lastHeartbeatAt: at, heartbeat }, at, this.thresholds).state as HistoryState;
      const open = opens.get(boardId) ?? null;
      const heard = previousAt === null ? null : Math.max(previousAt, this.startedAt);
      if (open?.state === state && (heard === null || heard + this.thresholds.onlineMs > at)) continue;
      if (heard !== null) await this.silence(tx, boardId, heard, at, open);
      await tx.history.enter(boardId, state, at);
    }
  }

  /** Silence grown since the last look becomes stale and offline stretches; deleted boards' histories end. Returns how many boards changed state. */
  async sweep(): Promise<number> {
    const now = this.now();
    const changed = await this.advance(now, this.startedAt);
    await this.store.setState(ALIVE_KEY, String(now));
    return changed;
  }

  /**
   * Brings every board's history up to `upTo`. The boards with something to write are found in one
   * read, then written a few hundred per transaction, each re-read inside it (a heartbeat may have
   * come meanwhile): after a reconnect storm that is every board, and one transaction for ten
   * thousand would keep every other write waiting for seconds.
   */
  private async advance(upTo: number, heardFloor: number): Promise<number> {
    const due = (await this.store.history.watchRows()).filter((r) => this.due(r, upTo, heardFloor)).map((r) => r.boardId);
    let changed = 0;
    for (let i = 0; i < due.length; i += TRANSACTION_BOARDS) {
      changed += await this.store.transaction(async (tx) => this.advanceRows(tx, await tx.history.watchRows(due.slice(i, i + TRANSACTION_BOARDS)), upTo, heardFloor));
    }
    return changed;
  }

  /** Whether a board may have something to write up to `upTo` (advanceRows decides). */
  private due(row: WatchRow, upTo: number, heardFloor: number): boolean {
    if (!row.present) return true;
    if (row.lastHeartbeatAt === null) return row.state !== null && row.state !== 'unknown';
    return row.state !== 'offline' && Math.max(row.lastHeartbeatAt, heardFloor) + this.thresholds.onlineMs <= upTo;
  }

  /** Inside the caller's transaction (tx). */
  private async advanceRows(tx: Pick<Store, 'history'>, rows: readonly WatchRow[], upTo: number, heardFloor: number): Promise<number> {
    let changed = 0;
    for (const row of rows) {
      if (!row.present) {
        await tx.history.close(row.boardId, upTo);
        changed += 1;
      } else if (row.lastHeartbeatAt === null) {
        // A history but no heartbeat (a board deleted and made again under its id): nothing is known.
        if (row.state !== null && row.state !== 'unknown') {
          await tx.history.enter(row.boardId, 'unknown', upTo);
          changed += 1;
        }
      } else {
        const open = row.state === null || row.startedAt === null ? null : { state: row.state, startedAt: row.startedAt };
        if (await this.silence(tx, row.boardId, Math.max(row.lastHeartbeatAt, heardFloor), upTo, open)) changed += 1;
      }
    }
    return changed;
  }

  /** Records the stale and offline edges of a silence that began at `heard`, up to `upTo`. */
  private async silence(tx: Pick<Store, 'history'>, boardId: string, heard: number, upTo: number, open: { state: HistoryState; startedAt: number } | null): Promise<boolean> {
    let changed = false;
    for (const [state, at] of [
      ['stale', heard + this.thresholds.onlineMs],
      ['offline', heard + this.thresholds.staleMs],
    ] as const) {
      if (at > upTo) break;
      // Already past this edge (an edge recorded before, or a restart after it).
      if (open && (at <= open.startedAt || open.state === 'offline' || (open.state === state))) continue;
      await tx.history.enter(boardId, state, at);
      open = { state, startedAt: at };
      changed = true;
    }
    return changed;
  }
}
