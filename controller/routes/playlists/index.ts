// Playlists: read and replace; the boards that play a changed playlist get a new manifest.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../playlists/board.ts';
import { PlaylistSchema } from '../../../playlists/playlist.ts';
import type { Services } from '../../services/index.ts';

const PlaylistParams = z.object({ id: IdSchema });

export const playlistRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/playlists', { schema: { tags: ['playlists'] } }, async () => services.store.content.listPlaylists());

  app.get('/playlists/:id', { schema: { tags: ['playlists'], params: PlaylistParams } }, async (req) => services.content.getPlaylist(req.params.id));

  app.put(
    '/playlists/:id',
    { schema: { tags: ['playlists'], summary: 'Create or replace a playlist', params: PlaylistParams, body: PlaylistSchema.omit({ id: true }) } },
    async (req) => services.content.savePlaylist({ ...req.body, id: req.params.id }),
  );
};
