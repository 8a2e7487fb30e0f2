// Users, their roles and second factor, and their sign-in tokens (web sessions and API tokens),
// stored as sha256 hashes only.
import type { Duty, Role } from '../../playlists/permissions.ts';
import { Repo } from './repo.ts';

export interface UserRow {
  id: number;
  username: string;
  passwordHash: string;
  roles: Role[];
  duties: Duty[];
  createdAt: number;
  disabledAt: number | null;
  mustChangePassword: boolean;
  passwordChangedAt: number | null;
  totpSecret: string | null;
  totpEnabledAt: number | null;
  totpLastStep: number | null;
}

export interface TokenRow {
  tokenHash: string;
  userId: number;
  kind: 'session' | 'api';
  label: string | null;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  ip: string | null;
  userAgent: string | null;
}

interface RawUser extends Omit<UserRow, 'roles' | 'duties' | 'mustChangePassword'> {
  roles: string | null;
  duties: string;
  mustChangePassword: number;
}

const USER_COLUMNS = `u.id, u.username, u.password_hash AS "passwordHash", u.created_at AS "createdAt", u.duties, u.disabled_at AS "disabledAt",
  u.must_change_password AS "mustChangePassword", u.password_changed_at AS "passwordChangedAt", u.totp_secret AS "totpSecret",
  u.totp_enabled_at AS "totpEnabledAt", u.totp_last_step AS "totpLastStep",
  (SELECT string_agg(role, ',') FROM user_roles r WHERE r.user_id = u.id) AS roles`;
const TOKEN_COLUMNS = 'token_hash AS "tokenHash", user_id AS "userId", kind, label, created_at AS "createdAt", expires_at AS "expiresAt", last_used_at AS "lastUsedAt", ip, user_agent AS "userAgent"';

const ROLE_ORDER: Role[] = ['admin', 'editor', 'approver', 'operator', 'viewer'];
const toUser = (r: RawUser): UserRow => ({
  ...r,
  roles: (r.roles ? (r.roles.split(',') as Role[]) : []).sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b)),
  duties: JSON.parse(r.duties) as Duty[],
  mustChangePassword: r.mustChangePassword === 1,
});

export class UsersRepo extends Repo {
  async count(): Promise<number> {
    return (await this.sql.value('SELECT COUNT(*) FROM users')) as number;
  }

  async insert(u: { username: string; passwordHash: string; roles: Role[]; duties: Duty[]; mustChangePassword: boolean }, now: number): Promise<number> {
    const r = await this.sql.get<{ id: number }>(
      'INSERT INTO users (username, password_hash, created_at, duties, must_change_password, password_changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      u.username,
      u.passwordHash,
      now,
      JSON.stringify(u.duties),
      u.mustChangePassword ? 1 : 0,
      now,
    );
    const id = Number(r!.id);
    await this.writeRoles(id, u.roles);
    return id;
  }

  async byUsername(username: string): Promise<UserRow | undefined> {
    const r = (await this.sql.get(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username = ?`, username)) as RawUser | undefined;
    return r ? toUser(r) : undefined;
  }

  async byId(id: number): Promise<UserRow | undefined> {
    const r = (await this.sql.get(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`, id)) as RawUser | undefined;
    return r ? toUser(r) : undefined;
  }

  async list(): Promise<UserRow[]> {
    return ((await this.sql.all(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.username`)) as RawUser[]).map(toUser);
  }

  async setRoles(userId: number, roles: Role[]): Promise<void> {
    await this.writeRoles(userId, roles);
  }

  private async writeRoles(userId: number, roles: Role[]): Promise<void> {
    await this.sql.run('DELETE FROM user_roles WHERE user_id = ?', userId);
    for (const role of new Set(roles)) await this.sql.run('INSERT INTO user_roles (user_id, role) VALUES (?, ?)', userId, role);
  }

  async setDuties(userId: number, duties: Duty[]): Promise<void> {
    await this.sql.run('UPDATE users SET duties = ? WHERE id = ?', JSON.stringify([...new Set(duties)].sort()), userId);
  }

  async setDisabled(userId: number, at: number | null): Promise<void> {
    await this.sql.run('UPDATE users SET disabled_at = ? WHERE id = ?', at, userId);
  }

  async setPassword(userId: number, passwordHash: string, mustChange: boolean, now: number): Promise<void> {
    await this.sql.run('UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ? WHERE id = ?', passwordHash, mustChange ? 1 : 0, now, userId);
  }

  async setTotp(userId: number, t: { secret: string | null; enabledAt: number | null; lastStep: number | null }): Promise<void> {
    await this.sql.run('UPDATE users SET totp_secret = ?, totp_enabled_at = ?, totp_last_step = ? WHERE id = ?', t.secret, t.enabledAt, t.lastStep, userId);
  }

  /** Records the TOTP time step just used, unless it (or a later one) was used already: no replay. */
  async useTotpStep(userId: number, step: number): Promise<boolean> {
    return (await this.sql.run('UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)', step, userId, step)).changes > 0;
  }

  async replaceRecoveryCodes(userId: number, codeHashes: string[]): Promise<void> {
    await this.sql.run('DELETE FROM recovery_codes WHERE user_id = ?', userId);
    for (const h of codeHashes) await this.sql.run('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)', userId, h);
  }

  /** Marks an unused recovery code used; false if it is unknown or spent. */
  async useRecoveryCode(userId: number, codeHash: string, now: number): Promise<boolean> {
    return (await this.sql.run('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL', now, userId, codeHash)).changes > 0;
  }

  async recoveryCodesLeft(userId: number): Promise<number> {
    return (await this.sql.value('SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL', userId)) as number;
  }

  async insertToken(t: { tokenHash: string; userId: number; kind: 'session' | 'api'; label: string | null; expiresAt: number | null; ip: string | null; userAgent: string | null }, now: number): Promise<void> {
    await this.sql.run('INSERT INTO auth_tokens (token_hash, user_id, kind, label, created_at, expires_at, last_used_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', t.tokenHash,
      t.userId,
      t.kind,
      t.label,
      now,
      t.expiresAt,
      now,
      t.ip,
      t.userAgent,);
  }

  async token(tokenHash: string): Promise<TokenRow | undefined> {
    return (await this.sql.get(`SELECT ${TOKEN_COLUMNS} FROM auth_tokens WHERE token_hash = ?`, tokenHash)) as TokenRow | undefined;
  }

  async tokensOf(userId: number): Promise<TokenRow[]> {
    return (await this.sql.all(`SELECT ${TOKEN_COLUMNS} FROM auth_tokens WHERE user_id = ? ORDER BY created_at DESC`, userId)) as TokenRow[];
  }

  async touchToken(tokenHash: string, now: number): Promise<void> {
    await this.sql.run('UPDATE auth_tokens SET last_used_at = ? WHERE token_hash = ?', now, tokenHash);
  }

  async deleteToken(tokenHash: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM auth_tokens WHERE token_hash = ?', tokenHash)).changes > 0;
  }

  /** Ends a user's sessions (and API tokens too, when kinds includes 'api'); returns the hashes removed. */
  async deleteTokensOf(userId: number, kinds: ('session' | 'api')[]): Promise<string[]> {
    const hashes = ((await this.sql.all('SELECT token_hash, kind FROM auth_tokens WHERE user_id = ?', userId)) as { token_hash: string; kind: 'session' | 'api' }[])
      .filter((t) => kinds.includes(t.kind))
      .map((t) => t.token_hash);
    for (const h of hashes) await this.sql.run('DELETE FROM auth_tokens WHERE token_hash = ?', h);
    return hashes;
  }

  /** Removes sessions past their absolute lifetime or idle for longer than idleMs; returns how many. */
  async pruneExpiredTokens(now: number, idleMs: number): Promise<number> {
    return (await this.sql.run("DELETE FROM auth_tokens WHERE (expires_at IS NOT NULL AND expires_at <= ?) OR (kind = 'session' AND last_used_at <= ?)", now, now - idleMs)).changes;
  }

  /** Until when an account's sign-in is paused after failures (0: not paused). */
  async signInPausedUntil(username: string): Promise<number> {
    return ((await this.sql.value('SELECT paused_until FROM sign_in_failures WHERE username = ?', username)) as number | undefined) ?? 0;
  }

  /**
   * Counts one more failed sign-in and sets the pause the count calls for (pauseFor(failures) ms);
   * failures older than forgetAfterMs are forgotten first. Atomic: two processes answering two
   * guesses at once count two.
   */
  async recordSignInFailure(username: string, now: number, forgetAfterMs: number, pauseFor: (failures: number) => number): Promise<number> {
    const failures = (await this.sql.value('INSERT INTO sign_in_failures (username, failures, paused_until, updated_at) VALUES (?, 1, 0, ?) ' +
        'ON CONFLICT (username) DO UPDATE SET failures = CASE WHEN sign_in_failures.updated_at < ? THEN 1 ELSE sign_in_failures.failures + 1 END, updated_at = excluded.updated_at RETURNING failures', username, now, now - forgetAfterMs)) as number;
    const pause = pauseFor(failures);
    if (pause > 0) await this.sql.run('UPDATE sign_in_failures SET paused_until = ? WHERE username = ?', now + pause, username);
    return failures;
  }

  async clearSignInFailures(username: string): Promise<void> {
    await this.sql.run('DELETE FROM sign_in_failures WHERE username = ?', username);
  }
}
