// Staff accounts: argon2id password hashes, web sessions (cookie) and API tokens (bearer).
import { hash, verify } from '@node-rs/argon2';
import { BadRequest, Conflict, NotFound, Unauthorized } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { Role, TokenOwner } from '../store/users-repo.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'ledgate_session';
// Argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB, 2 passes.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** Verified against when the user does not exist, so a wrong name costs the same time. */
let dummyHash: Promise<string> | undefined;

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async createUser(username: string, password: string, role: Role): Promise<number> {
    if (!/^[a-z0-9._-]{3,40}$/.test(username)) {
      throw new BadRequest({ vi: 'Tên đăng nhập gồm 3–40 chữ thường không dấu, số, dấu chấm, gạch.', en: 'A username is 3–40 lower-case letters, digits, dots, dashes or underscores.' });
    }
    if (password.length < 12) {
      throw new BadRequest({ vi: 'Mật khẩu cần ít nhất 12 ký tự.', en: 'A password needs at least 12 characters.' });
    }
    if (this.store.users.byUsername(username)) {
      throw new Conflict({ vi: `Tên đăng nhập "${username}" đã có.`, en: `The username "${username}" is taken.` });
    }
    return this.store.users.insert(username, await hash(password, ARGON2), role, this.now());
  }

  async setPassword(username: string, password: string): Promise<void> {
    const user = this.store.users.byUsername(username);
    if (!user) throw new NotFound({ vi: `Không có người dùng "${username}".`, en: `No user "${username}".` });
    if (password.length < 12) throw new BadRequest({ vi: 'Mật khẩu cần ít nhất 12 ký tự.', en: 'A password needs at least 12 characters.' });
    this.store.users.setPassword(user.id, await hash(password, ARGON2));
  }

  /** Checks a password and opens a session; the same error for an unknown name or a wrong password. */
  async login(username: string, password: string): Promise<{ token: string; expiresAt: number; user: { username: string; role: Role } }> {
    const user = this.store.users.byUsername(username);
    dummyHash ??= hash('not a real password', ARGON2);
    const ok = await verify(user?.passwordHash ?? (await dummyHash), password);
    if (!user || !ok) {
      throw new Unauthorized({ vi: 'Sai tên đăng nhập hoặc mật khẩu.', en: 'Wrong username or password.' });
    }
    const token = newSecret('lgs');
    const expiresAt = this.now() + SESSION_TTL_MS;
    this.store.users.insertToken(hashSecret(token), user.id, 'session', null, this.now(), expiresAt);
    return { token, expiresAt, user: { username: user.username, role: user.role } };
  }

  /** A long-lived token for scripts (Authorization: Bearer …). */
  createApiToken(username: string, label: string): string {
    const user = this.store.users.byUsername(username);
    if (!user) throw new NotFound({ vi: `Không có người dùng "${username}".`, en: `No user "${username}".` });
    const token = newSecret('lgt');
    this.store.users.insertToken(hashSecret(token), user.id, 'api', label, this.now(), null);
    return token;
  }

  authenticate(token: string): TokenOwner | undefined {
    return this.store.users.tokenOwner(hashSecret(token), this.now());
  }

  logout(token: string): void {
    this.store.users.deleteToken(hashSecret(token));
  }
}
