// Who may do what: the one table of roles × actions. The controller enforces it on every request
// and every change (routes/authenticate.ts, services/actor.ts); the web app reads the same table to
// offer only what a user may do.
import { z } from 'zod';
import { bi } from './messages.ts';

export const ROLES = ['admin', 'editor', 'approver', 'operator', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES, { error: bi('vai trò là admin, editor, approver, operator hoặc viewer', 'a role is admin, editor, approver, operator or viewer') });
export type Role = z.infer<typeof RoleSchema>;

/** Duties an admin grants on top of a role: an operator with `overrides` may raise and clear emergencies and blackouts. */
export const DUTIES = ['overrides'] as const;
export const DutySchema = z.enum(DUTIES, { error: bi('nhiệm vụ duy nhất là overrides (khẩn cấp và tắt màn hình)', 'the only duty is overrides (emergencies and blackouts)') });
export type Duty = z.infer<typeof DutySchema>;

export const ROLE_NAMES: Record<Role, { vi: string; en: string }> = {
  admin: { vi: 'Quản trị', en: 'Admin' },
  editor: { vi: 'Biên tập', en: 'Editor' },
  approver: { vi: 'Phê duyệt', en: 'Approver' },
  operator: { vi: 'Vận hành', en: 'Operator' },
  viewer: { vi: 'Xem', en: 'Viewer' },
};

/** A grant is a role, or a role that also holds a duty ("operator+overrides"). */
type Grant = Role | `${Role}+${Duty}`;
const EVERYONE: readonly Grant[] = ROLES;

/**
 * The table. Every HTTP route names one of these actions (a test fails on a route without one),
 * and every service checks it again before it writes.
 */
export const PERMISSIONS = {
  /** Boards, their live state, manifests, previews, timelines, devices, proof of play. */
  'boards.read': EVERYONE,
  /** Slides, pictures, playlists, schedule entries, groups, overrides, drafts. */
  'content.read': EVERYONE,
  /** One's own account: password, second factor, sessions, API tokens. */
  'account.self': EVERYONE,
  /** Drafts of slides, playlists and schedule entries; picture uploads; submitting and discarding drafts. */
  'content.edit': ['admin', 'editor'],
  /** Importing a reviewed campaign file (playlists/library/): published at once. */
  'content.import': ['admin'],
  /** Approving or rejecting what editors submit (never one's own). */
  'changes.review': ['admin', 'approver'],
  /** Registering boards, their settings and default playlists; board groups. */
  'boards.manage': ['admin'],
  /** Brightness and power-off windows: a board powered off or at 0 % is as dark as a blackout, so the same duty. */
  'boards.display': ['admin', 'operator+overrides'],
  /** Pairing players (by code or one-time link) and revoking them. */
  'devices.manage': ['admin', 'operator'],
  /** Emergencies and blackouts: they go out at once, without approval. */
  'overrides.manage': ['admin', 'operator+overrides'],
  'audit.read': ['admin', 'approver'],
  /** The campaign reports (what ran where, how long, whether the boards worked) and their exports. */
  'reports.read': EVERYONE,
  /** The report's letterhead, scheduled reports and their recipients; where alerts are sent. */
  'reports.manage': ['admin'],
  'users.manage': ['admin'],
  /** Installation settings, such as whether changes need a second person's approval. */
  'settings.manage': ['admin'],
} as const satisfies Record<string, readonly Grant[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** Whether a user with these roles and duties may take this action. */
export function allowed(roles: readonly Role[], duties: readonly Duty[], action: Action): boolean {
  return (PERMISSIONS[action] as readonly Grant[]).some((grant) => {
    const [role, duty] = grant.split('+') as [Role, Duty | undefined];
    return roles.includes(role) && (!duty || duties.includes(duty));
  });
}

/** The roles (with their duty, if one is needed) that may take an action, for messages. */
export function grantsFor(action: Action): readonly string[] {
  return PERMISSIONS[action];
}
