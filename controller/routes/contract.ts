// Registers a route from its entry in the API contract (playlists/api/): the contract's schemas
// validate the request and the response and document both (OpenAPI), and its permission is the one
// the /api guard checks. A handler receives the validated input.
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { ErrorBodySchema } from '../../playlists/api/common.ts';
import type { Endpoint, ReplyOf, ValidatedOf } from '../../playlists/api/endpoint.ts';

export function route<E extends Endpoint>(
  app: FastifyInstance,
  e: E,
  handler: (input: ValidatedOf<E>, req: FastifyRequest, reply: FastifyReply) => Promise<ReplyOf<E>> | ReplyOf<E>,
  opts: { bodyLimit?: number; config?: FastifyContextConfig & Record<string, unknown> } = {},
): void {
  const status = e.status ?? 200;
  const schema: FastifySchema & Record<string, unknown> = {
    summary: e.summary,
    tags: e.tags,
    ...(e.description ? { description: e.description } : {}),
    ...(e.params ? { params: e.params } : {}),
    ...(e.query ? { querystring: e.query } : {}),
    ...(e.body ? { body: e.body } : {}),
    ...(e.permission === null ? { security: [] } : {}),
    ...(e.produces ? { produces: [e.produces] } : {}),
    response: { ...(e.response ? { [status]: e.response } : {}), '4xx': ErrorBodySchema, '5xx': ErrorBodySchema },
  };
  app.route({
    method: e.method,
    url: e.path,
    ...(opts.bodyLimit ? { bodyLimit: opts.bodyLimit } : {}),
    config: { ...opts.config, ...(e.permission ? { permission: e.permission } : {}), ...(e.beforePasswordChange ? { beforePasswordChange: true } : {}) },
    schema,
    handler: async (req, reply) => {
      if (status !== 200) reply.code(status);
      return await handler({ params: req.params, query: req.query, body: req.body } as ValidatedOf<E>, req, reply);
    },
  });
}
