// Boards, and the delivery state their players acknowledged.
import type { Board } from '../../playlists/board.ts';
import type { Db } from './database.ts';

export interface DeliveryRow {
  deliveredVersion: string | null;
  deliveredAt: number | null;
  readyVersion: string | null;
  readyAt: number | null;
}

const BOARD_COLUMNS = 'id, name, width, height, time_zone AS timeZone, pitch_mm AS pitchMm';

export class BoardsRepo {
  constructor(private readonly db: Db) {}

  insert(board: Board, now: number): void {
    this.db
      .prepare('INSERT INTO boards (id, name, width, height, time_zone, pitch_mm, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(board.id, board.name, board.width, board.height, board.timeZone, board.pitchMm, now);
  }

  get(id: string): Board | undefined {
    return this.db.prepare(`SELECT ${BOARD_COLUMNS} FROM boards WHERE id = ?`).get(id) as Board | undefined;
  }

  list(): Board[] {
    return this.db.prepare(`SELECT ${BOARD_COLUMNS} FROM boards ORDER BY name`).all() as Board[];
  }

  delivery(boardId: string): DeliveryRow {
    const row = this.db
      .prepare('SELECT delivered_version AS deliveredVersion, delivered_at AS deliveredAt, ready_version AS readyVersion, ready_at AS readyAt FROM board_delivery WHERE board_id = ?')
      .get(boardId) as DeliveryRow | undefined;
    return row ?? { deliveredVersion: null, deliveredAt: null, readyVersion: null, readyAt: null };
  }

  recordAck(boardId: string, state: 'delivered' | 'ready', version: string, now: number): void {
    this.db.prepare('INSERT INTO board_delivery (board_id) VALUES (?) ON CONFLICT(board_id) DO NOTHING').run(boardId);
    if (state === 'delivered') {
      this.db.prepare('UPDATE board_delivery SET delivered_version = ?, delivered_at = ? WHERE board_id = ?').run(version, now, boardId);
    } else {
      // A player can only be ready with a version it holds.
      this.db
        .prepare('UPDATE board_delivery SET ready_version = ?, ready_at = ?, delivered_version = ?, delivered_at = COALESCE(CASE WHEN delivered_version = ? THEN delivered_at END, ?) WHERE board_id = ?')
        .run(version, now, version, version, now, boardId);
    }
  }
}
