// The two overrides that go out at once, without approval, by those with the duty (admins, and
// operators an admin granted it). Emergency: a message (or playlist) over everything, now, until
// it expires or is cleared. Blackout: black screen now — the kill switch for a board that shows
// something it must not. One call each, for boards, groups or all; audited, with who raised and
// who cleared each one.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../playlists/board.ts';
import { bi } from '../../../playlists/messages.ts';
import { OverrideTargetsSchema } from '../../../playlists/schedule.ts';
import type { Override } from '../../../playlists/schedule.ts';
import { DurationSecondsSchema } from '../../../playlists/slide.ts';
import { humanText } from '../../../playlists/text.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

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

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const view = (o: Override, boards?: string[]) => ({ ...o, startsAt: iso(o.startsAt), expiresAt: iso(o.expiresAt), clearedAt: iso(o.clearedAt), ...(boards ? { boards } : {}) });
const IdParams = z.object({ id: z.string().min(1).max(100) });
const duty = { permission: 'overrides.manage' } as const;
const read = { permission: 'content.read' } as const;

export const overrideRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { schedule } = services;
  app.get('/emergencies', { config: read, schema: { tags: ['overrides'], summary: 'Emergencies, newest first, with who raised and who cleared each' } }, async () => schedule.listOverrides('emergency').map((o) => view(o)));
  app.get('/blackouts', { config: read, schema: { tags: ['overrides'], summary: 'Blackouts, newest first, with who raised and who cleared each' } }, async () => schedule.listOverrides('blackout').map((o) => view(o)));

  app.post('/emergencies', { config: duty, schema: { tags: ['overrides'], summary: 'Show a message over everything, now (admin, or operator with the emergency duty)', body: EmergencyBody } }, async (req, reply) => {
    const b = req.body;
    const expiresAt = b.expiresAt ? Date.parse(b.expiresAt) : services.now() + b.durationMinutes! * 60_000;
    const { override, boards } = await schedule.startEmergency(actorOf(req), {
      targets: b.targets,
      content: b.text ? { text: b.text, durationSeconds: b.durationSeconds } : { playlistId: b.playlistId! },
      expiresAt,
      reason: b.reason ?? null,
    });
    reply.code(201);
    return view(override, boards);
  });

  app.delete('/emergencies/:id', { config: duty, schema: { tags: ['overrides'], summary: 'Clear an emergency', params: IdParams } }, async (req) => view(await schedule.clearOverride(actorOf(req), req.params.id, 'emergency')));

  app.post('/blackouts', { config: duty, schema: { tags: ['overrides'], summary: 'Black screen now, until cleared or expiresAt (admin, or operator with the emergency duty)', body: BlackoutBody } }, async (req, reply) => {
    const { override, boards } = await schedule.startBlackout(actorOf(req), {
      targets: req.body.targets,
      expiresAt: req.body.expiresAt ? Date.parse(req.body.expiresAt) : null,
      reason: req.body.reason ?? null,
    });
    reply.code(201);
    return view(override, boards);
  });

  app.delete('/blackouts/:id', { config: duty, schema: { tags: ['overrides'], summary: 'Lift a blackout', params: IdParams } }, async (req) => view(await schedule.clearOverride(actorOf(req), req.params.id, 'blackout')));
};
