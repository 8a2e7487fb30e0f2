// Boards, their display schedule and default playlist, and what their players acknowledged.
import type { Board, BoardSize } from '../../playlists/board.ts';
import type { DisplaySchedule } from '../../playlists/schedule.ts';
import { deepFreeze, Repo } from './repo.ts';

export interface DeliveryRow {
  deliveredVersion: string | null;
  deliveredAt: number | null;
  readyVersion: string | null;
  readyAt: number | null;
  playingVersion: string | null;
  playingAt: number | null;
  heartbeat: string | null;
}

export interface BoardRow extends Board {
  defaultPlaylistId: string | null;
}

const BOARD_COLUMNS = 'id, name, width, height, time_zone AS "timeZone", pitch_mm AS "pitchMm", default_playlist_id AS "defaultPlaylistId"';
const EMPTY_DELIVERY: DeliveryRow = { deliveredVersion: null, deliveredAt: null, readyVersion: null, readyAt: null, playingVersion: null, playingAt: null, heartbeat: null };

export interface Ack {
  boardId: string;
  state: 'delivered' | 'ready';
  version: string;
  at: number;
}

/** Rows per multi-row statement on PostgreSQL: three parameters each, far below its limit. */
const ROWS_PER_STATEMENT = 300;

export class BoardsRepo extends Repo {
  async insert(board: Board, now: number): Promise<void> {
    await this.sql.run('INSERT INTO boards (id, name, width, height, time_zone, pitch_mm, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', board.id,
      board.name,
      board.width,
      board.height,
      board.timeZone,
      board.pitchMm,
      now,);
    await this.keepName(board.id, board.name, board.timeZone);
  }

  async update(board: BoardRow): Promise<void> {
    await this.sql.run('UPDATE boards SET name = ?, width = ?, height = ?, time_zone = ?, pitch_mm = ?, default_playlist_id = ? WHERE id = ?', board.name,
      board.width,
      board.height,
      board.timeZone,
      board.pitchMm,
      board.defaultPlaylistId,
      board.id,);
    await this.keepName(board.id, board.name, board.timeZone);
  }

  /** Reports name a board as it was last called, after it is deleted too. */
  private async keepName(id: string, name: string, timeZone: string): Promise<void> {
    await this.sql.run('INSERT INTO board_names (board_id, name, time_zone) VALUES (?, ?, ?) ON CONFLICT(board_id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone', id, name, timeZone);
  }

  /** Every board's last known name and time zone, deleted boards included. */
  async names(): Promise<Map<string, { name: string; timeZone: string }>> {
    const rows = (await this.sql.all('SELECT board_id AS id, name, time_zone AS "timeZone" FROM board_names')) as { id: string; name: string; timeZone: string }[];
    return new Map(rows.map((r) => [r.id, { name: r.name, timeZone: r.timeZone }]));
  }

  /** Removes a board; its devices, delivery state and manifest go with it (proof of play stays). */
  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM boards WHERE id = ?', id)).changes > 0;
  }

  /** Boards whose own default playlist this is. */
  async withDefaultPlaylist(playlistId: string): Promise<{ id: string; name: string }[]> {
    return (await this.sql.all('SELECT id, name FROM boards WHERE default_playlist_id = ? ORDER BY name', playlistId)) as { id: string; name: string }[];
  }

  async get(id: string): Promise<BoardRow | undefined> {
    return (await this.sql.get(`SELECT ${BOARD_COLUMNS} FROM boards WHERE id = ?`, id)) as BoardRow | undefined;
  }

  async list(): Promise<BoardRow[]> {
    return (await this.sql.all(`SELECT ${BOARD_COLUMNS} FROM boards ORDER BY name, id`)) as BoardRow[];
  }

  /**
   * Several boards with their display schedules, in a few queries. Boards with the same display
   * schedule share one (frozen) object: most boards of a fleet have the same.
   */
  async getMany(ids: readonly string[]): Promise<Map<string, BoardRow & { display: DisplaySchedule }>> {
    const rows = await this.inChunks<BoardRow & { display: string }>(ids, (any) => `SELECT ${BOARD_COLUMNS}, display FROM boards WHERE ${any('id')}`);
    const displays = new Map<string, DisplaySchedule>();
    const out = new Map<string, BoardRow & { display: DisplaySchedule }>();
    for (const r of rows) {
      let display = displays.get(r.display);
      if (!display) displays.set(r.display, (display = deepFreeze(JSON.parse(r.display) as DisplaySchedule)));
      out.set(r.id, { ...r, display });
    }
    return out;
  }

  /** Several boards' names and sizes (what checking a slide against them needs), in a few queries. */
  async sizesOf(ids: readonly string[]): Promise<Map<string, BoardSize & { id: string; name: string }>> {
    const rows = await this.inChunks<BoardSize & { id: string; name: string }>(ids, (any) => `SELECT id, name, width, height FROM boards WHERE ${any('id')}`);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async ids(): Promise<string[]> {
    return (await this.sql.column('SELECT id FROM boards ORDER BY id')) as string[];
  }

  async display(id: string): Promise<DisplaySchedule> {
    const raw = (await this.sql.value('SELECT display FROM boards WHERE id = ?', id)) as string | undefined;
    return raw ? (JSON.parse(raw) as DisplaySchedule) : { brightness: [], powerOff: [] };
  }

  async setDisplay(id: string, display: DisplaySchedule): Promise<void> {
    await this.sql.run('UPDATE boards SET display = ? WHERE id = ?', JSON.stringify(display), id);
  }

  async delivery(boardId: string): Promise<DeliveryRow> {
    const row = (await this.sql.get('SELECT delivered_version AS "deliveredVersion", delivered_at AS "deliveredAt", ready_version AS "readyVersion", ready_at AS "readyAt", playing_version AS "playingVersion", playing_at AS "playingAt", heartbeat FROM board_delivery WHERE board_id = ?', boardId)) as DeliveryRow | undefined;
    return row ?? EMPTY_DELIVERY;
  }

  /**
   * Acknowledgements (delivered, ready) in the order they came, written as set statements (a
   * publish brings one or two from every board at once; on PostgreSQL a statement per
   * acknowledgement would be a round trip each). Same outcome as writing them one by one.
   */
  async recordAcks(acks: readonly Ack[]): Promise<void> {
    if (!acks.length) return;
    const byBoard = new Map<string, Ack[]>();
    for (const a of acks) {
      const list = byBoard.get(a.boardId);
      if (list) list.push(a);
      else byBoard.set(a.boardId, [a]);
    }
    // The usual case, a board's delivered ack then its ready ack for one version (or one of the
    // two): one row each, taking each state's first ack (a repeat changes nothing). Anything else
    // (versions changing within the batch, a delivered after a ready) is written one by one.
    const rows: { boardId: string; version: string; deliveredAt: number | null; readyAt: number | null }[] = [];
    const oneByOne: Ack[] = [];
    for (const [boardId, list] of byBoard) {
      const version = list[0]!.version;
      const firstReady = list.findIndex((a) => a.state === 'ready');
      const simple = list.every((a) => a.version === version) && (firstReady < 0 || list.slice(firstReady).every((a) => a.state === 'ready'));
      if (!simple) {
        oneByOne.push(...list);
        continue;
      }
      rows.push({ boardId, version, deliveredAt: list.find((a) => a.state === 'delivered')?.at ?? null, readyAt: firstReady < 0 ? null : list[firstReady]!.at });
    }
    // In board order, so that two processes' batches never lock rows in opposite orders.
    rows.sort((a, b) => (a.boardId < b.boardId ? -1 : a.boardId > b.boardId ? 1 : 0));
    // One upsert per row: a board never reported on gets its row. Delivered: the version it holds,
    // since its first ack of it. Ready: the version cached, since its first ready ack of it; a
    // player can only be ready with a version it holds, so delivered follows. A ready ack alone
    // changes nothing when that version is ready already.
    const upsert = (readyOnly: boolean) => (values: string) =>
      `INSERT INTO board_delivery (board_id, delivered_version, delivered_at, ready_version, ready_at)
           VALUES ${values}
         ON CONFLICT(board_id) DO UPDATE SET
           delivered_at = CASE WHEN board_delivery.delivered_version IS NOT DISTINCT FROM excluded.delivered_version THEN board_delivery.delivered_at ELSE excluded.delivered_at END,
           delivered_version = excluded.delivered_version,
           ready_at = CASE WHEN excluded.ready_version IS NULL OR board_delivery.ready_version IS NOT DISTINCT FROM excluded.ready_version THEN board_delivery.ready_at ELSE excluded.ready_at END,
           ready_version = COALESCE(excluded.ready_version, board_delivery.ready_version)
         WHERE ${readyOnly ? '' : 'board_delivery.delivered_version IS DISTINCT FROM excluded.delivered_version OR '}(excluded.ready_version IS NOT NULL AND board_delivery.ready_version IS DISTINCT FROM excluded.ready_version)`;
    const tuple = '(?, ?, CAST(? AS BIGINT), ?, CAST(? AS BIGINT))';
    const params = (r: (typeof rows)[number]) => [r.boardId, r.version, r.deliveredAt ?? r.readyAt, r.readyAt === null ? null : r.version, r.readyAt];
    await this.writeRows(rows.filter((r) => r.deliveredAt !== null), ROWS_PER_STATEMENT, upsert(false), tuple, params);
    await this.writeRows(rows.filter((r) => r.deliveredAt === null), ROWS_PER_STATEMENT, upsert(true), tuple, params);
    for (const a of oneByOne) await this.recordAck(a.boardId, a.state, a.version, a.at);
  }

  async recordAck(boardId: string, state: 'delivered' | 'ready', version: string, now: number): Promise<void> {
    await this.sql.run('INSERT INTO board_delivery (board_id) VALUES (?) ON CONFLICT(board_id) DO NOTHING', boardId);
    if (state === 'delivered') {
      await this.sql.run('UPDATE board_delivery SET delivered_version = ?, delivered_at = ? WHERE board_id = ? AND delivered_version IS DISTINCT FROM ?', version, now, boardId, version);
    } else {
      // A player can only be ready with a version it holds.
      await this.sql.run('UPDATE board_delivery SET ready_version = @v, ready_at = @now, delivered_at = CASE WHEN delivered_version IS NOT DISTINCT FROM @v THEN delivered_at ELSE @now END, delivered_version = @v WHERE board_id = @b AND ready_version IS DISTINCT FROM @v', { v: version, now, b: boardId });
    }
  }

  /** These boards' delivery states, in a few queries (a board never reported on has the empty one). */
  async deliveries(boardIds: readonly string[]): Promise<Map<string, DeliveryRow>> {
    const rows = await this.inChunks<DeliveryRow & { boardId: string }>(
      boardIds,
      (any) =>
        `SELECT board_id AS "boardId", delivered_version AS "deliveredVersion", delivered_at AS "deliveredAt", ready_version AS "readyVersion", ready_at AS "readyAt", playing_version AS "playingVersion", playing_at AS "playingAt", heartbeat FROM board_delivery WHERE ${any('board_id')}`,
    );
    const out = new Map(boardIds.map((id) => [id, EMPTY_DELIVERY]));
    for (const { boardId, ...row } of rows) out.set(boardId, row);
    return out;
  }

  /** Heartbeats of several boards (one each) at `now`: the version on screen and each player's report (JSON). */
  async recordHeartbeats(beats: readonly { boardId: string; version: string; report: string }[], now: number): Promise<void> {
    await this.ensureDeliveryRows(beats.map((b) => b.boardId));
    await this.writeRows(
      beats,
      ROWS_PER_STATEMENT,
      (values) => `UPDATE board_delivery SET playing_version = v.column2, playing_at = ?, heartbeat = v.column3 FROM (VALUES ${values}) AS v WHERE board_delivery.board_id = v.column1`,
      '(?, ?, ?)',
      (b) => [b.boardId, b.version, b.report],
      [now],
    );
  }

  /** A delivery row for each of these boards (kept if there is one). */
  private async ensureDeliveryRows(boardIds: readonly string[]): Promise<void> {
    await this.writeRows(boardIds, ROWS_PER_STATEMENT, (values) => `INSERT INTO board_delivery (board_id) VALUES ${values} ON CONFLICT(board_id) DO NOTHING`, '(?)', (id) => [id]);
  }
}
