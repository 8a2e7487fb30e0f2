// Playlists: read; save a new version as a draft (published by approval, or at once when approval
// is switched off). The boards that play a published playlist get a new manifest.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SubmitQuerySchema } from '../../../playlists/api/changes.ts';
import { IdSchema } from '../../../playlists/board.ts';
import { PlaylistSchema } from '../../../playlists/playlist.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authenticate.ts';

const PlaylistParams = z.object({ id: IdSchema });
const read = { permission: 'content.read' } as const;

export const playlistRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/playlists', { config: read, schema: { tags: ['playlists'], summary: 'Approved playlists, each with its pending change if any' } }, async () => services.content.listPlaylists());

  app.get('/playlists/:id', { config: read, schema: { tags: ['playlists'], summary: 'The approved playlist', params: PlaylistParams } }, async (req) => services.content.getPlaylist(req.params.id));

  app.put(
    '/playlists/:id',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags: ['playlists'],
        summary: 'Create or change a playlist: saved as a draft (?submit=true sends it for approval); published at once only when approval is switched off',
        params: PlaylistParams,
        querystring: SubmitQuerySchema,
        body: PlaylistSchema.omit({ id: true }),
      },
    },
    async (req) => {
      const playlist = { ...req.body, id: req.params.id };
      const saved = await services.content.savePlaylist(actorOf(req), playlist, { submit: req.query.submit });
      return { ...playlist, ...saved };
    },
  );
};
