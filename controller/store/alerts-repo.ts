// Alerts (an episode of trouble on a board), their deliveries per channel, the alert machine's
// saved state per board, and each board's own offline delay. Read in sets: the watch job looks at
// every board every few seconds with a handful of queries, not one per board.
import type { AlertKind } from '../../playlists/alert-machine.ts';
import { Repo } from './repo.ts';

export interface AlertWatchRow {
  id: string;
  name: string;
  timeZone: string;
  offlineAlertMinutes: number | null;
  lastHeartbeatAt: number | null;
  heartbeat: string | null;
  manifestVersion: string | null;
  manifestGeneratedAt: number | null;
}

export interface AlertRow {
  id: number;
  kind: AlertKind;
  boardId: string;
  boardName: string;
  timeZone: string;
  episode: string;
  since: number;
  openedAt: number;
  closedAt: number | null;
  detail: string;
  detailEn: string;
  closeDetail: string | null;
  closeDetailEn: string | null;
  data: string;
}

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryEvent = 'open' | 'close' | 'digest';

export interface DeliveryRow {
  id: number;
  alertId: number | null;
  event: DeliveryEvent;
  channel: DeliveryChannel;
  digestDay: string;
  createdAt: number;
  nextAttemptAt: number;
  attempts: number;
  lastAttemptAt: number | null;
  lastError: string | null;
  deliveredAt: number | null;
  abandonedAt: number | null;
}

export interface NewAlert {
  kind: AlertKind;
  boardId: string;
  boardName: string;
  timeZone: string;
  episode: string;
  since: number;
  openedAt: number;
  detail: string;
  detailEn: string;
  data: unknown;
}

const ALERT_COLUMNS =
  'id, kind, board_id AS "boardId", board_name AS "boardName", time_zone AS "timeZone", episode, since, opened_at AS "openedAt", closed_at AS "closedAt", detail, detail_en AS "detailEn", close_detail AS "closeDetail", close_detail_en AS "closeDetailEn", data';
const DELIVERY_COLUMNS =
  'id, alert_id AS "alertId", event, channel, digest_day AS "digestDay", created_at AS "createdAt", next_attempt_at AS "nextAttemptAt", attempts, last_attempt_at AS "lastAttemptAt", last_error AS "lastError", delivered_at AS "deliveredAt", abandoned_at AS "abandonedAt"';

export class AlertsRepo extends Repo {
  /** Every board with what the alert machine looks at: its delay, last heartbeat and current manifest's version. One query. */
  async watchRows(): Promise<AlertWatchRow[]> {
    return (await this.sql.all(`SELECT b.id, b.name, b.time_zone AS "timeZone", b.offline_alert_minutes AS "offlineAlertMinutes",
              d.playing_at AS "lastHeartbeatAt", d.heartbeat, m.version AS "manifestVersion", m.generated_at AS "manifestGeneratedAt"
         FROM boards b
         LEFT JOIN board_delivery d ON d.board_id = b.id
         LEFT JOIN manifests m ON m.board_id = b.id`,)) as AlertWatchRow[];
  }

  async machineStates(): Promise<Map<string, string>> {
    const rows = (await this.sql.all('SELECT board_id AS "boardId", state FROM alert_machine')) as { boardId: string; state: string }[];
    return new Map(rows.map((r) => [r.boardId, r.state]));
  }

  /** Several boards' machine states, a few hundred per statement (after a reconnect storm, every board's). */
  async saveMachineStates(states: readonly (readonly [boardId: string, state: string])[]): Promise<void> {
    await this.inRows(states, 300, (chunk) =>
      this.sql.run(`INSERT INTO alert_machine (board_id, state) VALUES ${chunk.map(() => '(?, ?)').join(', ')} ON CONFLICT(board_id) DO UPDATE SET state = excluded.state`, ...chunk.flat()),
    );
  }

  /** Opens an alert; null when this episode exists already (raised once only). */
  async open(a: NewAlert): Promise<number | null> {
    const row = (await this.sql.get(`INSERT INTO alerts (kind, board_id, board_name, time_zone, episode, since, opened_at, detail, detail_en, data)
       VALUES (@kind, @boardId, @boardName, @timeZone, @episode, @since, @openedAt, @detail, @detailEn, @data)
       ON CONFLICT(board_id, kind, episode) DO NOTHING RETURNING id`, { ...a, data: JSON.stringify(a.data ?? {}) })) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** Closes an open alert; returns its id, or null when it was not open. */
  async close(boardId: string, kind: AlertKind, episode: string, closedAt: number, detail: string, detailEn: string): Promise<number | null> {
    const row = (await this.sql.get('UPDATE alerts SET closed_at = ?, close_detail = ?, close_detail_en = ? WHERE board_id = ? AND kind = ? AND episode = ? AND closed_at IS NULL RETURNING id', closedAt, detail, detailEn, boardId, kind, episode)) as { id: number } | undefined;
    return row?.id ?? null;
  }

  async get(id: number): Promise<AlertRow | undefined> {
    return (await this.sql.get(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = ?`, id)) as AlertRow | undefined;
  }

  /** The open alerts of one board (or pseudo-board) and kind. */
  async openOf(boardId: string, kind: AlertKind): Promise<AlertRow[]> {
    return (await this.sql.all(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE board_id = ? AND kind = ? AND closed_at IS NULL`, boardId, kind)) as AlertRow[];
  }

  /** Every open alert (few: the boards in trouble now). */
  async openAlerts(): Promise<AlertRow[]> {
    return (await this.sql.all(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE closed_at IS NULL ORDER BY opened_at DESC, id DESC`)) as AlertRow[];
  }

  /** Newest first; `open` true: only open ones, false: only closed ones. */
  async list(f: { open?: boolean | undefined; boardId?: string | undefined; kind?: AlertKind | undefined; before?: number | undefined; limit: number }): Promise<AlertRow[]> {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: f.limit };
    if (f.open === true) where.push('closed_at IS NULL');
    if (f.open === false) where.push('closed_at IS NOT NULL');
    if (f.boardId) {
      where.push('board_id = @boardId');
      args.boardId = f.boardId;
    }
    if (f.kind) {
      where.push('kind = @kind');
      args.kind = f.kind;
    }
    if (f.before !== undefined) {
      where.push('id < @before');
      args.before = f.before;
    }
    return (await this.sql.all(`SELECT ${ALERT_COLUMNS} FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`, args)) as AlertRow[];
  }

  /** Alerts opened or closed in [from, to), and those still open at `to`: a digest's content. */
  async forDigest(from: number, to: number): Promise<AlertRow[]> {
    return (await this.sql.all(`SELECT ${ALERT_COLUMNS} FROM alerts
        WHERE (opened_at >= @from AND opened_at < @to) OR (closed_at >= @from AND closed_at < @to) OR (opened_at < @to AND closed_at IS NULL)
        ORDER BY opened_at, id`, { from, to })) as AlertRow[];
  }

  /** Queues a delivery (once per alert × event × channel, or per digest day × channel). */
  async enqueue(d: { alertId: number | null; event: DeliveryEvent; channel: DeliveryChannel; digestDay?: string; now: number }): Promise<boolean> {
    const inserted = await this.sql.run(
      `INSERT INTO alert_deliveries (alert_id, event, channel, digest_day, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      d.alertId,
      d.event,
      d.channel,
      d.digestDay ?? '',
      d.now,
      d.now,
    );
    return inserted.changes > 0;
  }

  /** Deliveries whose time has come, oldest first. */
  async due(now: number, limit: number): Promise<DeliveryRow[]> {
    return (await this.sql.all(`SELECT ${DELIVERY_COLUMNS} FROM alert_deliveries WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`, now, limit)) as DeliveryRow[];
  }

  /**
   * Takes a due delivery for an attempt, counted before it is made: should the process die while
   * sending, it is tried again after `retryAt`. False when it is no longer due (another process
   * took it meanwhile, or it was sent): two processes never send the same one at once.
   */
  async attempt(id: number, now: number, retryAt: number): Promise<boolean> {
    const taken = await this.sql.run(
      'UPDATE alert_deliveries SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ? WHERE id = ? AND delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= ?',
      now,
      retryAt,
      id,
      now,
    );
    return taken.changes === 1;
  }

  async delivered(id: number, now: number): Promise<void> {
    await this.sql.run('UPDATE alert_deliveries SET delivered_at = ?, last_error = NULL WHERE id = ?', now, id);
  }

  async failed(id: number, error: string, nextAttemptAt: number): Promise<void> {
    await this.sql.run('UPDATE alert_deliveries SET last_error = ?, next_attempt_at = ? WHERE id = ?', error.slice(0, 1000), nextAttemptAt, id);
  }

  async abandon(id: number, error: string, now: number): Promise<void> {
    await this.sql.run('UPDATE alert_deliveries SET last_error = ?, abandoned_at = ? WHERE id = ?', error.slice(0, 1000), now, id);
  }

  /** The deliveries of these alerts, in one query. */
  async deliveriesOf(alertIds: number[]): Promise<DeliveryRow[]> {
    if (!alertIds.length) return [];
    const rows = await this.inChunks<DeliveryRow, number>(alertIds, (any) => `SELECT ${DELIVERY_COLUMNS} FROM alert_deliveries WHERE ${any('alert_id')}`);
    return rows.sort((a, b) => a.id - b.id);
  }

  /** Sets a board's own offline delay (null: the default); false when there is no such board. */
  async setOfflineDelay(boardId: string, minutes: number | null): Promise<boolean> {
    return (await this.sql.run('UPDATE boards SET offline_alert_minutes = ? WHERE id = ?', minutes, boardId)).changes > 0;
  }

  async offlineDelay(boardId: string): Promise<{ name: string; minutes: number | null } | undefined> {
    return (await this.sql.get('SELECT name, offline_alert_minutes AS minutes FROM boards WHERE id = ?', boardId)) as { name: string; minutes: number | null } | undefined;
  }

  /** Every board with its own delay (null: the default). */
  async offlineDelays(): Promise<{ boardId: string; boardName: string; minutes: number | null }[]> {
    return (await this.sql.all('SELECT id AS "boardId", name AS "boardName", offline_alert_minutes AS minutes FROM boards ORDER BY name, id')) as { boardId: string; boardName: string; minutes: number | null }[];
  }
}
