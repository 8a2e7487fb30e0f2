// Boards: list with truthful delivery state, register, manifest, pairing grants, devices.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BoardSchema, IdSchema } from '../../../playlists/board.ts';
import type { Board } from '../../../playlists/board.ts';
import type { Services } from '../../services/index.ts';
import { requireRole } from '../authenticate.ts';

const BoardParams = z.object({ id: IdSchema });

export type DeliveryState = 'unknown' | 'pending' | 'delivered' | 'ready';

export const boardRoutes: FastifyPluginAsyncZod<{ services: Services; publicUrl: string }> = async (app, { services, publicUrl }) => {
  const { store } = services;

  const view = (board: Board) => {
    const manifest = store.manifests.latest(board.id);
    const d = store.boards.delivery(board.id);
    // Never claim more than the player acknowledged for the current version.
    let state: DeliveryState = 'unknown';
    if (manifest) {
      if (d.readyVersion === manifest.version) state = 'ready';
      else if (d.deliveredVersion === manifest.version) state = 'delivered';
      else state = 'pending';
    }
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      ...board,
      delivery: {
        state,
        version: manifest?.version ?? null,
        publishedAt: iso(manifest?.generatedAt ?? null),
        deliveredVersion: d.deliveredVersion,
        deliveredAt: iso(d.deliveredAt),
        readyVersion: d.readyVersion,
        readyAt: iso(d.readyAt),
      },
    };
  };

  app.get('/boards', { schema: { tags: ['boards'], summary: 'All boards with their delivery state' } }, async () => store.boards.list().map(view));

  app.get('/boards/:id', { schema: { tags: ['boards'], params: BoardParams } }, async (req) => view(services.content.getBoard(req.params.id)));

  app.post(
    '/boards',
    { schema: { tags: ['boards'], summary: 'Register a board (admin)', body: BoardSchema } },
    async (req, reply) => {
      requireRole(req, 'admin');
      const board = services.content.createBoard(req.body);
      await services.publisher.recompile([board.id]);
      reply.code(201);
      return view(board);
    },
  );

  app.get(
    '/boards/:id/manifest',
    { schema: { tags: ['boards'], summary: 'The manifest the board plays now', params: BoardParams } },
    async (req) => {
      services.content.getBoard(req.params.id);
      return services.publisher.current(req.params.id);
    },
  );

  app.post(
    '/boards/:id/grants',
    {
      schema: {
        tags: ['boards', 'pairing'],
        summary: 'A one-time URL that opens this board\'s player already paired (admin)',
        params: BoardParams,
        body: z.object({ ttlHours: z.number().min(0.1).max(24 * 30).default(24 * 7) }).default({ ttlHours: 24 * 7 }),
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      const { grant, expiresAt } = services.pairing.createGrant(req.params.id, req.body.ttlHours * 3_600_000);
      reply.code(201);
      return { url: playerGrantUrl(publicUrl, grant), expiresAt: new Date(expiresAt).toISOString() };
    },
  );

  app.get('/boards/:id/devices', { schema: { tags: ['boards', 'pairing'], params: BoardParams } }, async (req) => {
    services.content.getBoard(req.params.id);
    return store.devices.listForBoard(req.params.id).map((d) => ({
      ...d,
      createdAt: new Date(d.createdAt).toISOString(),
      revokedAt: d.revokedAt ? new Date(d.revokedAt).toISOString() : null,
      lastSeenAt: d.lastSeenAt ? new Date(d.lastSeenAt).toISOString() : null,
    }));
  });

  app.post(
    '/devices/:id/revoke',
    { schema: { tags: ['pairing'], summary: 'Revoke a player device token; its connection is closed at once (admin)', params: z.object({ id: z.string().min(1).max(100) }) } },
    async (req) => {
      requireRole(req, 'admin');
      services.pairing.revokeDevice(req.params.id);
      return { ok: true };
    },
  );
};

export function playerGrantUrl(publicUrl: string, grant: string): string {
  return `${publicUrl}/player/?grant=${encodeURIComponent(grant)}`;
}
