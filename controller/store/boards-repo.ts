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

const BOARD_COLUMNS = 'id, name, width, height, time_zone AS timeZone, pitch_mm AS pitchMm, default_playlist_id AS defaultPlaylistId';
const EMPTY_DELIVERY: DeliveryRow = { deliveredVersion: null, deliveredAt: null, readyVersion: null, readyAt: null, playingVersion: null, playingAt: null, heartbeat: null };

export class BoardsRepo extends Repo {
  async insert(board: Board, now: number): Promise<void> {
    this.q('INSERT INTO boards (id, name, width, height, time_zone, pitch_mm, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      board.id,
      board.name,
      board.width,
      board.height,
      board.timeZone,
      board.pitchMm,
      now,
    );
    this.keepName(board.id, board.name, board.timeZone);
  }

  async update(board: BoardRow): Promise<void> {
    this.q('UPDATE boards SET name = ?, width = ?, height = ?, time_zone = ?, pitch_mm = ?, default_playlist_id = ? WHERE id = ?').run(
      board.name,
      board.width,
      board.height,
      board.timeZone,
      board.pitchMm,
      board.defaultPlaylistId,
      board.id,
    );
    this.keepName(board.id, board.name, board.timeZone);
  }

  /** Reports name a board as it was last called, after it is deleted too. */
  private keepName(id: string, name: string, timeZone: string): void {
    this.q('INSERT INTO board_names (board_id, name, time_zone) VALUES (?, ?, ?) ON CONFLICT(board_id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone').run(id, name, timeZone);
  }

  /** Every board's last known name and time zone, deleted boards included. */
  async names(): Promise<Map<string, { name: string; timeZone: string }>> {
    const rows = this.q('SELECT board_id AS id, name, time_zone AS timeZone FROM board_names').all() as { id: string; name: string; timeZone: string }[];
    return new Map(rows.map((r) => [r.id, { name: r.name, timeZone: r.timeZone }]));
  }

  /** Removes a board; its devices, delivery state and manifest go with it (proof of play stays). */
  async delete(id: string): Promise<boolean> {
    return this.q('DELETE FROM boards WHERE id = ?').run(id).changes > 0;
  }

  /** Boards whose own default playlist this is. */
  async withDefaultPlaylist(playlistId: string): Promise<{ id: string; name: string }[]> {
    return this.q('SELECT id, name FROM boards WHERE default_playlist_id = ? ORDER BY name').all(playlistId) as { id: string; name: string }[];
  }

  async get(id: string): Promise<BoardRow | undefined> {
    return this.q(`SELECT ${BOARD_COLUMNS} FROM boards WHERE id = ?`).get(id) as BoardRow | undefined;
  }

  async list(): Promise<BoardRow[]> {
    return this.q(`SELECT ${BOARD_COLUMNS} FROM boards ORDER BY name, id`).all() as BoardRow[];
  }

  /** Several boards with their display schedules, in a few queries. */
  async getMany(ids: readonly string[]): Promise<Map<string, BoardRow & { display: DisplaySchedule }>> {
    const rows = this.inChunks<BoardRow & { display: string }>(ids, (ph) => `SELECT ${BOARD_COLUMNS}, display FROM boards WHERE id IN (${ph})`);
    return new Map(rows.map((r) => [r.id, { ...r, display: JSON.parse(r.display) as DisplaySchedule }]));
  }

  async ids(): Promise<string[]> {
    return this.q('SELECT id FROM boards ORDER BY id').pluck().all() as string[];
  }

  async display(id: string): Promise<DisplaySchedule> {
    const raw = this.q('SELECT display FROM boards WHERE id = ?').pluck().get(id) as string | undefined;
    return raw ? (JSON.parse(raw) as DisplaySchedule) : { brightness: [], powerOff: [] };
  }

  async setDisplay(id: string, display: DisplaySchedule): Promise<void> {
    this.q('UPDATE boards SET display = ? WHERE id = ?').run(JSON.stringify(display), id);
  }

  async delivery(boardId: string): Promise<DeliveryRow> {
    const row = this.q(
      'SELECT delivered_version AS deliveredVersion, delivered_at AS deliveredAt, ready_version AS readyVersion, ready_at AS readyAt, playing_version AS playingVersion, playing_at AS playingAt, heartbeat FROM board_delivery WHERE board_id = ?',
    ).get(boardId) as DeliveryRow | undefined;
    return row ?? EMPTY_DELIVERY;
  }

  async recordAck(boardId: string, state: 'delivered' | 'ready', version: string, now: number): Promise<void> {
    this.q('INSERT INTO board_delivery (board_id) VALUES (?) ON CONFLICT(board_id) DO NOTHING').run(boardId);
    if (state === 'delivered') {
      this.q('UPDATE board_delivery SET delivered_version = ?, delivered_at = ? WHERE board_id = ? AND delivered_version IS NOT ?').run(version, now, boardId, version);
    } else {
      // A player can only be ready with a version it holds.
      this.q(
        'UPDATE board_delivery SET ready_version = @v, ready_at = @now, delivered_at = CASE WHEN delivered_version IS @v THEN delivered_at ELSE @now END, delivered_version = @v WHERE board_id = @b AND ready_version IS NOT @v',
      ).run({ v: version, now, b: boardId });
    }
  }

  /** A heartbeat: the version on screen and the player's report (JSON). */
  async recordHeartbeat(boardId: string, version: string, report: string, now: number): Promise<void> {
    this.q('INSERT INTO board_delivery (board_id) VALUES (?) ON CONFLICT(board_id) DO NOTHING').run(boardId);
    this.q('UPDATE board_delivery SET playing_version = ?, playing_at = ?, heartbeat = ? WHERE board_id = ?').run(version, now, report, boardId);
  }
}
