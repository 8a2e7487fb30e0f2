// Cross-site request forgery: a page on another origin (another port of the same host, a sibling
// subdomain — SameSite=Strict does not cover those) must not make a signed-in browser change
// anything, nor read the operators' live view. A browser says where a request comes from (Origin,
// Sec-Fetch-Site); a change or a sign-in carried by the session cookie is refused unless it comes
// from the controller's own pages. Scripts with an API token are not concerned: browsers never
// attach a token by themselves.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Forbidden } from '../errors.ts';
import { crossSite } from '../origin.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function refuseCrossSite(app: FastifyInstance): void {
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!UNSAFE.has(req.method)) return;
    if (!req.url.startsWith('/api/') && !req.url.startsWith('/auth/')) return;
    if (req.headers.authorization?.startsWith('Bearer ')) return;
    if (crossSite(req.headers)) {
      throw new Forbidden({
        vi: 'Yêu cầu đến từ một trang khác, không phải trang của bộ điều khiển: bị từ chối. Hãy thao tác trên trang LEDGate.',
        en: 'This request comes from another site, not the controller’s own pages: refused. Use the LEDGate pages.',
      });
    }
  });
}
