// Staff accounts (admins): create with roles, change roles and duties, disable, reset a password,
// list and end sessions. A change of rights ends the user's sessions, tokens and sockets at once.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreatedUserSchema,
  CreateUserBodySchema,
  OkSchema,
  ResetPasswordBodySchema,
  TemporaryPasswordSchema,
  TokenViewSchema,
  UpdateUserBodySchema,
  UsernameParamsSchema,
  UserTokenParamsSchema,
  UserViewSchema,
} from '../../../playlists/api/accounts.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

const manage = { permission: 'users.manage' } as const;
const tags = ['users'];

export const userRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/users', { config: manage, schema: { tags, summary: 'Every account with its roles (admin)', response: { 200: z.array(UserViewSchema) } } }, async () => services.users.list());

  app.post(
    '/users',
    { config: manage, schema: { tags, summary: 'Create an account; its temporary password is shown once and must be changed at first sign-in (admin)', body: CreateUserBodySchema, response: { 201: CreatedUserSchema } } },
    async (req, reply) => {
      const created = await services.users.create(actorOf(req), req.body);
      reply.code(201);
      return { user: created.user, temporaryPassword: created.temporaryPassword! };
    },
  );

  app.get('/users/:username', { config: manage, schema: { tags, params: UsernameParamsSchema, response: { 200: UserViewSchema } } }, async (req) => services.users.get(req.params.username));

  app.patch(
    '/users/:username',
    { config: manage, schema: { tags, summary: 'Change roles, duties, or disable; a change of rights ends the user\'s sessions, tokens and sockets (admin)', params: UsernameParamsSchema, body: UpdateUserBodySchema, response: { 200: UserViewSchema } } },
    async (req) => services.users.update(actorOf(req), req.params.username, req.body),
  );

  app.post(
    '/users/:username/reset-password',
    {
      config: manage,
      schema: { tags, summary: 'For lost credentials: a temporary password (shown once), every session and API token ended, optionally the second factor removed (admin)', params: UsernameParamsSchema, body: ResetPasswordBodySchema, response: { 200: TemporaryPasswordSchema } },
    },
    async (req) => services.users.resetPassword(actorOf(req), req.params.username, { resetSecondFactor: req.body.resetSecondFactor }),
  );

  app.get('/users/:username/sessions', { config: manage, schema: { tags, params: UsernameParamsSchema, response: { 200: z.array(TokenViewSchema) } } }, async (req) => services.users.sessions(req.params.username));

  app.delete('/users/:username/sessions', { config: manage, schema: { tags, summary: 'End every session and API token of a user (admin)', params: UsernameParamsSchema, response: { 200: OkSchema } } }, async (req) => {
    services.users.endSessions(actorOf(req), req.params.username);
    return { ok: true as const };
  });

  app.delete('/users/:username/sessions/:id', { config: manage, schema: { tags, params: UserTokenParamsSchema, response: { 200: OkSchema } } }, async (req) => {
    services.users.endSessions(actorOf(req), req.params.username, req.params.id);
    return { ok: true as const };
  });
};
