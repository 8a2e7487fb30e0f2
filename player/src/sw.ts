// The player's service worker (secure contexts only: localhost or HTTPS). It keeps the page and
// script, so a box power-cycled while the controller is unreachable boots straight back into
// playback, and serves images from the player's own cache. The page is fetched network-first
// (updates apply when the controller is there), with a short timeout so a dead LAN does not stall
// the boot.
// The few service-worker types used here (the WebWorker lib cannot share a program with DOM).
interface SwEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  request: Request;
  respondWith(r: Promise<Response> | Response): void;
}
interface SwScope {
  addEventListener(type: 'install' | 'activate', listener: (e: SwEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: SwFetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}
// `self`, not globalThis: Chrome before 71 has no globalThis.
const sw = self as unknown as SwScope;

const SHELL = 'ledgate-shell-v1';
const MEDIA = 'ledgate-media-v1';
const SHELL_TIMEOUT_MS = 3000;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(['./', './player.js']))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(sw.clients.claim());
});

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (url.pathname.startsWith('/media/')) {
    event.respondWith(caches.open(MEDIA).then((c) => c.match(url.pathname).then((hit) => hit ?? fetch(event.request))));
    return;
  }
  if (url.pathname.startsWith('/player/') && !url.pathname.endsWith('/sw.js')) {
    // The grant in a pairing link is single-use: never cache a page by its query.
    const key = url.pathname.endsWith('/player/') ? './' : url.pathname;
    event.respondWith(
      withTimeout(fetch(event.request), SHELL_TIMEOUT_MS)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            void caches.open(SHELL).then((c) => c.put(key, copy));
          }
          return res;
        })
        .catch(() => caches.open(SHELL).then((c) => c.match(key)).then((hit) => hit ?? Response.error())),
    );
  }
});
