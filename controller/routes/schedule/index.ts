// Schedule entries: which playlist plays on which boards (always-on in the walking skeleton).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../playlists/board.ts';
import { ScheduleEntrySchema } from '../../../playlists/schedule.ts';
import { shortId } from '../../services/secrets.ts';
import type { Services } from '../../services/index.ts';

const EntryBody = ScheduleEntrySchema.omit({ id: true, anchorAt: true }).extend({
  id: IdSchema.optional(),
  /** When the loop starts (ISO 8601); defaults to now. */
  anchorAt: z.iso.datetime({ offset: true }).optional(),
});

export const scheduleRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/schedule-entries', { schema: { tags: ['schedule'] } }, async () => services.store.content.listEntries());

  app.post('/schedule-entries', { schema: { tags: ['schedule'], summary: 'Schedule a playlist on boards', body: EntryBody } }, async (req, reply) => {
    const { id, anchorAt, ...rest } = req.body;
    const entry = await services.content.createEntry({
      ...rest,
      id: id ?? shortId('entry'),
      anchorAt: anchorAt ? Date.parse(anchorAt) : services.now(),
    });
    reply.code(201);
    return entry;
  });

  app.delete('/schedule-entries/:id', { schema: { tags: ['schedule'], params: z.object({ id: IdSchema }) } }, async (req) => {
    await services.content.deleteEntry(req.params.id);
    return { ok: true };
  });
};
