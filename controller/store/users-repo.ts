// Users and their sign-in tokens (web sessions and API tokens), stored as sha256 hashes only.
import { Repo } from './repo.ts';

export type Role = 'admin' | 'editor' | 'operator';
export interface UserRow {
  id: number;
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: number;
}
export interface TokenOwner {
  userId: number;
  username: string;
  role: Role;
  kind: 'session' | 'api';
}

export class UsersRepo extends Repo {
  count(): number {
    return this.q('SELECT COUNT(*) FROM users').pluck().get() as number;
  }

  insert(username: string, passwordHash: string, role: Role, now: number): number {
    const r = this.q('INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)').run(username, passwordHash, role, now);
    return Number(r.lastInsertRowid);
  }

  byUsername(username: string): UserRow | undefined {
    return this.q('SELECT id, username, password_hash AS passwordHash, role, created_at AS createdAt FROM users WHERE username = ?')
      .get(username) as UserRow | undefined;
  }

  setPassword(userId: number, passwordHash: string): void {
    this.q('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
    // A new password ends every existing session of that user.
    this.q("DELETE FROM auth_tokens WHERE user_id = ? AND kind = 'session'").run(userId);
  }

  insertToken(tokenHash: string, userId: number, kind: 'session' | 'api', label: string | null, now: number, expiresAt: number | null): void {
    this.q('INSERT INTO auth_tokens (token_hash, user_id, kind, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(tokenHash, userId, kind, label, now, expiresAt);
  }

  tokenOwner(tokenHash: string, now: number): TokenOwner | undefined {
    return this.q(
        `SELECT u.id AS userId, u.username, u.role, t.kind
           FROM auth_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?)`,
      )
      .get(tokenHash, now) as TokenOwner | undefined;
  }

  /** Removes sessions that have expired; returns how many. */
  pruneExpiredTokens(now: number): number {
    return this.q('DELETE FROM auth_tokens WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now).changes;
  }

  deleteToken(tokenHash: string): void {
    this.q('DELETE FROM auth_tokens WHERE token_hash = ?').run(tokenHash);
  }
}
