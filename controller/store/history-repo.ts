// Each board's status history (board_intervals): one row per stretch in one state, the current one
// open (ended_at null). Written only on a change of state, so a board beating every 15 s in the same
// state costs nothing here.
import type { HistoryState, Interval } from '../../playlists/report-time.ts';
import { Repo } from './repo.ts';

export interface WatchRow {
  boardId: string;
  /** When the last heartbeat arrived, or null. */
  lastHeartbeatAt: number | null;
  /** The open interval's state and start, or null when the board has none yet. */
  state: HistoryState | null;
  startedAt: number | null;
  /** false: the board was deleted (its history is kept, and ends). */
  present: boolean;
}

export class HistoryRepo extends Repo {
  async open(boardId: string): Promise<{ state: HistoryState; startedAt: number } | undefined> {
    return this.openRow(boardId);
  }

  /** These boards' open stretches, in a few queries. */
  async openMany(boardIds: readonly string[]): Promise<Map<string, { state: HistoryState; startedAt: number }>> {
    const rows = await this.inChunks<{ boardId: string; state: HistoryState; startedAt: number }>(
      boardIds,
      // SQLite's planner, given a list of two or more boards, would take the index on ended_at and
      // read every open stretch (4 ms a query at 10,000 boards): the partial index on board_id, named.
      (any) => `SELECT board_id AS "boardId", state, started_at AS "startedAt" FROM board_intervals ${this.sql.dialect === 'sqlite' ? 'INDEXED BY board_intervals_open' : ''} WHERE ended_at IS NULL AND ${any('board_id')}`,
    );
    return new Map(rows.map((r) => [r.boardId, { state: r.state, startedAt: r.startedAt }]));
  }

  private async openRow(boardId: string): Promise<{ state: HistoryState; startedAt: number } | undefined> {
    return (await this.sql.get('SELECT state, started_at AS "startedAt" FROM board_intervals WHERE board_id = ? AND ended_at IS NULL', boardId)) as { state: HistoryState; startedAt: number } | undefined;
  }

  /**
   * Every board that has a history or a heartbeat, with its last heartbeat and open interval: one
   * query for all boards (or, with `boardIds`, for those boards only, a few hundred per query).
   */
  async watchRows(boardIds?: readonly string[]): Promise<WatchRow[]> {
    const sql = (only: (column: string) => string) => `SELECT b.id AS "boardId", d.playing_at AS "lastHeartbeatAt", i.state AS state, i.started_at AS "startedAt", 1 AS present
         FROM boards b
         LEFT JOIN board_delivery d ON d.board_id = b.id
         LEFT JOIN board_intervals i ON i.board_id = b.id AND i.ended_at IS NULL
        WHERE (d.playing_at IS NOT NULL OR i.state IS NOT NULL) ${only('b.id')}
       UNION ALL
       SELECT i.board_id, NULL, i.state, i.started_at, 0
         FROM board_intervals i
        WHERE i.ended_at IS NULL AND NOT EXISTS (SELECT 1 FROM boards b WHERE b.id = i.board_id) ${only('i.board_id')}`;
    const rows = boardIds
      ? await this.inChunks<Omit<WatchRow, 'present'> & { present: number }>(boardIds, (any) => sql((column) => `AND ${any(column)}`), (list) => [list, list])
      : await this.sql.all<Omit<WatchRow, 'present'> & { present: number }>(sql(() => ''));
    return rows.map((row) => ({ ...row, present: Number(row.present) === 1 }));
  }

  /** A deleted board's history ends. */
  async close(boardId: string, at: number): Promise<void> {
    await this.sql.run('UPDATE board_intervals SET ended_at = CASE WHEN started_at > ? THEN started_at ELSE ? END WHERE board_id = ? AND ended_at IS NULL', at, at, boardId);
  }

  /** The board enters `state` at `at`: the open stretch ends there (a stretch of no length is replaced). */
  async enter(boardId: string, state: HistoryState, at: number): Promise<void> {
    const open = await this.openRow(boardId);
    if (open && open.state === state) return;
    if (open && at <= open.startedAt) {
      await this.sql.run('UPDATE board_intervals SET state = ? WHERE board_id = ? AND ended_at IS NULL', state, boardId);
      return;
    }
    if (open) await this.sql.run('UPDATE board_intervals SET ended_at = ? WHERE board_id = ? AND ended_at IS NULL', at, boardId);
    await this.sql.run('INSERT INTO board_intervals (board_id, state, started_at, ended_at) VALUES (?, ?, ?, NULL)', boardId, state, at);
  }

  /** Boards with an open stretch (for the controller's own restart). */
  async openBoards(): Promise<{ boardId: string; state: HistoryState; startedAt: number }[]> {
    return (await this.sql.all('SELECT board_id AS "boardId", state, started_at AS "startedAt" FROM board_intervals WHERE ended_at IS NULL')) as { boardId: string; state: HistoryState; startedAt: number }[];
  }

  /** A board's stretches overlapping [from, to). */
  async overlapping(boardId: string, from: number, to: number): Promise<Interval[]> {
    return (await this.sql.all('SELECT state, started_at AS "startedAt", ended_at AS "endedAt" FROM board_intervals WHERE board_id = ? AND started_at < ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at', boardId, to, from)) as Interval[];
  }

  /** Boards with any stretch overlapping [from, to). */
  async boardsBetween(from: number, to: number): Promise<string[]> {
    return (await this.sql.column('SELECT DISTINCT board_id FROM board_intervals WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?)', to, from)) as string[];
  }
}
