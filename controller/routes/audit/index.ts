// The audit trail: one record per change, filtered by actor, action, target and period, and as CSV.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditQuerySchema, AuditRecordSchema } from '../../../playlists/api/changes.ts';
import type { Services } from '../../services/index.ts';

const filterOf = (q: Omit<z.infer<typeof AuditQuerySchema>, 'before' | 'limit'>) => ({
  actor: q.actor,
  action: q.action,
  targetKind: q.targetKind,
  targetId: q.targetId,
  from: q.from ? Date.parse(q.from) : undefined,
  to: q.to ? Date.parse(q.to) : undefined,
});

export const auditRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/audit',
    { config: { permission: 'audit.read' }, schema: { tags: ['audit'], summary: 'Audit records, newest first; page with ?before=<seq of the last one>', querystring: AuditQuerySchema, response: { 200: z.array(AuditRecordSchema) } } },
    async (req) => services.audit.query({ ...filterOf(req.query), beforeSeq: req.query.before, limit: req.query.limit }),
  );

  app.get(
    '/audit/export.csv',
    { config: { permission: 'audit.read' }, schema: { tags: ['audit'], summary: 'The selected records as CSV (UTF-8 with BOM, for Excel), oldest first', querystring: AuditQuerySchema.omit({ before: true, limit: true }) } },
    async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="ledgate-audit-${new Date(services.now()).toISOString().slice(0, 10)}.csv"`)
        .send(services.audit.csv(filterOf(req.query))),
  );
};
