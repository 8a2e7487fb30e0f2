// Who is acting. Every change a service makes carries its actor; the permission check reads the
// one table (playlists/permissions.ts) and the audit trail records who it was.
import type { Action, Duty, Role } from '../../playlists/permissions.ts';
import { ROLE_NAMES, allowed, grantsFor } from '../../playlists/permissions.ts';
import { Forbidden } from '../errors.ts';

export type Actor =
  /** A signed-in person (session cookie or API token). */
  | { kind: 'user'; userId: number; username: string; roles: Role[]; duties: Duty[]; ip: string | null; tokenHash: string | null }
  /** A paired player box: it may only report for its own board. */
  | { kind: 'device'; deviceId: string; boardId: string; ip: string | null }
  /** The controller itself: first start, scheduled jobs. */
  | { kind: 'system'; name: string }
  /** The command line on the controller's machine: whoever can run it holds the data directory, so it acts as an admin. */
  | { kind: 'cli'; name: string }
  /** Someone not signed in: a failed sign-in, a player redeeming a one-time pairing link. */
  | { kind: 'anonymous'; name: string; ip: string | null };

export const systemActor = (name: string): Actor => ({ kind: 'system', name });

/** What the audit trail keeps of an actor. */
export function actorRecord(actor: Actor): { kind: Actor['kind']; id: string | null; name: string; roles: string[]; ip: string | null } {
  switch (actor.kind) {
    case 'user':
      return { kind: 'user', id: String(actor.userId), name: actor.username, roles: [...actor.roles, ...actor.duties.map((d) => `duty:${d}`)], ip: actor.ip };
    case 'device':
      return { kind: 'device', id: actor.deviceId, name: `device ${actor.deviceId} (board ${actor.boardId})`, roles: [], ip: actor.ip };
    case 'system':
      return { kind: 'system', id: null, name: actor.name, roles: [], ip: null };
    case 'cli':
      return { kind: 'cli', id: null, name: actor.name, roles: ['admin'], ip: null };
    case 'anonymous':
      return { kind: 'anonymous', id: null, name: actor.name, roles: [], ip: actor.ip };
  }
}

/** Whether the actor may take this action. Devices and anonymous callers take none of the table's actions. */
export function can(actor: Actor, action: Action): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'cli':
      return allowed(['admin'], [], action);
    case 'user':
      return allowed(actor.roles, actor.duties, action);
    default:
      return false;
  }
}

/** Throws 403 (in both languages, naming who may) unless the actor may take this action. */
export function authorize(actor: Actor, action: Action): void {
  if (can(actor, action)) return;
  const who = grantsFor(action).map((g) => {
    const [role, duty] = g.split('+') as [Role, string | undefined];
    return { vi: `${ROLE_NAMES[role].vi}${duty ? ' (được giao quyền khẩn cấp)' : ''}`, en: `${ROLE_NAMES[role].en}${duty ? ' (with the emergency duty)' : ''}` };
  });
  throw new Forbidden({
    vi: `Tài khoản của bạn không được làm việc này (${action}). Chỉ: ${who.map((w) => w.vi).join(', ')}.`,
    en: `Your account may not do this (${action}). Only: ${who.map((w) => w.en).join(', ')}.`,
  });
}

/** The name an actor is shown under (who raised an emergency, who reviewed a change). */
export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.username;
    case 'device':
      return actor.deviceId;
    default:
      return actor.name;
  }
}
