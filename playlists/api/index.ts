// The whole API contract: every HTTP route of the controller, by name. The controller registers its
// routes from this object; the web app calls them through it.
import { z } from 'zod';
import { accountEndpoints } from './accounts.ts';
import { alertEndpoints } from './alerts.ts';
import { boardEndpoints } from './boards.ts';
import { changeEndpoints } from './changes.ts';
import { contentEndpoints } from './content.ts';
import { endpoint } from './endpoint.ts';
import { reportEndpoints } from './reports.ts';

const otherEndpoints = {
  health: endpoint({ method: 'GET', path: '/healthz', permission: null, tags: ['health'], summary: 'Liveness', response: z.object({ ok: z.literal(true), version: z.string() }) }),
  ready: endpoint({
    method: 'GET',
    path: '/readyz',
    permission: null,
    tags: ['health'],
    summary: 'Readiness: the database (and Redis, when several processes share it) answer',
    description: 'For a load balancer: 200 when this process can serve, 503 naming what is out of reach otherwise.',
    response: z.object({ ok: z.literal(true), database: z.literal('ok'), redis: z.enum(['ok', 'off']) }),
  }),
  redeemGrant: endpoint({
    method: 'POST',
    path: '/player-api/grants/redeem',
    permission: null,
    tags: ['pairing'],
    summary: 'Exchange a one-time grant for a device token (player)',
    body: z.object({ grant: z.string().min(10).max(200) }),
    response: z.object({ token: z.string(), boardId: z.string() }),
  }),
};

export const API = { ...otherEndpoints, ...accountEndpoints, ...boardEndpoints, ...contentEndpoints, ...changeEndpoints, ...reportEndpoints, ...alertEndpoints };
export type Api = typeof API;
export type EndpointName = keyof Api;
