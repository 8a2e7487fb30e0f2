// The two admin overrides. Emergency: a message (or playlist) over everything, now, until it
// expires or is cleared. Blackout: black screen now — the kill switch for a board that shows
// something it must not. One call each, for boards, groups or all; they persist across restarts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../playlists/board.ts';
import { bi } from '../../../playlists/messages.ts';
import { OverrideTargetsSchema } from '../../../playlists/schedule.ts';
import type { Override } from '../../../playlists/schedule.ts';
import { DurationSecondsSchema, SlideSchema } from '../../../playlists/slide.ts';
import { humanText } from '../../../playlists/text.ts';
import { BadRequest } from '../../errors.ts';
import { shortId } from '../../services/secrets.ts';
import type { Services } from '../../services/index.ts';
import { requireRole } from '../authenticate.ts';

const Until = z.iso.datetime({ offset: true, error: bi('thời điểm ISO 8601 có múi giờ, ví dụ 2026-11-26T18:00:00+07:00', 'an ISO 8601 instant with its offset, e.g. 2026-11-26T18:00:00+07:00') });

const EmergencyBody = z
  .object({
    targets: OverrideTargetsSchema,
    /** A message drawn as a text slide on every target board… */
    text: humanText(500).optional(),
    /** …or an existing playlist. */
    playlistId: IdSchema.optional(),
    durationSeconds: DurationSecondsSchema.default(10),
    expiresAt: Until.optional(),
    durationMinutes: z.number().int().min(1).max(14 * 24 * 60).optional(),
    reason: humanText(500).optional(),
  })
  .refine((b) => (b.text ? 1 : 0) + (b.playlistId ? 1 : 0) === 1, bi('cho biết text (nội dung thông báo) hoặc playlistId, một trong hai', 'give either text (the message) or playlistId, not both'))
  .refine((b) => (b.expiresAt ? 1 : 0) + (b.durationMinutes ? 1 : 0) === 1, bi('thông báo khẩn phải có thời hạn: expiresAt hoặc durationMinutes', 'an emergency needs an expiry: expiresAt or durationMinutes'));

const BlackoutBody = z.object({
  targets: OverrideTargetsSchema,
  /** Leave out to keep the boards black until cleared. */
  expiresAt: Until.optional(),
  reason: humanText(500).optional(),
});

const view = (o: Override, boards?: string[]) => ({
  ...o,
  startsAt: new Date(o.startsAt).toISOString(),
  expiresAt: o.expiresAt === null ? null : new Date(o.expiresAt).toISOString(),
  clearedAt: o.clearedAt === null ? null : new Date(o.clearedAt).toISOString(),
  ...(boards ? { boards } : {}),
});

export const overrideRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/emergencies', { schema: { tags: ['overrides'] } }, async () => services.store.overrides.list('emergency').map((o) => view(o)));
  app.get('/blackouts', { schema: { tags: ['overrides'] } }, async () => services.store.overrides.list('blackout').map((o) => view(o)));

  app.post('/emergencies', { schema: { tags: ['overrides'], summary: 'Show a message over everything, now (admin)', body: EmergencyBody } }, async (req, reply) => {
    const user = requireRole(req, 'admin');
    const b = req.body;
    const now = services.now();
    const expiresAt = b.expiresAt ? Date.parse(b.expiresAt) : now + b.durationMinutes! * 60_000;
    let playlistId = b.playlistId;
    if (b.text) {
      // The message becomes its own slide and playlist, checked against every target board first.
      const id = shortId('khan');
      // The warning look: black on yellow, capitals.
      const slide = SlideSchema.parse({ id, kind: 'text', name: 'Thông báo khẩn', text: b.text, durationSeconds: b.durationSeconds, style: { preset: 'canh-bao' }, acceptLegacyLookingText: true });
      await services.content.checkFits([slide], services.schedule.boardsOf(b.targets));
      services.store.transaction(() => {
        services.store.content.upsertSlide(slide, null, now);
        services.store.content.upsertPlaylist({ id, name: `Thông báo khẩn ${new Date(now).toISOString()}`, items: [{ slideId: id }] }, null, now);
      });
      playlistId = id;
    }
    if (!playlistId) throw new BadRequest({ vi: 'Thiếu nội dung.', en: 'Nothing to show.' });
    const { override, boards } = await services.schedule.startEmergency({ targets: b.targets, playlistId, expiresAt, reason: b.reason ?? null, createdBy: user.username });
    reply.code(201);
    return view(override, boards);
  });

  app.delete('/emergencies/:id', { schema: { tags: ['overrides'], summary: 'Clear an emergency (admin)', params: z.object({ id: z.string().min(1).max(100) }) } }, async (req) => {
    requireRole(req, 'admin');
    return view(await services.schedule.clearOverride(req.params.id, 'emergency'));
  });

  app.post('/blackouts', { schema: { tags: ['overrides'], summary: 'Black screen now, until cleared or expiresAt (admin)', body: BlackoutBody } }, async (req, reply) => {
    const user = requireRole(req, 'admin');
    const { override, boards } = await services.schedule.startBlackout({
      targets: req.body.targets,
      expiresAt: req.body.expiresAt ? Date.parse(req.body.expiresAt) : null,
      reason: req.body.reason ?? null,
      createdBy: user.username,
    });
    reply.code(201);
    return view(override, boards);
  });

  app.delete('/blackouts/:id', { schema: { tags: ['overrides'], summary: 'Lift a blackout (admin)', params: z.object({ id: z.string().min(1).max(100) }) } }, async (req) => {
    requireRole(req, 'admin');
    return view(await services.schedule.clearOverride(req.params.id, 'blackout'));
  });
};
