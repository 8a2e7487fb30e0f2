// The staff web app (web/dist, built by `npm run build`): its hashed assets cached for good, and
// index.html for every page address (/, /slides/khau-hieu …) so a reload or a shared link opens the
// right page. Addresses of the API and the other parts keep their own 404.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
const NOT_PAGES = /^\/(api|auth|player|player-api|docs|media|fonts|assets|socket\.io|healthz|readyz|metrics)(\/|$)|\.[a-z0-9]+$/i;

export const webRoutes: FastifyPluginAsync = async (app) => {
  const index = path.join(WEB_DIST, 'index.html');
  if (!fs.existsSync(index)) app.log.warn(`web app missing in ${WEB_DIST}: run "npm run build"`);
  await app.register(fastifyStatic, {
    root: path.join(WEB_DIST, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
  });
  app.get('/favicon.svg', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('image/svg+xml').header('Cache-Control', 'public, max-age=86400').send(fs.readFileSync(path.join(WEB_DIST, 'favicon.svg'))),
  );
};

/** For the not-found handler: answers a page address with the app, or says it did not. */
export function servePage(req: FastifyRequest, reply: FastifyReply): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_PAGES.test(req.url.split('?')[0]!)) return false;
  let html: string;
  try {
    html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  } catch {
    return false;
  }
  void reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(html);
  return true;
}
