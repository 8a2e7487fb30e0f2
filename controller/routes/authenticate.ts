// Who is calling, and may they? Every route in the /api scope names the action it takes
// (config.permission, from the one table in playlists/permissions.ts); a route without one is
// refused when the app starts. The caller is a staff session (cookie) or an API token (bearer).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../../playlists/permissions.ts';
import { ACTIONS } from '../../playlists/permissions.ts';
import { AppError, Unauthorized } from '../errors.ts';
import type { Actor } from '../services/actor.ts';
import { authorize } from '../services/actor.ts';
import { SESSION_COOKIE } from '../services/auth.ts';
import type { SessionInfo } from '../services/auth.ts';
import type { Services } from '../services/index.ts';

export { SESSION_COOKIE };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action this route takes; every /api route names one. */
    permission?: Action;
    /** Reachable while the user must still choose a new password (their own account pages). */
    beforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor?: Actor & { kind: 'user' };
    session?: SessionInfo;
  }
}

export function credentialOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return req.cookies[SESSION_COOKIE];
}

export function requestMeta(req: FastifyRequest): { ip: string | null; userAgent: string | null } {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null };
}

/** The signed-in user of a request that passed the /api hooks. */
export function actorOf(req: FastifyRequest): Actor & { kind: 'user' } {
  if (!req.actor) throw new Unauthorized();
  return req.actor;
}

/** Installs, on an /api scope: sign-in required, then the route's permission, on every request. */
export function guardApi(api: FastifyInstance, services: Services): void {
  api.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (!permission || !ACTIONS.includes(permission)) {
      throw new Error(`${[route.method].flat().join(',')} ${route.url}: every /api route names its permission (config.permission)`);
    }
  });
  api.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const token = credentialOf(req);
    const signedIn = token ? await services.auth.authenticate(token, requestMeta(req)) : undefined;
    if (!signedIn) throw new Unauthorized();
    req.actor = signedIn.actor;
    req.session = signedIn.session;
    const config = req.routeOptions.config;
    if (signedIn.session.mustChangePassword && !config.beforePasswordChange) {
      throw new AppError(403, 'password_change_required', {
        vi: 'Hãy đặt mật khẩu mới trước (POST /api/me/password): mật khẩu hiện tại là mật khẩu tạm.',
        en: 'Choose a new password first (POST /api/me/password): the current one is temporary.',
      });
    }
    authorize(signedIn.actor, config.permission!);
  });
}
