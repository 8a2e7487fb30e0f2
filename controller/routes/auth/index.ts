// Sign-in and sign-out for the web app (session cookie); scripts use API tokens instead.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginBodySchema, LoginResponseSchema, OkSchema } from '../../../playlists/api/accounts.ts';
import type { Services } from '../../services/index.ts';
import { SESSION_COOKIE, credentialOf, requestMeta } from '../authenticate.ts';

export const authRoutes: FastifyPluginAsyncZod<{ services: Services; secureCookies: boolean }> = async (app, { services, secureCookies }) => {
  app.post(
    '/auth/login',
    {
      // Each attempt costs an argon2 hash (19 MiB): guessing is slow, and so is flooding.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie (HttpOnly, SameSite=Strict). At most 10 attempts a minute per address.',
        description:
          'An account with a second factor answers 401 `totp_required` until `totp` (the app\'s 6-digit code, or a recovery code) is sent too. A session ends after SESSION_IDLE_MINUTES without use or SESSION_MAX_HOURS at most; a sign-in ends the session the browser carried before.',
        body: LoginBodySchema,
        response: { 200: LoginResponseSchema },
      },
    },
    async (req, reply) => {
      const session = await services.auth.login(req.body, { ...requestMeta(req), previousToken: req.cookies[SESSION_COOKIE] });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        maxAge: Math.floor(services.auth.sessionMaxMs / 1000),
      });
      return { user: session.user, expiresAt: new Date(session.expiresAt).toISOString() };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out (ends this session; an API token is not deleted by this)', response: { 200: OkSchema } } }, async (req, reply) => {
    const token = credentialOf(req);
    if (token) services.auth.logout(token, requestMeta(req).ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
};
