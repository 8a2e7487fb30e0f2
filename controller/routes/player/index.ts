// The player bundle (player/dist, built by `npm run build`) and its one HTTP call: redeeming a
// one-time pairing grant for a device token.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';

export const PLAYER_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../player/dist');

export const playerRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  if (!fs.existsSync(path.join(PLAYER_DIST, 'index.html'))) {
    app.log.warn(`player bundle missing in ${PLAYER_DIST}: run "npm run build"`);
  }
  await app.register(fastifyStatic, {
    root: PLAYER_DIST,
    prefix: '/player/',
    decorateReply: false,
    // The page and script change with each release; players revalidate (cheap 304s).
    cacheControl: false,
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });
  app.get('/player', { schema: { hide: true } }, async (req, reply) => reply.redirect(`/player/${req.url.slice('/player'.length)}`, 301));

  app.post(
    '/player-api/grants/redeem',
    {
      schema: {
        tags: ['pairing'],
        summary: 'Exchange a one-time grant for a device token (player)',
        body: z.object({ grant: z.string().min(10).max(200) }),
      },
    },
    async (req) => {
      const { token, boardId } = services.pairing.redeemGrant(req.body.grant, req.ip ?? null);
      return { token, boardId };
    },
  );
};
