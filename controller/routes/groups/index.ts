// Board groups: members and a default playlist; schedule entries and overrides may target them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../playlists/board.ts';
import { GroupSchema } from '../../../playlists/schedule.ts';
import type { Services } from '../../services/index.ts';

const Params = z.object({ id: IdSchema });

export const groupRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/groups', { schema: { tags: ['groups'] } }, async () => services.store.groups.list());
  app.get('/groups/:id', { schema: { tags: ['groups'], params: Params } }, async (req) => services.schedule.getGroup(req.params.id));
  app.put(
    '/groups/:id',
    { schema: { tags: ['groups'], summary: 'Create or replace a group (its members and default playlist)', params: Params, body: GroupSchema.omit({ id: true }) } },
    async (req) => services.schedule.saveGroup({ ...req.body, id: req.params.id }),
  );
  app.delete('/groups/:id', { schema: { tags: ['groups'], params: Params } }, async (req) => {
    await services.schedule.deleteGroup(req.params.id);
    return { ok: true };
  });
};
