// API contract: signing in, one's own account, and managing users (admins). Request and response
// schemas live here, once: the routes validate and document with them, the web app types its
// client from them.
import { z } from 'zod';
import { bi } from '../messages.ts';
import { ACTIONS, DutySchema, RoleSchema } from '../permissions.ts';
import { endpoint } from './endpoint.ts';

export const UsernameSchema = z
  .string()
  .regex(/^[a-z0-9._-]{3,40}$/, bi('tên đăng nhập gồm 3–40 chữ thường không dấu, số, dấu chấm, gạch', 'a username is 3–40 lower-case letters, digits, dots, dashes or underscores'));

const Password = z.string().min(1, bi('không được để trống', 'must not be empty')).max(500, bi('tối đa 500 ký tự', 'must be at most 500 characters'));
const Instant = z.iso.datetime({ offset: true });

export const LoginBodySchema = z.object({
  username: z.string().min(1).max(100),
  password: Password,
  /** The 6-digit code of the authenticator app, or a recovery code, when the account has a second factor. */
  totp: z.string().max(20).optional(),
});

export const LoginResponseSchema = z.object({
  user: z.object({ username: z.string(), roles: z.array(RoleSchema), mustChangePassword: z.boolean() }),
  expiresAt: Instant,
});

export const MeSchema = z.object({
  username: z.string(),
  roles: z.array(RoleSchema),
  duties: z.array(DutySchema),
  /** What this account may do (the permission table applied to its roles). */
  permissions: z.array(z.enum(ACTIONS as [string, ...string[]])),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  /** When this session ends at the latest (absolute lifetime or idle timeout); null for API tokens without expiry. */
  sessionEndsAt: Instant.nullable(),
});

export const ChangePasswordBodySchema = z.object({ currentPassword: Password, newPassword: Password });

export const TokenViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['session', 'api']),
  label: z.string().nullable(),
  createdAt: Instant,
  lastUsedAt: Instant.nullable(),
  expiresAt: Instant.nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

export const CreateTokenBodySchema = z.object({ label: z.string().trim().min(1).max(100) });
export const CreatedTokenSchema = z.object({ id: z.string(), token: z.string().describe('Shown once: keep it now.') });

export const TotpBeginSchema = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
export const TotpConfirmBodySchema = z.object({ code: z.string().regex(/^\s*\d{3}\s?\d{3}\s*$/, bi('mã 6 chữ số từ ứng dụng xác thực', 'the 6-digit code from the authenticator app')) });
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()).describe('Shown once: each works one time instead of a code.') });
export const TotpDisableBodySchema = z.object({ password: Password });

export const UserViewSchema = z.object({
  username: z.string(),
  roles: z.array(RoleSchema),
  duties: z.array(DutySchema),
  disabled: z.boolean(),
  disabledAt: Instant.nullable(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: Instant,
  passwordChangedAt: Instant.nullable(),
});

const Roles = z.array(RoleSchema).min(1, bi('chọn ít nhất một vai trò', 'choose at least one role')).max(5);
const Duties = z.array(DutySchema).max(1);

export const CreateUserBodySchema = z.object({ username: UsernameSchema, roles: Roles, duties: Duties.default([]) });
export const CreatedUserSchema = z.object({ user: UserViewSchema, temporaryPassword: z.string().describe('Shown once; the user chooses their own at first sign-in.') });
export const UpdateUserBodySchema = z
  .object({ roles: Roles.optional(), duties: Duties.optional(), disabled: z.boolean().optional() })
  .refine((b) => b.roles !== undefined || b.duties !== undefined || b.disabled !== undefined, bi('cho biết roles, duties hoặc disabled', 'give roles, duties or disabled'));
export const ResetPasswordBodySchema = z.object({ resetSecondFactor: z.boolean().default(false) }).default({ resetSecondFactor: false });
export const TemporaryPasswordSchema = z.object({ temporaryPassword: z.string() });

export const UsernameParamsSchema = z.object({ username: UsernameSchema });
export const TokenParamsSchema = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, bi('mã phiên gồm 16 ký tự hex', 'a session id is 16 hex characters')) });
export const UserTokenParamsSchema = UsernameParamsSchema.merge(TokenParamsSchema);

export { OkSchema } from './common.ts';
import { OkSchema } from './common.ts';

const account = ['account'];
const users = ['users'];

export const accountEndpoints = {
  login: endpoint({
    method: 'POST',
    path: '/auth/login',
    permission: null,
    tags: ['auth'],
    summary: 'Sign in; sets the session cookie (HttpOnly, SameSite=Strict). At most 10 attempts a minute per address.',
    description:
      "An account with a second factor answers 401 `totp_required` until `totp` (the app's 6-digit code, or a recovery code) is sent too. A session ends after SESSION_IDLE_MINUTES without use or SESSION_MAX_HOURS at most; a sign-in ends the session the browser carried before.",
    body: LoginBodySchema,
    response: LoginResponseSchema,
  }),
  logout: endpoint({ method: 'POST', path: '/auth/logout', permission: null, tags: ['auth'], summary: 'Sign out (ends this session; an API token is not deleted by this)', response: OkSchema }),

  me: endpoint({ method: 'GET', path: '/api/me', permission: 'account.self', beforePasswordChange: true, tags: account, summary: 'Who I am, my roles and what I may do', response: MeSchema }),
  changePassword: endpoint({
    method: 'POST',
    path: '/api/me/password',
    permission: 'account.self',
    beforePasswordChange: true,
    tags: account,
    summary: 'Change my password: every other session and API token of mine ends; a browser gets a fresh session',
    body: ChangePasswordBodySchema,
    response: OkSchema,
  }),
  mySessions: endpoint({ method: 'GET', path: '/api/me/sessions', permission: 'account.self', tags: account, summary: 'My sessions and API tokens', response: z.array(TokenViewSchema) }),
  endMySession: endpoint({ method: 'DELETE', path: '/api/me/sessions/:id', permission: 'account.self', tags: account, summary: 'End one of my sessions or API tokens', params: TokenParamsSchema, response: OkSchema }),
  createToken: endpoint({ method: 'POST', path: '/api/me/tokens', permission: 'account.self', tags: account, summary: 'A new API token for scripts (shown once)', body: CreateTokenBodySchema, response: CreatedTokenSchema, status: 201 }),
  beginTotp: endpoint({ method: 'POST', path: '/api/me/totp', permission: 'account.self', tags: account, summary: 'Start turning on two-step verification: a secret and its QR code for the authenticator app', response: TotpBeginSchema }),
  confirmTotp: endpoint({ method: 'POST', path: '/api/me/totp/confirm', permission: 'account.self', tags: account, summary: 'Finish with a code from the app; returns ten recovery codes, shown once', body: TotpConfirmBodySchema, response: RecoveryCodesSchema }),
  disableTotp: endpoint({ method: 'POST', path: '/api/me/totp/disable', permission: 'account.self', tags: account, summary: 'Turn two-step verification off (password asked again)', body: TotpDisableBodySchema, response: OkSchema }),

  listUsers: endpoint({ method: 'GET', path: '/api/users', permission: 'users.manage', tags: users, summary: 'Every account with its roles (admin)', response: z.array(UserViewSchema) }),
  createUser: endpoint({
    method: 'POST',
    path: '/api/users',
    permission: 'users.manage',
    tags: users,
    summary: 'Create an account; its temporary password is shown once and must be changed at first sign-in (admin)',
    body: CreateUserBodySchema,
    response: CreatedUserSchema,
    status: 201,
  }),
  getUser: endpoint({ method: 'GET', path: '/api/users/:username', permission: 'users.manage', tags: users, summary: 'An account (admin)', params: UsernameParamsSchema, response: UserViewSchema }),
  updateUser: endpoint({
    method: 'PATCH',
    path: '/api/users/:username',
    permission: 'users.manage',
    tags: users,
    summary: "Change roles, duties, or disable; a change of rights ends the user's sessions, tokens and sockets (admin)",
    params: UsernameParamsSchema,
    body: UpdateUserBodySchema,
    response: UserViewSchema,
  }),
  resetPassword: endpoint({
    method: 'POST',
    path: '/api/users/:username/reset-password',
    permission: 'users.manage',
    tags: users,
    summary: 'For lost credentials: a temporary password (shown once), every session and API token ended, optionally the second factor removed (admin)',
    params: UsernameParamsSchema,
    body: ResetPasswordBodySchema,
    response: TemporaryPasswordSchema,
  }),
  userSessions: endpoint({ method: 'GET', path: '/api/users/:username/sessions', permission: 'users.manage', tags: users, summary: 'Sessions and API tokens of an account (admin)', params: UsernameParamsSchema, response: z.array(TokenViewSchema) }),
  endUserSessions: endpoint({ method: 'DELETE', path: '/api/users/:username/sessions', permission: 'users.manage', tags: users, summary: 'End every session and API token of a user (admin)', params: UsernameParamsSchema, response: OkSchema }),
  endUserSession: endpoint({ method: 'DELETE', path: '/api/users/:username/sessions/:id', permission: 'users.manage', tags: users, summary: 'End one session or API token of a user (admin)', params: UserTokenParamsSchema, response: OkSchema }),
};
