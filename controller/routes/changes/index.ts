// Drafts and their approval: the queue of changes, a change beside what plays now on a board,
// submit, approve, reject (with a reason), discard.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../playlists/board.ts';
import { ChangeDetailSchema, ChangeListQuerySchema, ChangeParamsSchema, ChangePreviewSchema, ChangeSummarySchema, RejectBodySchema } from '../../../playlists/api/changes.ts';
import type { ChangeStatus } from '../../services/changes.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

const tags = ['approval'];

export const changeRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/changes',
    { config: { permission: 'content.read' }, schema: { tags, summary: 'Drafts and changes, newest first (filter by status, e.g. ?status=submitted for the approval queue)', querystring: ChangeListQuerySchema, response: { 200: z.array(ChangeSummarySchema) } } },
    async (req) => services.changes.list({ status: req.query.status?.split(',') as ChangeStatus[] | undefined, kind: req.query.kind, targetId: req.query.targetId }),
  );

  app.get('/changes/:id', { config: { permission: 'content.read' }, schema: { tags, summary: 'A change, with the approved version it would replace', params: ChangeParamsSchema, response: { 200: ChangeDetailSchema } } }, async (req) =>
    services.changes.get(req.params.id),
  );

  app.get(
    '/changes/:id/preview',
    {
      config: { permission: 'content.read' },
      schema: { tags, summary: 'The change on one board, beside what plays now: its slides as the board draws them, and the next 48 hours with and without it', params: ChangeParamsSchema, querystring: z.object({ board: IdSchema }), response: { 200: ChangePreviewSchema } },
    },
    async (req) => {
      const p = await services.boards.previewChange(req.params.id, req.query.board);
      return { ...p, board: { id: p.board.id, name: p.board.name, width: p.board.width, height: p.board.height, timeZone: p.board.timeZone } };
    },
  );

  app.post('/changes/:id/submit', { config: { permission: 'content.edit' }, schema: { tags, summary: 'Send a draft for approval', params: ChangeParamsSchema, response: { 200: ChangeSummarySchema } } }, async (req) =>
    services.changes.submit(actorOf(req), req.params.id),
  );

  app.post(
    '/changes/:id/approve',
    { config: { permission: 'changes.review' }, schema: { tags, summary: 'Publish a submitted change (never one\'s own); its boards get it within a second', params: ChangeParamsSchema, response: { 200: ChangeSummarySchema } } },
    async (req) => services.changes.approve(actorOf(req), req.params.id),
  );

  app.post(
    '/changes/:id/reject',
    { config: { permission: 'changes.review' }, schema: { tags, summary: 'Send a submitted change back with a reason its author will read', params: ChangeParamsSchema, body: RejectBodySchema, response: { 200: ChangeSummarySchema } } },
    async (req) => services.changes.reject(actorOf(req), req.params.id, req.body.reason),
  );

  app.delete('/changes/:id', { config: { permission: 'content.edit' }, schema: { tags, summary: 'Discard a draft (the approved version stays)', params: ChangeParamsSchema, response: { 200: ChangeSummarySchema } } }, async (req) =>
    services.changes.discard(actorOf(req), req.params.id),
  );
};
