// Paired player devices and one-time pairing grants. Secrets are stored as sha256 hashes only.
import { Repo } from './repo.ts';

export interface DeviceRow {
  id: string;
  boardId: string;
  pairedBy: string;
  createdAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
}

const DEVICE_COLUMNS = 'id, board_id AS "boardId", paired_by AS "pairedBy", created_at AS "createdAt", revoked_at AS "revokedAt", last_seen_at AS "lastSeenAt"';

export class DevicesRepo extends Repo {
  async insert(d: { id: string; boardId: string; tokenHash: string; pairedBy: string }, now: number): Promise<void> {
    await this.sql.run('INSERT INTO devices (id, board_id, token_hash, paired_by, created_at) VALUES (?, ?, ?, ?, ?)', d.id, d.boardId, d.tokenHash, d.pairedBy, now);
  }

  /** The active devices holding these tokens (a reconnect storm's handshakes, read together), by token hash. */
  async byTokenHashes(tokenHashes: readonly string[]): Promise<Map<string, DeviceRow>> {
    const rows = await this.inChunks<DeviceRow & { tokenHash: string }>([...new Set(tokenHashes)], (any) => `SELECT token_hash AS "tokenHash", ${DEVICE_COLUMNS} FROM devices WHERE ${any('token_hash')} AND revoked_at IS NULL`);
    return new Map(rows.map(({ tokenHash, ...device }) => [tokenHash, device]));
  }

  async get(id: string): Promise<DeviceRow | undefined> {
    return (await this.sql.get(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = ?`, id)) as DeviceRow | undefined;
  }

  async listForBoard(boardId: string): Promise<DeviceRow[]> {
    return (await this.sql.all(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE board_id = ? ORDER BY created_at`, boardId)) as DeviceRow[];
  }

  async activeIdsForBoard(boardId: string): Promise<string[]> {
    return (await this.sql.column('SELECT id FROM devices WHERE board_id = ? AND revoked_at IS NULL', boardId)) as string[];
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return (await this.sql.run('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', now, id)).changes > 0;
  }

  async touchMany(ids: readonly string[], now: number): Promise<void> {
    await this.inRows(ids, 500, (chunk) => this.sql.run(`UPDATE devices SET last_seen_at = ? WHERE id IN (${chunk.map(() => '?').join(', ')})`, now, ...chunk));
  }

  async insertGrant(grantHash: string, boardId: string, now: number, expiresAt: number): Promise<void> {
    await this.sql.run('INSERT INTO grants (grant_hash, board_id, created_at, expires_at) VALUES (?, ?, ?, ?)', grantHash, boardId, now, expiresAt);
  }

  /** Removes grants used or expired before the given instant; returns how many. */
  async pruneGrants(before: number): Promise<number> {
    return (await this.sql.run('DELETE FROM grants WHERE expires_at <= ? OR used_at <= ?', before, before)).changes;
  }

  /** Marks an unused, unexpired grant used and returns its board; undefined if it cannot be used. */
  async consumeGrant(grantHash: string, now: number): Promise<string | undefined> {
    const row = (await this.sql.get('UPDATE grants SET used_at = ? WHERE grant_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING board_id AS "boardId"', now, grantHash, now)) as { boardId: string } | undefined;
    return row?.boardId;
  }

  /** Codes shown by waiting players that have not expired, in all and from one address (unauthenticated sockets ask for them: both are capped). */
  async pendingCodes(address: string, now: number): Promise<{ all: number; fromAddress: number }> {
    return (await this.sql.get('SELECT COUNT(*) AS "all", COALESCE(SUM(CASE WHEN address = ? THEN 1 ELSE 0 END), 0) AS "fromAddress" FROM pairing_codes WHERE expires_at > ?', address, now)) as { all: number; fromAddress: number };
  }

  /** False when the code is taken already (a new one is drawn). */
  async insertCode(code: string, address: string, now: number, expiresAt: number): Promise<boolean> {
    return (await this.sql.run('INSERT INTO pairing_codes (code, address, created_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING', code, address, now, expiresAt)).changes === 1;
  }

  /** Takes a code that has not expired: true once, for the one approval that gets it. */
  async takeCode(code: string, now: number): Promise<boolean> {
    return (await this.sql.run('DELETE FROM pairing_codes WHERE code = ? AND expires_at > ?', code, now)).changes === 1;
  }

  async deleteCode(code: string): Promise<void> {
    await this.sql.run('DELETE FROM pairing_codes WHERE code = ?', code);
  }

  async deleteExpiredCodes(now: number): Promise<number> {
    return (await this.sql.run('DELETE FROM pairing_codes WHERE expires_at <= ?', now)).changes;
  }
}
