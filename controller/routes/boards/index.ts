// Boards: list with truthful delivery state, register, manifest, pairing grants, devices.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BoardSchema, IdSchema } from '../../../playlists/board.ts';
import { DisplayScheduleSchema } from '../../../playlists/schedule.ts';
import { brightnessAt, showAt } from '../../../playlists/timeline.ts';
import { BadRequest } from '../../errors.ts';
import { boardStatus } from '../../services/board-status.ts';
import { compileBoard } from '../../services/compile.ts';
import type { Services } from '../../services/index.ts';
import type { BoardRow } from '../../store/boards-repo.ts';
import { requireRole } from '../authenticate.ts';

const BoardParams = z.object({ id: IdSchema });

export const boardRoutes: FastifyPluginAsyncZod<{ services: Services; publicUrl: string }> = async (app, { services, publicUrl }) => {
  const { store } = services;
  const view = (board: BoardRow) => boardStatus(store, board);
  const board = (id: string) => services.content.getBoard(id);

  app.get('/boards', { schema: { tags: ['boards'], summary: 'All boards with their delivery state' } }, async () => store.boards.list().map(view));

  app.get('/boards/:id', { schema: { tags: ['boards'], params: BoardParams } }, async (req) => view(board(req.params.id)));

  app.get('/boards/:id/status', { schema: { tags: ['boards'], summary: 'Delivery state and last heartbeat', params: BoardParams } }, async (req) => view(board(req.params.id)).delivery);

  app.patch(
    '/boards/:id',
    {
      schema: {
        tags: ['boards'],
        summary: 'Change a board\'s name, time zone, pixel pitch or default playlist (admin)',
        params: BoardParams,
        body: BoardSchema.pick({ name: true, timeZone: true, pitchMm: true }).partial().extend({ defaultPlaylistId: IdSchema.nullable().optional() }),
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return view(await services.schedule.updateBoard(req.params.id, req.body));
    },
  );

  app.get(
    '/boards/:id/plays',
    {
      schema: {
        tags: ['boards'],
        summary: 'Proof of play: what the board showed between two instants, as its player reported it',
        params: BoardParams,
        querystring: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
      },
    },
    async (req) => {
      board(req.params.id);
      return store.plays.forBoard(req.params.id, Date.parse(req.query.from), Date.parse(req.query.to)).map((p) => ({
        ...p,
        startedAt: new Date(p.startedAt).toISOString(),
        endedAt: new Date(p.endedAt).toISOString(),
      }));
    },
  );

  app.get('/boards/:id/display', { schema: { tags: ['boards'], params: BoardParams } }, async (req) => {
    board(req.params.id);
    return store.boards.display(req.params.id);
  });

  app.put(
    '/boards/:id/display',
    { schema: { tags: ['boards'], summary: 'Brightness and power-off windows (board time zone)', params: BoardParams, body: DisplayScheduleSchema } },
    async (req) => services.schedule.setDisplay(req.params.id, req.body),
  );

  app.get(
    '/boards/:id/preview',
    {
      schema: {
        tags: ['boards'],
        summary: 'What the board shows at an instant (default: now), computed by the player\'s own code',
        params: BoardParams,
        querystring: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
      },
    },
    async (req) => {
      const b = board(req.params.id);
      const at = req.query.at ? Date.parse(req.query.at) : services.now();
      const current = await services.publisher.current(b.id);
      // Inside the horizon, the board's own manifest; beyond it, the schedule compiled for then.
      const manifest = at >= current.horizon.from && at < current.horizon.to ? current : await compileBoard(b.id, { store, renditions: services.renditions, now: at });
      const shown = showAt(manifest, at);
      return {
        at: new Date(at).toISOString(),
        manifestVersion: manifest.version,
        black: shown.item === null,
        reason: shown.item === null ? (shown.segment?.reason ?? (manifest.fallback ? null : 'nothing-scheduled')) : null,
        layer: shown.item ? (shown.segment?.layer ?? 'default') : null,
        entryIds: shown.item ? (shown.segment?.entryIds ?? []) : [],
        slideId: shown.item?.slideId ?? null,
        imageUrl: shown.item && shown.item.type !== 'clock' ? shown.item.url : null,
        itemType: shown.item?.type ?? null,
        brightness: brightnessAt(manifest, at),
        nextChangeAt: Number.isFinite(shown.nextChangeAt) ? new Date(shown.nextChangeAt).toISOString() : null,
      };
    },
  );

  app.get(
    '/boards/:id/timeline',
    {
      schema: {
        tags: ['boards'],
        summary: 'The segments between two instants (at most 31 days)',
        params: BoardParams,
        querystring: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
      },
    },
    async (req) => {
      const b = board(req.params.id);
      const from = Date.parse(req.query.from);
      const to = Date.parse(req.query.to);
      if (!(to > from)) throw new BadRequest({ vi: '"to" phải sau "from".', en: '"to" must be after "from".' });
      if (to - from > 31 * 86_400_000) throw new BadRequest({ vi: 'Tối đa 31 ngày mỗi lần xem.', en: 'At most 31 days at a time.' });
      const manifest = await compileBoard(b.id, { store, renditions: services.renditions, now: services.now(), horizon: { from, to } });
      return manifest.segments.map((s) => ({
        ...s,
        from: new Date(s.from).toISOString(),
        to: new Date(s.to).toISOString(),
        ...(s.kind === 'play' ? { items: s.items.map((i) => ({ slideId: i.slideId, type: i.type, url: i.type === 'clock' ? null : i.url, durationMs: i.durationMs })) } : {}),
      }));
    },
  );

  app.post(
    '/boards',
    { schema: { tags: ['boards'], summary: 'Register a board (admin)', body: BoardSchema } },
    async (req, reply) => {
      requireRole(req, 'admin');
      const created = services.content.createBoard(req.body);
      await services.publisher.recompile([created.id]);
      reply.code(201);
      return view(board(created.id));
    },
  );

  app.get(
    '/boards/:id/manifest',
    { schema: { tags: ['boards'], summary: 'The manifest the board plays now', params: BoardParams } },
    async (req) => {
      board(req.params.id);
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
    board(req.params.id);
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
