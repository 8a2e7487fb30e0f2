// Schedule entries: which playlist plays on which boards and groups, when, on which layer and
// with which priority. Responses carry conflict warnings (same layer and priority overlapping).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../playlists/board.ts';
import { ScheduleEntryFieldsSchema, datesInOrder } from '../../../playlists/schedule.ts';
import type { ScheduleEntry } from '../../../playlists/schedule.ts';
import { shortId } from '../../services/secrets.ts';
import type { Services } from '../../services/index.ts';

const EntryFields = ScheduleEntryFieldsSchema.omit({ id: true, anchorAt: true }).extend({
  /** When an 'always' loop starts (ISO 8601); defaults to now. */
  anchorAt: z.iso.datetime({ offset: true }).optional(),
});
const CreateBody = EntryFields.extend({ id: IdSchema.optional() }).superRefine(datesInOrder);
const ReplaceBody = EntryFields.superRefine(datesInOrder);
const Params = z.object({ id: IdSchema });

export const scheduleRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const toEntry = (id: string, body: z.infer<typeof ReplaceBody>, previous?: ScheduleEntry): ScheduleEntry => {
    const { anchorAt, ...rest } = body;
    return { ...rest, id, anchorAt: anchorAt ? Date.parse(anchorAt) : (previous?.anchorAt ?? services.now()) };
  };

  app.get('/schedule-entries', { schema: { tags: ['schedule'] } }, async () => services.store.content.listEntries());

  app.get('/schedule-entries/:id', { schema: { tags: ['schedule'], params: Params } }, async (req) => {
    const entry = services.schedule.getEntry(req.params.id);
    return { ...entry, warnings: services.schedule.conflicts(entry) };
  });

  app.post(
    '/schedule-entries',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Schedule a playlist on boards and groups',
        description:
          'recurrence: {"kind":"always"} | {"kind":"daily","weekdays":[1..7],"window":{"start":"05:30","end":"22:00"}|null} | {"kind":"cron","expression":"30 7 * * 1-5","durationMinutes":60}. Windows may cross midnight (22:00–05:00). Dates are YYYY-MM-DD in the board\'s time zone, inclusive.',
        body: CreateBody,
      },
    },
    async (req, reply) => {
      const { id, ...body } = req.body;
      const result = await services.schedule.saveEntry(toEntry(id ?? shortId('entry'), body), 'create');
      reply.code(201);
      return { ...result.entry, warnings: result.warnings };
    },
  );

  app.put('/schedule-entries/:id', { schema: { tags: ['schedule'], summary: 'Replace a schedule entry', params: Params, body: ReplaceBody } }, async (req) => {
    const previous = services.schedule.getEntry(req.params.id);
    const result = await services.schedule.saveEntry(toEntry(req.params.id, req.body, previous), 'replace');
    return { ...result.entry, warnings: result.warnings };
  });

  app.delete('/schedule-entries/:id', { schema: { tags: ['schedule'], params: Params } }, async (req) => {
    await services.schedule.deleteEntry(req.params.id);
    return { ok: true };
  });
};
