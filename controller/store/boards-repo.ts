// Boards, their display schedule and default playlist, and what their players acknowledged.
import type { Board } from '../../playlists/board.ts';
import type { DisplaySchedule } from '../../playlists/schedule.ts';
import { Repo } from './repo.ts';

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

  /** Several boards with their display schedules, in a few queries. */
  async getMany(ids: readonly string[]): Promise<Map<string, BoardRow & { display: DisplaySchedule }>> {
    const rows = await this.inChunks<BoardRow & { display: string }>(ids, (ph) => `SELECT ${BOARD_COLUMNS}, display FROM boards WHERE id IN (${ph})`);
    return new Map(rows.map((r) => [r.id, { ...r, display: JSON.parse(r.display) as DisplaySchedule }]));
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

  async recordAck(boardId: string, state: 'delivered' | 'ready', version: string, now: number): Promise<void> {
    await this.sql.run('INSERT INTO board_delivery (board_id) VALUES (?) ON CONFLICT(board_id) DO NOTHING', boardId);
    if (state === 'delivered') {
      await this.sql.run('UPDATE board_delivery SET delivered_version = ?, delivered_at = ? WHERE board_id = ? AND delivered_version IS DISTINCT FROM ?', version, now, boardId, version);
    } else {
      // A player can only be ready with a version it holds.
      await this.sql.run('UPDATE board_delivery SET ready_version = @v, ready_at = @now, delivered_at = CASE WHEN delivered_version IS NOT DISTINCT FROM @v THEN delivered_at ELSE @now END, delivered_version = @v WHERE board_id = @b AND ready_version IS DISTINCT FROM @v', { v: version, now, b: boardId });
    }
  }

  /** A heartbeat: the version on screen and the player's report (JSON). */
  async recordHeartbeat(boardId: string, version: string, report: string, now: number): Promise<void> {
    await this.sql.run('INSERT INTO board_delivery (board_id) VALUES (?) ON CONFLICT(board_id) DO NOTHING', boardId);
    await this.sql.run('UPDATE board_delivery SET playing_version = ?, playing_at = ?, heartbeat = ? WHERE board_id = ?', version, now, report, boardId);
  }
}
