// Sign-in and sign-out for the web app (session cookie); scripts use API tokens instead.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_TTL_MS } from '../../services/auth.ts';
import type { Services } from '../../services/index.ts';
import { SESSION_COOKIE, credentialOf } from '../authenticate.ts';

export const authRoutes: FastifyPluginAsyncZod<{ services: Services; secureCookies: boolean }> = async (app, { services, secureCookies }) => {
  app.post(
    '/auth/login',
    {
      // Each attempt costs an argon2 hash (19 MiB): guessing is slow, and so is flooding.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie (HttpOnly, SameSite=Strict). At most 10 attempts a minute per address.',
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(500) }),
      },
    },
    async (req, reply) => {
      const session = await services.auth.login(req.body.username, req.body.password);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return { user: session.user, expiresAt: new Date(session.expiresAt).toISOString() };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out (ends this session)' } }, async (req, reply) => {
    const token = credentialOf(req);
    if (token) services.auth.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
};
