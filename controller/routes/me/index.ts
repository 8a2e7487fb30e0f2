// One's own account: who I am and what I may do, my password, my second factor, my sessions and
// API tokens. Reachable by every signed-in user (the password pages even before a forced change).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChangePasswordBodySchema,
  CreatedTokenSchema,
  CreateTokenBodySchema,
  MeSchema,
  OkSchema,
  RecoveryCodesSchema,
  TokenParamsSchema,
  TokenViewSchema,
  TotpBeginSchema,
  TotpConfirmBodySchema,
  TotpDisableBodySchema,
} from '../../../playlists/api/accounts.ts';
import type { Services } from '../../services/index.ts';
import { SESSION_COOKIE, actorOf, requestMeta } from '../authenticate.ts';

const self = { permission: 'account.self' } as const;
const tags = ['account'];

export const meRoutes: FastifyPluginAsyncZod<{ services: Services; secureCookies: boolean }> = async (app, { services, secureCookies }) => {
  app.get('/me', { config: { ...self, beforePasswordChange: true }, schema: { tags, summary: 'Who I am, my roles and what I may do', response: { 200: MeSchema } } }, async (req) => {
    const me = services.auth.me(actorOf(req));
    return { ...me, sessionEndsAt: req.session?.endsAt ? new Date(req.session.endsAt).toISOString() : null };
  });

  app.post(
    '/me/password',
    {
      config: { ...self, beforePasswordChange: true },
      schema: { tags, summary: 'Change my password: every other session and API token of mine ends; a browser gets a fresh session', body: ChangePasswordBodySchema, response: { 200: OkSchema } },
    },
    async (req, reply) => {
      const fresh = await services.auth.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword, requestMeta(req));
      if (fresh) reply.setCookie(SESSION_COOKIE, fresh.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookies, maxAge: Math.floor(services.auth.sessionMaxMs / 1000) });
      return { ok: true as const };
    },
  );

  app.get('/me/sessions', { config: self, schema: { tags, summary: 'My sessions and API tokens', response: { 200: z.array(TokenViewSchema) } } }, async (req) =>
    services.auth.tokensOf(actorOf(req).userId, req.session?.tokenHash ?? null),
  );

  app.delete('/me/sessions/:id', { config: self, schema: { tags, summary: 'End one of my sessions or API tokens', params: TokenParamsSchema, response: { 200: OkSchema } } }, async (req) => {
    services.auth.endTokenById(actorOf(req), actorOf(req).userId, req.params.id);
    return { ok: true as const };
  });

  app.post('/me/tokens', { config: self, schema: { tags, summary: 'A new API token for scripts (shown once)', body: CreateTokenBodySchema, response: { 201: CreatedTokenSchema } } }, async (req, reply) => {
    reply.code(201);
    return services.auth.createApiToken(actorOf(req), req.body.label, requestMeta(req));
  });

  app.post('/me/totp', { config: self, schema: { tags, summary: 'Start turning on two-step verification: a secret and its QR code for the authenticator app', response: { 200: TotpBeginSchema } } }, async (req) =>
    services.auth.beginTotp(actorOf(req)),
  );

  app.post(
    '/me/totp/confirm',
    { config: self, schema: { tags, summary: 'Finish with a code from the app; returns ten recovery codes, shown once', body: TotpConfirmBodySchema, response: { 200: RecoveryCodesSchema } } },
    async (req) => services.auth.confirmTotp(actorOf(req), req.body.code.replace(/\s/g, '')),
  );

  app.post('/me/totp/disable', { config: self, schema: { tags, summary: 'Turn two-step verification off (password asked again)', body: TotpDisableBodySchema, response: { 200: OkSchema } } }, async (req) => {
    await services.auth.disableTotp(actorOf(req), req.body.password);
    return { ok: true as const };
  });
};
