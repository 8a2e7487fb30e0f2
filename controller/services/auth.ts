// Signing in and one's own account: argon2id password hashes, web sessions (cookie) with an idle
// timeout and an absolute lifetime, API tokens (bearer), an optional TOTP second factor with
// recovery codes. Sign-ins, failed sign-ins and every account change pass the door (audited).
import { hash, verify } from '@node-rs/argon2';
import { generate as generateTotp, generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';
import { ACTIONS, allowed } from '../../playlists/permissions.ts';
import type { Action, Duty, Role } from '../../playlists/permissions.ts';
import { AppError, BadRequest, Forbidden, NotFound, Unauthorized } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { TokenRow, UserRow } from '../store/users-repo.ts';
import type { Actor } from './actor.ts';
import type { Door } from './door.ts';
import type { Events } from './events.ts';
import { hashSecret, newRecoveryCode, newSecret } from './secrets.ts';
import { iso } from '../../playlists/api/common.ts';

export const SESSION_COOKIE = 'ledgate_session';
export const DEFAULT_SESSION_IDLE_MS = 60 * 60 * 1000;
export const DEFAULT_SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** A session's last use is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;
// Argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB, 2 passes.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const RECOVERY_CODES = 10;
const TOTP_ISSUER = 'LEDGate';
/** Verified against when the user does not exist, so a wrong name costs the same time. */
let dummyHash: Promise<string> | undefined;

export const hashPassword = (password: string) => hash(password, ARGON2);

export function checkPasswordRules(password: string, username: string): void {
  if (password.length < 12) throw new BadRequest({ vi: 'Mật khẩu cần ít nhất 12 ký tự.', en: 'A password needs at least 12 characters.' }, { path: 'password' });
  if (password.length > 500) throw new BadRequest({ vi: 'Mật khẩu dài tối đa 500 ký tự.', en: 'A password is at most 500 characters.' }, { path: 'password' });
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw new BadRequest({ vi: 'Mật khẩu không được chứa tên đăng nhập.', en: 'A password may not contain the username.' }, { path: 'password' });
  }
}

export interface SessionInfo {
  tokenHash: string;
  kind: 'session' | 'api';
  /** The user must choose a new password before doing anything else. */
  mustChangePassword: boolean;
  /** When this session ends at the latest (its absolute lifetime or its idle timeout). */
  endsAt: number | null;
}

export interface SignedIn {
  token: string;
  expiresAt: number;
  user: { username: string; roles: Role[]; mustChangePassword: boolean };
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** A session or token as its owner sees it: never the secret, only a short public id. */
export interface TokenView {
  id: string;
  kind: 'session' | 'api';
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export const publicTokenId = (tokenHash: string) => tokenHash.slice(0, 16);

/**
 * Failed sign-ins per account: five are free, then each failure pauses the account's sign-in for
 * 30 s, doubling up to 15 minutes; a success clears it, and a day without failures forgets them.
 * Kept in the database: several controller processes count one account's failures together.
 */
const FREE_FAILURES = 5;
const FIRST_PAUSE_MS = 30_000;
const MAX_PAUSE_MS = 15 * 60_000;
const FORGET_FAILURES_MS = 24 * 3_600_000;
export const pauseAfter = (failures: number): number => (failures < FREE_FAILURES ? 0 : Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (failures - FREE_FAILURES)));

export class AuthService {
  constructor(
    private readonly store: Pick<Store, 'users'>,
    private readonly door: Door,
    private readonly events: Events,
    private readonly now: () => number,
    private readonly lifetimes: { sessionIdleMs: number; sessionMaxMs: number } = { sessionIdleMs: DEFAULT_SESSION_IDLE_MS, sessionMaxMs: DEFAULT_SESSION_MAX_MS },
  ) {}

  get sessionMaxMs(): number {
    return this.lifetimes.sessionMaxMs;
  }

  /**
   * Checks a password (and the second factor when the account has one) and opens a new session.
   * A session the browser still carried is ended: every sign-in gets a fresh token.
   */
  async login(input: { username: string; password: string; totp?: string | undefined }, meta: RequestMeta & { previousToken?: string | undefined }): Promise<SignedIn> {
    const user = await this.store.users.byUsername(input.username);
    // Guessing one account from many addresses is slowed per account: after a few failures it
    // waits, longer each time — and says until when. (Per address, the route's rate limit.)
    const waitMs = user ? Math.max(0, (await this.store.users.signInPausedUntil(user.username)) - this.now()) : 0;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError(
        429,
        'rate_limited',
        { vi: `Đã nhập sai nhiều lần: tài khoản này tạm dừng đăng nhập, hãy thử lại sau ${seconds} giây.`, en: `Too many failed sign-ins: this account is paused, try again in ${seconds} s.` },
        { retryAfterSeconds: seconds },
      );
    }
    dummyHash ??= hashPassword('not a real password');
    const ok = await verify(user?.passwordHash ?? (await dummyHash), input.password);
    const fail = async (reason: string, error: AppError): Promise<never> => {
      if (user) await this.store.users.recordSignInFailure(user.username, this.now(), FORGET_FAILURES_MS, pauseAfter);
      // What was typed as a name is kept only when it names an account: a password typed into the
      // name field must not stay in the permanent record.
      await this.door.record({ kind: 'anonymous', name: user ? user.username : '(unknown account)', ip: meta.ip }, 'auth.login.failed', user ? { kind: 'user', id: user.username } : null, { reason });
      throw error;
    };
    if (!user || !ok) await fail('wrong username or password', new Unauthorized({ vi: 'Sai tên đăng nhập hoặc mật khẩu.', en: 'Wrong username or password.' }));
    const u = user!;
    if (u.disabledAt !== null) await fail('account disabled', new Forbidden({ vi: 'Tài khoản này đã bị khoá. Hãy liên hệ quản trị viên.', en: 'This account is disabled. Ask an admin.' }));
    if (u.totpEnabledAt !== null) {
      if (!input.totp) throw new AppError(401, 'totp_required', { vi: 'Nhập mã 6 số từ ứng dụng xác thực (hoặc một mã khôi phục).', en: 'Enter the 6-digit code from your authenticator app (or a recovery code).' });
      if (!(await this.checkSecondFactor(u, input.totp))) {
        await fail('wrong second factor', new AppError(401, 'totp_invalid', { vi: 'Mã xác thực không đúng hoặc đã dùng. Hãy nhập mã mới đang hiện trong ứng dụng.', en: 'The code is wrong or was used already. Enter the current code from your app.' }));
      }
    }
    await this.store.users.clearSignInFailures(u.username);
    const token = newSecret('lgs');
    const now = this.now();
    const expiresAt = now + this.lifetimes.sessionMaxMs;
    const actor = this.actorOf(u, meta.ip, hashSecret(token));
    const ended = await this.door.pass(actor, null, async (tx) => {
      const previous = meta.previousToken ? await tx.users.token(hashSecret(meta.previousToken)) : undefined;
      const endedHashes = previous?.kind === 'session' && await tx.users.deleteToken(previous.tokenHash) ? [previous.tokenHash] : [];
      await tx.users.insertToken({ tokenHash: hashSecret(token), userId: u.id, kind: 'session', label: null, expiresAt, ip: meta.ip, userAgent: meta.userAgent }, now);
      return { action: 'auth.login', target: { kind: 'user', id: u.username }, after: { session: publicTokenId(hashSecret(token)), userAgent: meta.userAgent }, result: endedHashes };
    });
    if (ended.length) this.events.emit('tokens-ended', ended);
    return { token, expiresAt, user: { username: u.username, roles: u.roles, mustChangePassword: u.mustChangePassword } };
  }

  /** Ends the session this token opened. API tokens are ended from the account's token list instead. */
  async logout(token: string, ip: string | null): Promise<void> {
    const signedIn = await this.authenticate(token, { ip, userAgent: null });
    if (!signedIn) return;
    if (signedIn.session.kind !== 'session') {
      throw new BadRequest({
        vi: 'Đây là API token, không phải phiên đăng nhập: đăng xuất không xoá nó. Muốn thu hồi, hãy xoá token trong danh sách phiên của tài khoản (DELETE /api/me/sessions/<id>).',
        en: 'This is an API token, not a sign-in session: signing out does not delete it. To revoke it, end it from the account\'s session list (DELETE /api/me/sessions/<id>).',
      });
    }
    await this.endTokens(signedIn.actor, signedIn.actor.kind === 'user' ? signedIn.actor.userId : 0, [signedIn.session.tokenHash], 'auth.logout');
  }

  /** The actor behind a session or API token, if it is still valid; refreshes the idle timer. */
  async authenticate(token: string, meta: RequestMeta): Promise<{ actor: Actor & { kind: 'user' }; session: SessionInfo } | undefined> {
    if (token.length < 10 || token.length > 200) return undefined;
    const tokenHash = hashSecret(token);
    const row = await this.store.users.token(tokenHash);
    if (!row) return undefined;
    const now = this.now();
    const endsAt = this.endOf(row);
    if (endsAt !== null && endsAt <= now) return undefined;
    const user = await this.store.users.byId(row.userId);
    if (!user || user.disabledAt !== null) return undefined;
    // Written at most every minute (a quarter of the idle timeout when that is shorter), so a busy
    // session's idle timer never runs out between two writes.
    const touch = row.lastUsedAt === null || now - row.lastUsedAt >= Math.min(TOUCH_EVERY_MS, this.lifetimes.sessionIdleMs / 4);
    if (touch) await this.store.users.touchToken(tokenHash, now);
    return {
      actor: this.actorOf(user, meta.ip, tokenHash),
      // What is stored decides when the session ends, so that is what is told.
      session: { tokenHash, kind: row.kind, mustChangePassword: user.mustChangePassword, endsAt: this.endOf(touch ? { ...row, lastUsedAt: now } : row) },
    };
  }

  /** Whether a session or token (by hash) is still valid: sockets opened with it are checked against this. */
  async stillValid(tokenHash: string): Promise<boolean> {
    const row = await this.store.users.token(tokenHash);
    if (!row) return false;
    const endsAt = this.endOf(row);
    if (endsAt !== null && endsAt <= this.now()) return false;
    const user = await this.store.users.byId(row.userId);
    return !!user && user.disabledAt === null;
  }

  /** Who I am and what I may do (the web app shows only what a user may do). */
  async me(actor: Actor): Promise<{ username: string; roles: Role[]; duties: Duty[]; permissions: Action[]; mustChangePassword: boolean; totpEnabled: boolean; recoveryCodesLeft: number }> {
    const user = await this.userOf(actor);
    return {
      username: user.username,
      roles: user.roles,
      duties: user.duties,
      permissions: ACTIONS.filter((a) => allowed(user.roles, user.duties, a)),
      mustChangePassword: user.mustChangePassword,
      totpEnabled: user.totpEnabledAt !== null,
      recoveryCodesLeft: user.totpEnabledAt !== null ? await this.store.users.recoveryCodesLeft(user.id) : 0,
    };
  }

  /**
   * The user changes their own password. Every session and API token of theirs ends (a changed
   * password is often a suspected leak); a person signed in by session gets a fresh one back.
   */
  async changePassword(actor: Actor, current: string, next: string, meta: RequestMeta): Promise<{ token: string; expiresAt: number } | null> {
    const user = await this.userOf(actor);
    if (!(await verify(user.passwordHash, current))) {
      throw new BadRequest({ vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' }, { path: 'currentPassword' });
    }
    checkPasswordRules(next, user.username);
    if (await verify(user.passwordHash, next)) throw new BadRequest({ vi: 'Mật khẩu mới phải khác mật khẩu cũ.', en: 'The new password must differ from the old one.' }, { path: 'newPassword' });
    const passwordHash = await hashPassword(next);
    const bySession = actor.kind === 'user' && actor.tokenHash !== null && (await this.store.users.token(actor.tokenHash))?.kind === 'session';
    const token = bySession ? newSecret('lgs') : null;
    const now = this.now();
    const ended = await this.door.pass(actor, 'account.self', async (tx) => {
      await tx.users.setPassword(user.id, passwordHash, false, now);
      const hashes = await tx.users.deleteTokensOf(user.id, ['session', 'api']);
      if (token) await tx.users.insertToken({ tokenHash: hashSecret(token), userId: user.id, kind: 'session', label: null, expiresAt: now + this.lifetimes.sessionMaxMs, ip: meta.ip, userAgent: meta.userAgent }, now);
      return { action: 'account.password.change', target: { kind: 'user', id: user.username }, after: { tokensEnded: hashes.length }, result: hashes };
    });
    this.events.emit('tokens-ended', ended);
    return token ? { token, expiresAt: now + this.lifetimes.sessionMaxMs } : null;
  }

  /** A long-lived token for scripts (Authorization: Bearer …), shown once. */
  async createApiToken(actor: Actor, label: string, meta: RequestMeta = { ip: null, userAgent: null }): Promise<{ token: string; id: string }> {
    return await this.issueApiToken(actor, await this.userOf(actor), label, meta, 'account.self');
  }

  /** A token for a user: their own (account.self), or any user's by an admin (users.manage). */
  async issueApiToken(actor: Actor, user: UserRow, label: string, meta: RequestMeta, permission: 'account.self' | 'users.manage'): Promise<{ token: string; id: string }> {
    const token = newSecret('lgt');
    const tokenHash = hashSecret(token);
    await this.door.pass(actor, permission, async (tx) => {
      await tx.users.insertToken({ tokenHash, userId: user.id, kind: 'api', label, expiresAt: null, ip: meta.ip, userAgent: meta.userAgent }, this.now());
      return { action: 'account.token.create', target: { kind: 'user', id: user.username }, after: { id: publicTokenId(tokenHash), label }, result: undefined };
    });
    return { token, id: publicTokenId(tokenHash) };
  }

  /** Sessions and API tokens of a user, newest first. */
  async tokensOf(userId: number, currentHash: string | null): Promise<TokenView[]> {
    const now = this.now();
    return (await this.store.users
      .tokensOf(userId))
      .filter((t) => {
        const end = this.endOf(t);
        return end === null || end > now;
      })
      .map((t) => ({
        id: publicTokenId(t.tokenHash),
        kind: t.kind,
        label: t.label,
        createdAt: iso(t.createdAt),
        lastUsedAt: iso(t.lastUsedAt),
        expiresAt: iso(this.endOf(t)),
        ip: t.ip,
        userAgent: t.userAgent,
        current: t.tokenHash === currentHash,
      }));
  }

  /** Ends one session or token of a user, by its public id. */
  async endTokenById(actor: Actor, userId: number, id: string): Promise<void> {
    const t = (await this.store.users.tokensOf(userId)).find((x) => publicTokenId(x.tokenHash) === id);
    if (!t) throw new NotFound({ vi: `Không có phiên hoặc token "${id}".`, en: `No session or token "${id}".` });
    await this.endTokens(actor, userId, [t.tokenHash], 'account.session.end');
  }

  // ── second factor (TOTP) ──────────────────────────────────────────────────────────────────

  /** Starts enrolment: a new secret, as text and as a QR code for the authenticator app. */
  async beginTotp(actor: Actor): Promise<{ secret: string; uri: string; qrSvg: string }> {
    const user = await this.userOf(actor);
    if (user.totpEnabledAt !== null) throw new BadRequest({ vi: 'Tài khoản đã bật xác thực hai lớp. Hãy tắt trước nếu muốn đăng ký lại.', en: 'Two-step verification is on already. Turn it off first to enrol again.' });
    const secret = generateSecret();
    await this.door.pass(actor, 'account.self', async (tx) => {
      await tx.users.setTotp(user.id, { secret, enabledAt: null, lastStep: null });
      return { action: 'account.totp.begin', target: { kind: 'user', id: user.username }, result: undefined };
    });
    const uri = generateURI({ issuer: TOTP_ISSUER, label: user.username, secret });
    return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 2 }) };
  }

  /** Finishes enrolment with a code from the app; returns the recovery codes, shown once. */
  async confirmTotp(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
    const user = await this.userOf(actor);
    if (!user.totpSecret || user.totpEnabledAt !== null) throw new BadRequest({ vi: 'Hãy bắt đầu đăng ký xác thực hai lớp trước (POST /api/me/totp).', en: 'Start enrolment first (POST /api/me/totp).' });
    const step = await this.totpStep(user.totpSecret, code);
    if (step === null) throw new BadRequest({ vi: 'Mã không đúng. Kiểm tra giờ của điện thoại rồi nhập mã đang hiện.', en: 'Wrong code. Check the phone\'s clock and enter the code shown now.' }, { path: 'code' });
    const readable = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    const codes = readable.map((c) => c.replace('-', ''));
    await this.door.pass(actor, 'account.self', async (tx) => {
      await tx.users.setTotp(user.id, { secret: user.totpSecret, enabledAt: this.now(), lastStep: step });
      await tx.users.replaceRecoveryCodes(user.id, codes.map((c) => hashSecret(c)));
      return { action: 'account.totp.enable', target: { kind: 'user', id: user.username }, result: undefined };
    });
    return { recoveryCodes: readable };
  }

  /** Turns the second factor off (the password is asked again). */
  async disableTotp(actor: Actor, password: string): Promise<void> {
    const user = await this.userOf(actor);
    if (!(await verify(user.passwordHash, password))) throw new BadRequest({ vi: 'Mật khẩu không đúng.', en: 'The password is wrong.' }, { path: 'password' });
    await this.door.pass(actor, 'account.self', async (tx) => {
      await tx.users.setTotp(user.id, { secret: null, enabledAt: null, lastStep: null });
      await tx.users.replaceRecoveryCodes(user.id, []);
      return { action: 'account.totp.disable', target: { kind: 'user', id: user.username }, result: undefined };
    });
  }

  /** The current code for a secret (tests and the CLI use it; people use their app). */
  static totpNow(secret: string, at: number = Date.now()): Promise<string> {
    return generateTotp({ secret, epoch: Math.floor(at / 1000) });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  /** Ends the given tokens of a user in one audited change, and closes sockets opened with them. */
  async endTokens(actor: Actor, userId: number, hashes: string[], action: string): Promise<void> {
    const user = await this.store.users.byId(userId);
    await this.door.pass(actor, null, async (tx) => {
      for (const h of hashes) await tx.users.deleteToken(h);
      return { action, target: user ? { kind: 'user', id: user.username } : null, after: { ended: hashes.map(publicTokenId) }, result: undefined };
    });
    this.events.emit('tokens-ended', hashes);
  }

  private endOf(t: Pick<TokenRow, 'kind' | 'expiresAt' | 'lastUsedAt' | 'createdAt'>): number | null {
    if (t.kind === 'api') return t.expiresAt;
    const idleEnd = (t.lastUsedAt ?? t.createdAt) + this.lifetimes.sessionIdleMs;
    return t.expiresAt === null ? idleEnd : Math.min(t.expiresAt, idleEnd);
  }

  private async checkSecondFactor(user: UserRow, input: string): Promise<boolean> {
    const code = input.replace(/\s/g, '');
    if (/^\d{6}$/.test(code)) {
      const step = await this.totpStep(user.totpSecret!, code);
      return step !== null && await this.store.users.useTotpStep(user.id, step);
    }
    const recovery = code.toLowerCase().replace(/-/g, '');
    return /^[a-z0-9]{10}$/.test(recovery) && await this.store.users.useRecoveryCode(user.id, hashSecret(recovery), this.now());
  }

  /** The time step a code belongs to (one step of clock drift either way), or null if it is wrong. */
  private async totpStep(secret: string, code: string): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const epoch = Math.floor(this.now() / 1000);
    const r = await verifyTotp({ secret, token: code, epoch, epochTolerance: 30 });
    return r.valid ? Math.floor(epoch / 30) + r.delta : null;
  }

  private async userOf(actor: Actor): Promise<UserRow> {
    const user = actor.kind === 'user' ? await this.store.users.byId(actor.userId) : undefined;
    if (!user) throw new Unauthorized();
    return user;
  }

  actorOf(user: UserRow, ip: string | null, tokenHash: string | null): Actor & { kind: 'user' } {
    return { kind: 'user', userId: user.id, username: user.username, roles: user.roles, duties: user.duties, ip, tokenHash };
  }
}
