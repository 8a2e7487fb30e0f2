// Who is calling: a staff session (cookie) or an API token (Authorization: Bearer …).
// Every route registered inside the /api scope goes through requireUser.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthorized } from '../errors.ts';
import type { Services } from '../services/index.ts';
import type { Role, TokenOwner } from '../store/users-repo.ts';

export { SESSION_COOKIE } from '../services/auth.ts';
import { SESSION_COOKIE } from '../services/auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user?: TokenOwner;
  }
}

export function credentialOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return req.cookies[SESSION_COOKIE];
}

export function requireUser(services: Services) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const token = credentialOf(req);
    const user = token ? services.auth.authenticate(token) : undefined;
    if (!user) throw new Unauthorized();
    req.user = user;
  };
}

export function requireRole(req: FastifyRequest, role: Role): TokenOwner {
  const user = req.user;
  if (!user) throw new Unauthorized();
  if (user.role !== role) {
    throw new Forbidden({ vi: `Chỉ tài khoản quyền "${role}" được làm việc này.`, en: `Only a "${role}" account may do this.` });
  }
  return user;
}
