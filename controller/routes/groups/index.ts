// Board groups: members and a default playlist; schedule entries and overrides may target them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../playlists/board.ts';
import { GroupSchema } from '../../../playlists/schedule.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

const Params = z.object({ id: IdSchema });

export const groupRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/groups', { config: { permission: 'content.read' }, schema: { tags: ['groups'] } }, async () => services.schedule.listGroups());
  app.get('/groups/:id', { config: { permission: 'content.read' }, schema: { tags: ['groups'], params: Params } }, async (req) => services.schedule.getGroup(req.params.id));
  app.put(
    '/groups/:id',
    { config: { permission: 'boards.manage' }, schema: { tags: ['groups'], summary: 'Create or replace a group: its members and default playlist (admin)', params: Params, body: GroupSchema.omit({ id: true }) } },
    async (req) => services.schedule.saveGroup(actorOf(req), { ...req.body, id: req.params.id }),
  );
  app.delete('/groups/:id', { config: { permission: 'boards.manage' }, schema: { tags: ['groups'], summary: 'Delete a group no schedule entry targets (admin)', params: Params } }, async (req) => {
    await services.schedule.deleteGroup(actorOf(req), req.params.id);
    return { ok: true };
  });
};
