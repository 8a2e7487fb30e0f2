// Managing staff accounts (admins only): create with roles, change roles and duties, disable,
// reset a password (the user chooses a new one at next sign-in), list and end sessions. A role
// change, disabling and a reset end the user's sessions, API tokens and open sockets at once.
import type { Duty, Role } from '../../playlists/permissions.ts';
import { BadRequest, Conflict, NotFound } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { UserRow } from '../store/users-repo.ts';
import type { Actor } from './actor.ts';
import { authorize } from './actor.ts';
import type { AuthService, TokenView } from './auth.ts';
import { checkPasswordRules, hashPassword } from './auth.ts';
import type { Door } from './door.ts';
import type { Events } from './events.ts';
import { newPassword } from './secrets.ts';
import { iso } from '../../playlists/api/common.ts';

export interface UserView {
  username: string;
  roles: Role[];
  duties: Duty[];
  disabled: boolean;
  disabledAt: string | null;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  createdAt: string;
  passwordChangedAt: string | null;
}


export function userView(u: UserRow): UserView {
  return {
    username: u.username,
    roles: u.roles,
    duties: u.duties,
    disabled: u.disabledAt !== null,
    disabledAt: iso(u.disabledAt),
    mustChangePassword: u.mustChangePassword,
    totpEnabled: u.totpEnabledAt !== null,
    createdAt: iso(u.createdAt),
    passwordChangedAt: iso(u.passwordChangedAt),
  };
}

const USERNAME = /^[a-z0-9._-]{3,40}$/;

export class UsersService {
  constructor(
    private readonly store: Pick<Store, 'users'>,
    private readonly door: Door,
    private readonly auth: AuthService,
    private readonly events: Events,
    private readonly now: () => number,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.store.users.list()).map(userView);
  }

  async get(username: string): Promise<UserView> {
    return userView(await this.require(username));
  }

  /**
   * A new account. Without a password, one is made up and returned once, and the user must choose
   * their own at first sign-in.
   */
  async create(actor: Actor, input: { username: string; roles: Role[]; duties?: Duty[]; password?: string | undefined }): Promise<{ user: UserView; temporaryPassword: string | null }> {
    authorize(actor, 'users.manage');
    if (!USERNAME.test(input.username)) {
      throw new BadRequest(
        { vi: 'Tên đăng nhập gồm 3–40 chữ thường không dấu, số, dấu chấm, gạch.', en: 'A username is 3–40 lower-case letters, digits, dots, dashes or underscores.' },
        { path: 'username' },
      );
    }
    if (input.roles.length === 0) throw new BadRequest({ vi: 'Chọn ít nhất một vai trò.', en: 'Choose at least one role.' }, { path: 'roles' });
    const temporary = input.password === undefined ? newPassword() : null;
    const password = input.password ?? temporary!;
    checkPasswordRules(password, input.username);
    const passwordHash = await hashPassword(password);
    const duties = input.duties ?? [];
    const user = await this.door.pass(actor, 'users.manage', async (tx) => {
      if (await tx.users.byUsername(input.username)) throw new Conflict({ vi: `Tên đăng nhập "${input.username}" đã có.`, en: `The username "${input.username}" is taken.` }, { path: 'username' });
      const id = await tx.users.insert({ username: input.username, passwordHash, roles: input.roles, duties, mustChangePassword: temporary !== null }, this.now());
      const created = userView((await tx.users.byId(id))!);
      return { action: 'user.create', target: { kind: 'user', id: input.username }, after: created, result: created };
    });
    return { user, temporaryPassword: temporary };
  }

  /** Changes roles, duties or whether the account is disabled; a change of rights ends every session of the user. */
  async update(actor: Actor, username: string, patch: { roles?: Role[] | undefined; duties?: Duty[] | undefined; disabled?: boolean | undefined }): Promise<UserView> {
    authorize(actor, 'users.manage');
    if (patch.roles && patch.roles.length === 0) throw new BadRequest({ vi: 'Chọn ít nhất một vai trò.', en: 'Choose at least one role.' }, { path: 'roles' });
    const { view, ended } = await this.door.pass(actor, 'users.manage', async (tx) => {
      const user = await this.require(username, tx);
      const before = userView(user);
      const roles = patch.roles ?? user.roles;
      const duties = patch.duties ?? user.duties;
      const disabledAt = patch.disabled === undefined ? user.disabledAt : patch.disabled ? (user.disabledAt ?? this.now()) : null;
      const stillAdmin = roles.includes('admin') && disabledAt === null;
      if (user.roles.includes('admin') && user.disabledAt === null && !stillAdmin && (await this.activeAdmins(tx)) <= 1) {
        throw new Conflict({ vi: 'Đây là quản trị viên cuối cùng còn hoạt động: hãy cấp quyền quản trị cho người khác trước.', en: 'This is the last active admin: make someone else an admin first.' });
      }
      if (patch.roles) await tx.users.setRoles(user.id, roles);
      if (patch.duties) await tx.users.setDuties(user.id, duties);
      if (patch.disabled !== undefined) await tx.users.setDisabled(user.id, disabledAt);
      const after = userView((await tx.users.byId(user.id))!);
      const rightsChanged = JSON.stringify([before.roles, before.duties, before.disabled]) !== JSON.stringify([after.roles, after.duties, after.disabled]);
      const hashes = rightsChanged ? await tx.users.deleteTokensOf(user.id, ['session', 'api']) : [];
      return { action: 'user.update', target: { kind: 'user', id: username }, before, after: { ...after, tokensEnded: hashes.length }, result: { view: after, ended: hashes } };
    });
    if (ended.length) this.events.emit('tokens-ended', ended);
    return view;
  }

  /**
   * For lost or stolen credentials: a new temporary password (returned once), every session and
   * API token ended, and optionally the second factor removed (a lost phone).
   */
  async resetPassword(actor: Actor, username: string, opts: { resetSecondFactor?: boolean | undefined } = {}): Promise<{ temporaryPassword: string }> {
    authorize(actor, 'users.manage');
    const user = await this.require(username);
    const temporaryPassword = newPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    const ended = await this.door.pass(actor, 'users.manage', async (tx) => {
      await tx.users.setPassword(user.id, passwordHash, true, this.now());
      if (opts.resetSecondFactor) {
        await tx.users.setTotp(user.id, { secret: null, enabledAt: null, lastStep: null });
        await tx.users.replaceRecoveryCodes(user.id, []);
      }
      const hashes = await tx.users.deleteTokensOf(user.id, ['session', 'api']);
      return { action: 'user.password.reset', target: { kind: 'user', id: username }, after: { tokensEnded: hashes.length, secondFactorRemoved: !!opts.resetSecondFactor }, result: hashes };
    });
    this.events.emit('tokens-ended', ended);
    return { temporaryPassword };
  }

  /** An API token for a user's scripts, shown once (the command line makes them for users). */
  async createApiToken(actor: Actor, username: string, label: string): Promise<{ token: string; id: string }> {
    authorize(actor, 'users.manage');
    return await this.auth.issueApiToken(actor, await this.require(username), label, { ip: null, userAgent: null }, 'users.manage');
  }

  async sessions(username: string): Promise<TokenView[]> {
    return await this.auth.tokensOf((await this.require(username)).id, null);
  }

  /** Ends one session or token of a user (by id), or all of them. */
  async endSessions(actor: Actor, username: string, id?: string): Promise<void> {
    authorize(actor, 'users.manage');
    const user = await this.require(username);
    if (id) await this.auth.endTokenById(actor, user.id, id);
    else await this.auth.endTokens(actor, user.id, (await this.store.users.tokensOf(user.id)).map((t) => t.tokenHash), 'user.sessions.end');
  }

  private async activeAdmins(s: Pick<Store, 'users'>): Promise<number> {
    return (await s.users.list()).filter((u) => u.roles.includes('admin') && u.disabledAt === null).length;
  }

  /** `s` is the transaction's store when called inside one. */
  private async require(username: string, s: Pick<Store, 'users'> = this.store): Promise<UserRow> {
    const user = await s.users.byUsername(username);
    if (!user) throw new NotFound({ vi: `Không có người dùng "${username}".`, en: `No user "${username}".` });
    return user;
  }
}
