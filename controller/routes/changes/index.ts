// Drafts and their approval, the installation's approval switch, and the audit trail.
import type { FastifyPluginAsync } from 'fastify';
import { API } from '../../../playlists/api/index.ts';
import type { ChangeStatus } from '../../services/changes.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';
import { route } from '../contract.ts';

const auditFilter = (q: { actor?: string | undefined; action?: string | undefined; targetKind?: string | undefined; targetId?: string | undefined; from?: string | undefined; to?: string | undefined }) => ({
  actor: q.actor,
  action: q.action,
  targetKind: q.targetKind,
  targetId: q.targetId,
  from: q.from ? Date.parse(q.from) : undefined,
  to: q.to ? Date.parse(q.to) : undefined,
});

export const changeRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { changes } = services;
  route(app, API.listChanges, ({ query }) => changes.list({ status: query.status?.split(',') as ChangeStatus[] | undefined, kind: query.kind, targetId: query.targetId }));
  route(app, API.getChange, ({ params }) => changes.get(params.id));
  route(app, API.previewChange, async ({ params, query }) => {
    const p = await services.boards.previewChange(params.id, query.board);
    return { ...p, board: { id: p.board.id, name: p.board.name, width: p.board.width, height: p.board.height, timeZone: p.board.timeZone } };
  });
  route(app, API.submitChange, ({ params }, req) => changes.submit(actorOf(req), params.id));
  route(app, API.approveChange, ({ params, body }, req) => changes.approve(actorOf(req), params.id, body.version));
  route(app, API.rejectChange, ({ params, body }, req) => changes.reject(actorOf(req), params.id, body.reason, body.version));
  route(app, API.discardChange, ({ params }, req) => changes.discard(actorOf(req), params.id));

  route(app, API.getSettings, () => services.settings.get());
  route(app, API.updateSettings, ({ body }, req) => services.settings.update(actorOf(req), body));

  route(app, API.listAudit, ({ query }) => services.audit.query({ ...auditFilter(query), beforeSeq: query.before, limit: query.limit }));
  route(app, API.exportAudit, async ({ query }, _req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="ledgate-audit-${new Date(services.now()).toISOString().slice(0, 10)}.csv"`)
      .send(await services.audit.csv(auditFilter(query))),
  );
};
