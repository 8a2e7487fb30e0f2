// Schedule entries: which playlist plays on which boards and groups, when, on which layer and
// with which priority. Creating, changing and deleting one are drafts to approve; responses carry
// conflict warnings (same layer and priority overlapping).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SubmitQuerySchema } from '../../../playlists/api/changes.ts';
import { IdSchema } from '../../../playlists/board.ts';
import { ScheduleEntryFieldsSchema, datesInOrder } from '../../../playlists/schedule.ts';
import type { ScheduleEntry } from '../../../playlists/schedule.ts';
import { shortId } from '../../services/secrets.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

const EntryFields = ScheduleEntryFieldsSchema.omit({ id: true, anchorAt: true }).extend({
  /** When an 'always' loop starts (ISO 8601); defaults to now. */
  anchorAt: z.iso.datetime({ offset: true }).optional(),
});
const CreateBody = EntryFields.extend({ id: IdSchema.optional() }).superRefine(datesInOrder);
const ReplaceBody = EntryFields.superRefine(datesInOrder);
const Params = z.object({ id: IdSchema });
const read = { permission: 'content.read' } as const;
const edit = { permission: 'content.edit' } as const;

export const scheduleRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const toEntry = (id: string, body: z.infer<typeof ReplaceBody>, previous?: ScheduleEntry): ScheduleEntry => {
    const { anchorAt, ...rest } = body;
    return { ...rest, id, anchorAt: anchorAt ? Date.parse(anchorAt) : (previous?.anchorAt ?? services.now()) };
  };

  app.get('/schedule-entries', { config: read, schema: { tags: ['schedule'], summary: 'Approved entries, each with its pending change if any' } }, async () => services.schedule.listEntries());

  app.get('/schedule-entries/:id', { config: read, schema: { tags: ['schedule'], params: Params } }, async (req) => {
    const entry = services.schedule.getEntry(req.params.id);
    return { ...entry, warnings: services.schedule.conflicts(entry) };
  });

  app.post(
    '/schedule-entries',
    {
      config: edit,
      schema: {
        tags: ['schedule'],
        summary: 'Schedule a playlist on boards and groups: a draft (?submit=true sends it for approval)',
        description:
          'recurrence: {"kind":"always"} | {"kind":"daily","weekdays":[1..7],"window":{"start":"05:30","end":"22:00"}|null} | {"kind":"cron","expression":"30 7 * * 1-5","durationMinutes":60}. Windows may cross midnight (22:00–05:00). Dates are YYYY-MM-DD in the board\'s time zone, inclusive.',
        querystring: SubmitQuerySchema,
        body: CreateBody,
      },
    },
    async (req, reply) => {
      const { id, ...body } = req.body;
      const result = await services.schedule.saveEntry(actorOf(req), toEntry(id ?? shortId('entry'), body), { mode: 'create', submit: req.query.submit });
      reply.code(201);
      return { ...result.entry, warnings: result.warnings, change: result.change, published: result.published };
    },
  );

  app.put(
    '/schedule-entries/:id',
    { config: edit, schema: { tags: ['schedule'], summary: 'Change a schedule entry: a draft (?submit=true sends it for approval)', params: Params, querystring: SubmitQuerySchema, body: ReplaceBody } },
    async (req) => {
      const previous = services.schedule.entryOrDraft(req.params.id);
      const result = await services.schedule.saveEntry(actorOf(req), toEntry(req.params.id, req.body, previous), { mode: 'replace', submit: req.query.submit });
      return { ...result.entry, warnings: result.warnings, change: result.change, published: result.published };
    },
  );

  app.delete(
    '/schedule-entries/:id',
    { config: edit, schema: { tags: ['schedule'], summary: 'Ask for an entry to be deleted: a change to approve like any other (?submit=true sends it)', params: Params, querystring: SubmitQuerySchema } },
    async (req) => ({ ok: true, ...(await services.schedule.deleteEntry(actorOf(req), req.params.id, { submit: req.query.submit })) }),
  );
};
