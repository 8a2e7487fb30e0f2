// Emergencies and blackouts: admin overrides that persist across restarts until they expire or
// are cleared.
import type { Override, OverrideTargets } from '../../playlists/schedule.ts';
import { Repo } from './repo.ts';

interface Row {
  id: string;
  kind: 'emergency' | 'blackout';
  targets: string;
  playlistId: string | null;
  startsAt: number;
  expiresAt: number | null;
  clearedAt: number | null;
  reason: string | null;
  createdBy: string;
  clearedBy: string | null;
}

const COLUMNS = 'id, kind, targets, playlist_id AS "playlistId", starts_at AS "startsAt", expires_at AS "expiresAt", cleared_at AS "clearedAt", reason, created_by AS "createdBy", cleared_by AS "clearedBy"';
const toOverride = (r: Row): Override => ({ ...r, targets: JSON.parse(r.targets) as OverrideTargets });

export class OverridesRepo extends Repo {
  async insert(o: Override): Promise<void> {
    await this.sql.run('INSERT INTO overrides (id, kind, targets, playlist_id, starts_at, expires_at, cleared_at, reason, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', o.id,
      o.kind,
      JSON.stringify(o.targets),
      o.playlistId,
      o.startsAt,
      o.expiresAt,
      o.clearedAt,
      o.reason,
      o.createdBy,);
  }

  async get(id: string): Promise<Override | undefined> {
    const row = (await this.sql.get(`SELECT ${COLUMNS} FROM overrides WHERE id = ?`, id)) as Row | undefined;
    return row ? toOverride(row) : undefined;
  }

  /** Not cleared and not expired at `now` (or starting later). */
  async live(now: number): Promise<Override[]> {
    return ((await this.sql.all(`SELECT ${COLUMNS} FROM overrides WHERE cleared_at IS NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY starts_at, id`, now)) as Row[]).map(toOverride);
  }

  async list(kind: 'emergency' | 'blackout', limit = 200): Promise<Override[]> {
    return ((await this.sql.all(`SELECT ${COLUMNS} FROM overrides WHERE kind = ? ORDER BY starts_at DESC LIMIT ?`, kind, limit)) as Row[]).map(toOverride);
  }

  async clear(id: string, now: number, by: string): Promise<boolean> {
    return (await this.sql.run('UPDATE overrides SET cleared_at = ?, cleared_by = ? WHERE id = ? AND cleared_at IS NULL', now, by, id)).changes > 0;
  }

  /** Expired, not cleared: the expire job closes them (sets cleared_at to their expiry). */
  async expiredOpen(now: number): Promise<Override[]> {
    return ((await this.sql.all(`SELECT ${COLUMNS} FROM overrides WHERE cleared_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ?`, now)) as Row[]).map(toOverride);
  }

  async closeAtExpiry(id: string): Promise<boolean> {
    return (await this.sql.run("UPDATE overrides SET cleared_at = expires_at, cleared_by = 'expiry' WHERE id = ? AND cleared_at IS NULL", id)).changes > 0;
  }

  async pruneEndedBefore(before: number): Promise<number> {
    return (await this.sql.run('DELETE FROM overrides WHERE cleared_at IS NOT NULL AND cleared_at < ?', before)).changes;
  }
}
