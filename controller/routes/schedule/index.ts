// Schedule entries (drafts, published by approval; responses carry conflict warnings), and the two
// overrides that go out at once, without approval, by those with the duty: emergency (a message or
// playlist over everything, until it expires or is cleared) and blackout (black, the kill switch).
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { API } from '../../../playlists/api/index.ts';
import type { EntryReplaceBodySchema } from '../../../playlists/api/content.ts';
import type { Override, ScheduleEntry } from '../../../playlists/schedule.ts';
import { shortId } from '../../services/secrets.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';
import { route } from '../contract.ts';
import { iso } from '../../../playlists/api/common.ts';

const overrideView = (o: Override, boards?: string[]) => ({ ...o, startsAt: iso(o.startsAt), expiresAt: iso(o.expiresAt), clearedAt: iso(o.clearedAt), ...(boards ? { boards } : {}) });

export const scheduleRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { schedule } = services;
  const toEntry = (id: string, body: z.output<typeof EntryReplaceBodySchema>, previous?: ScheduleEntry): ScheduleEntry => {
    const { anchorAt, ...rest } = body;
    return { ...rest, id, anchorAt: anchorAt ? Date.parse(anchorAt) : (previous?.anchorAt ?? services.now()) };
  };

  route(app, API.listEntries, () => schedule.listEntries());
  route(app, API.getEntry, async ({ params }) => {
    const entry = await schedule.getEntry(params.id);
    return { ...entry, warnings: await schedule.conflicts(entry) };
  });
  route(app, API.checkEntry, async ({ body }) => {
    const { id, ...rest } = body;
    const entry = toEntry(id ?? shortId('entry'), rest, id ? await schedule.entryOrDraft(id) : undefined);
    return schedule.checkEntry(entry);
  });
  route(app, API.createEntry, async ({ query, body }, req) => {
    const { id, ...rest } = body;
    const result = await schedule.saveEntry(actorOf(req), toEntry(id ?? shortId('entry'), rest), { mode: 'create', submit: query.submit });
    return { ...result.entry, warnings: result.warnings, change: result.change, published: result.published };
  });
  route(app, API.updateEntry, async ({ params, query, body }, req) => {
    const result = await schedule.saveEntry(actorOf(req), toEntry(params.id, body, await schedule.entryOrDraft(params.id)), { mode: 'replace', submit: query.submit });
    return { ...result.entry, warnings: result.warnings, change: result.change, published: result.published };
  });
  route(app, API.deleteEntry, async ({ params, query }, req) => ({ ok: true as const, ...(await schedule.deleteEntry(actorOf(req), params.id, { submit: query.submit })) }));

  route(app, API.listEmergencies, async () => (await schedule.listOverrides('emergency')).map((o) => overrideView(o)));
  route(app, API.raiseEmergency, async ({ body: b }, req) => {
    const expiresAt = b.expiresAt ? Date.parse(b.expiresAt) : services.now() + b.durationMinutes! * 60_000;
    const { override, boards } = await schedule.startEmergency(actorOf(req), {
      targets: b.targets,
      content: b.text ? { text: b.text, durationSeconds: b.durationSeconds } : { playlistId: b.playlistId! },
      expiresAt,
      reason: b.reason ?? null,
    });
    return overrideView(override, boards);
  });
  route(app, API.clearEmergency, async ({ params }, req) => overrideView(await schedule.clearOverride(actorOf(req), params.id, 'emergency')));
  route(app, API.listBlackouts, async () => (await schedule.listOverrides('blackout')).map((o) => overrideView(o)));
  route(app, API.raiseBlackout, async ({ body }, req) => {
    const { override, boards } = await schedule.startBlackout(actorOf(req), { targets: body.targets, expiresAt: body.expiresAt ? Date.parse(body.expiresAt) : null, reason: body.reason ?? null });
    return overrideView(override, boards);
  });
  route(app, API.clearBlackout, async ({ params }, req) => overrideView(await schedule.clearOverride(actorOf(req), params.id, 'blackout')));
};
