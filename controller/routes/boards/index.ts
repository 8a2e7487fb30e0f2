// Boards: list with truthful delivery state, register, settings, display schedule, what shows at
// an instant, timeline, manifest, proof of play, pairing grants and devices.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BoardSchema, IdSchema } from '../../../playlists/board.ts';
import { DisplayScheduleSchema } from '../../../playlists/schedule.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

const BoardParams = z.object({ id: IdSchema });
const read = { permission: 'boards.read' } as const;
const Instant = z.iso.datetime({ offset: true });

export const boardRoutes: FastifyPluginAsyncZod<{ services: Services; publicUrl: string }> = async (app, { services, publicUrl }) => {
  const { boards } = services;

  app.get('/boards', { config: read, schema: { tags: ['boards'], summary: 'All boards with their delivery state' } }, async () => boards.statuses());

  app.get('/boards/:id', { config: read, schema: { tags: ['boards'], params: BoardParams } }, async (req) => boards.status(req.params.id));

  app.get('/boards/:id/status', { config: read, schema: { tags: ['boards'], summary: 'Delivery state and last heartbeat', params: BoardParams } }, async (req) => boards.status(req.params.id).delivery);

  app.patch(
    '/boards/:id',
    {
      config: { permission: 'boards.manage' },
      schema: {
        tags: ['boards'],
        summary: 'Change a board\'s name, time zone, pixel pitch or default playlist (admin)',
        params: BoardParams,
        body: BoardSchema.pick({ name: true, timeZone: true, pitchMm: true }).partial().extend({ defaultPlaylistId: IdSchema.nullable().optional() }),
      },
    },
    async (req) => boards.update(actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/boards/:id/plays',
    {
      config: read,
      schema: { tags: ['boards'], summary: 'Proof of play: what the board showed between two instants, as its player reported it', params: BoardParams, querystring: z.object({ from: Instant, to: Instant }) },
    },
    async (req) => boards.plays(req.params.id, Date.parse(req.query.from), Date.parse(req.query.to)),
  );

  app.get('/boards/:id/display', { config: read, schema: { tags: ['boards'], params: BoardParams } }, async (req) => boards.display(req.params.id));

  app.put(
    '/boards/:id/display',
    { config: { permission: 'boards.display' }, schema: { tags: ['boards'], summary: 'Brightness and power-off windows (board time zone; admin or operator)', params: BoardParams, body: DisplayScheduleSchema } },
    async (req) => boards.setDisplay(actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/boards/:id/preview',
    { config: read, schema: { tags: ['boards'], summary: 'What the board shows at an instant (default: now), computed by the player\'s own code', params: BoardParams, querystring: z.object({ at: Instant.optional() }) } },
    async (req) => boards.previewAt(req.params.id, req.query.at ? Date.parse(req.query.at) : services.now()),
  );

  app.get(
    '/boards/:id/timeline',
    { config: read, schema: { tags: ['boards'], summary: 'The segments between two instants (at most 31 days)', params: BoardParams, querystring: z.object({ from: Instant, to: Instant }) } },
    async (req) => boards.timeline(req.params.id, Date.parse(req.query.from), Date.parse(req.query.to)),
  );

  app.post('/boards', { config: { permission: 'boards.manage' }, schema: { tags: ['boards'], summary: 'Register a board (admin)', body: BoardSchema } }, async (req, reply) => {
    const created = await boards.create(actorOf(req), req.body);
    reply.code(201);
    return created;
  });

  app.get('/boards/:id/manifest', { config: read, schema: { tags: ['boards'], summary: 'The manifest the board plays now', params: BoardParams } }, async (req) => boards.manifest(req.params.id));

  app.post(
    '/boards/:id/grants',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['boards', 'pairing'],
        summary: 'A one-time URL that opens this board\'s player already paired (admin or operator)',
        params: BoardParams,
        body: z.object({ ttlHours: z.number().min(0.1).max(24 * 30).default(24 * 7) }).default({ ttlHours: 24 * 7 }),
      },
    },
    async (req, reply) => {
      const { grant, expiresAt } = services.pairing.createGrant(actorOf(req), req.params.id, req.body.ttlHours * 3_600_000);
      reply.code(201);
      return { url: playerGrantUrl(publicUrl, grant), expiresAt: new Date(expiresAt).toISOString() };
    },
  );

  app.get('/boards/:id/devices', { config: read, schema: { tags: ['boards', 'pairing'], params: BoardParams } }, async (req) => boards.devices(req.params.id));

  app.post(
    '/devices/:id/revoke',
    { config: { permission: 'devices.manage' }, schema: { tags: ['pairing'], summary: 'Revoke a player device token; its connection is closed at once (admin or operator)', params: z.object({ id: z.string().min(1).max(100) }) } },
    async (req) => {
      services.pairing.revokeDevice(actorOf(req), req.params.id);
      return { ok: true };
    },
  );
};

export function playerGrantUrl(publicUrl: string, grant: string): string {
  return `${publicUrl}/player/?grant=${encodeURIComponent(grant)}`;
}
