// Signing in and out, one's own account (password, second factor, sessions, API tokens), and
// managing accounts (admins). A change of rights ends the user's sessions, tokens and sockets.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { API } from '../../../playlists/api/index.ts';
import type { Services } from '../../services/index.ts';
import { SESSION_COOKIE, actorOf, credentialOf, requestMeta } from '../authenticate.ts';
import { route } from '../contract.ts';

/** Sign-in and sign-out: public (the session cookie is HttpOnly, SameSite=Strict). */
export const authRoutes: FastifyPluginAsync<{ services: Services; secureCookies: boolean }> = async (app, { services, secureCookies }) => {
  route(
    app,
    API.login,
    async ({ body }, req, reply) => {
      const session = await services.auth.login(body, { ...requestMeta(req), previousToken: req.cookies[SESSION_COOKIE] });
      setSessionCookie(reply, session.token, services.auth.sessionMaxMs, secureCookies);
      return { user: session.user, expiresAt: new Date(session.expiresAt).toISOString() };
    },
    // Each attempt costs an argon2 hash (19 MiB): guessing is slow, and so is flooding.
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
  );
  route(app, API.logout, async (_input, req, reply) => {
    const token = credentialOf(req);
    if (token) await services.auth.logout(token, requestMeta(req).ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
};

function setSessionCookie(reply: FastifyReply, token: string, maxMs: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: Math.floor(maxMs / 1000) });
}

export const accountRoutes: FastifyPluginAsync<{ services: Services; secureCookies: boolean }> = async (app, { services, secureCookies }) => {
  const { auth, users } = services;
  route(app, API.me, async (_input, req) => ({ ...await auth.me(actorOf(req)), sessionEndsAt: req.session?.endsAt ? new Date(req.session.endsAt).toISOString() : null }));
  route(app, API.changePassword, async ({ body }, req, reply) => {
    const fresh = await auth.changePassword(actorOf(req), body.currentPassword, body.newPassword, requestMeta(req));
    if (fresh) setSessionCookie(reply, fresh.token, auth.sessionMaxMs, secureCookies);
    return { ok: true as const };
  });
  route(app, API.mySessions, (_input, req) => auth.tokensOf(actorOf(req).userId, req.session?.tokenHash ?? null));
  route(app, API.endMySession, async ({ params }, req) => {
    await auth.endTokenById(actorOf(req), actorOf(req).userId, params.id);
    return { ok: true as const };
  });
  route(app, API.createToken, ({ body }, req) => auth.createApiToken(actorOf(req), body.label, requestMeta(req)));
  route(app, API.beginTotp, (_input, req) => auth.beginTotp(actorOf(req)));
  route(app, API.confirmTotp, ({ body }, req) => auth.confirmTotp(actorOf(req), body.code.replace(/\s/g, '')));
  route(app, API.disableTotp, async ({ body }, req) => {
    await auth.disableTotp(actorOf(req), body.password);
    return { ok: true as const };
  });

  route(app, API.listUsers, () => users.list());
  route(app, API.createUser, async ({ body }, req) => {
    const created = await users.create(actorOf(req), body);
    return { user: created.user, temporaryPassword: created.temporaryPassword! };
  });
  route(app, API.getUser, ({ params }) => users.get(params.username));
  route(app, API.updateUser, ({ params, body }, req) => users.update(actorOf(req), params.username, body));
  route(app, API.resetPassword, ({ params, body }, req) => users.resetPassword(actorOf(req), params.username, { resetSecondFactor: body.resetSecondFactor }));
  route(app, API.userSessions, ({ params }) => users.sessions(params.username));
  route(app, API.endUserSessions, async ({ params }, req) => {
    await users.endSessions(actorOf(req), params.username);
    return { ok: true as const };
  });
  route(app, API.endUserSession, async ({ params }, req) => {
    await users.endSessions(actorOf(req), params.username, params.id);
    return { ok: true as const };
  });
};
