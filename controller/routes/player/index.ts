// The player bundle (player/dist, built by `npm run build`) and its one HTTP call: redeeming a
// one-time pairing grant for a device token.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { API } from '../../../playlists/api/index.ts';
import type { Services } from '../../services/index.ts';
import { route } from '../contract.ts';

export const PLAYER_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../player/dist');

export const playerRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  if (!fs.existsSync(path.join(PLAYER_DIST, 'index.html'))) {
    app.log.warn(`player bundle missing in ${PLAYER_DIST}: run "npm run build"`);
  }
  await app.register(fastifyStatic, {
    root: PLAYER_DIST,
    prefix: '/player/',
    decorateReply: false,
    // The page and script change with each release; players revalidate (cheap 304s).
    cacheControl: false,
    setHeaders: (res) => {
      res.setHeader('Cache-Control', 'no-cache');
    },
  });
  app.get('/player', { schema: { hide: true } }, async (req, reply) => reply.redirect(`/player/${req.url.slice('/player'.length)}`, 301));

  route(app, API.redeemGrant, async ({ body }, req) => {
    const { token, boardId } = await services.pairing.redeemGrant(body.grant, req.ip ?? null);
    return { token, boardId };
  });
};
