// The board player: pairs once, receives its manifest over socket.io, keeps its own copy of every
// image, then shows showAt(manifest, controller time) — the same pure code the controller previews
// with — and reports what it shows (acknowledgements, heartbeats, proof of play). It keeps playing
// from its copies when the controller is unreachable, and comes back by itself.
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Manifest, ManifestItem } from '../../playlists/manifest.ts';
import { PAIRING_NAMESPACE, PLAYER_NAMESPACE } from '../../playlists/protocol.ts';
import type { PairingClientToServerEvents, PairingServerToClientEvents, PlayerClientToServerEvents, PlayerServerToClientEvents } from '../../playlists/protocol.ts';
import { brightnessAt, showAt } from '../../playlists/timeline.ts';
import { AssetCache } from './asset-cache.ts';
import { ClockSync } from './clock-sync.ts';
import { PopQueue } from './pop-queue.ts';
import type { PopRecord } from './pop-queue.ts';
import { openPopStore } from './pop-store.ts';
import { Screen } from './screen.ts';
import { storage } from './storage.ts';

type PlayerSocket = Socket<PlayerServerToClientEvents, PlayerClientToServerEvents>;

const HEARTBEAT_MS = 15_000;
const RESYNC_MS = 5 * 60_000;
const POP_FLUSH_MS = 30_000;
/** If playback has not ticked for this long, the page reloads itself. */
const WATCHDOG_MS = 20_000;

const bootedAt = Date.now();
const clock = new ClockSync();
/** Controller clock minus this box's clock, ms. */
let clockOffset = 0;
const now = () => Date.now() + clockOffset;
let cache: AssetCache | null = null;
const screen = new Screen(now, (u) => (cache ? cache.url(u) : u));
let manifest: Manifest | null = null;
let lastError: string | null = null;
let shownSlide: string | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let lastTickAt = Date.now();
let socket: PlayerSocket | null = null;
let pop: PopQueue | null = null;
let popPending = 0;
let current: Omit<PopRecord, 'endedAt'> | null = null;
let currentSegment: { layer: string; entryIds: string[] } = { layer: 'default', entryIds: [] };

function setState(state: 'pairing' | 'playing' | 'waiting'): void {
  document.body.className = state === 'pairing' ? 'pairing' : '';
  document.body.setAttribute('data-state', state);
}

function report(e: unknown): void {
  lastError = String(e instanceof Error ? e.message : e).slice(0, 1000);
}

/** Shows what the manifest says for now, and wakes up for the next change. */
function tick(): void {
  clearTimeout(timer);
  lastTickAt = Date.now();
  if (!manifest) return;
  try {
    const t = now();
    const shown = showAt(manifest, t);
    if (shown.item) {
      currentSegment = shown.segment ? { layer: shown.segment.layer, entryIds: shown.segment.entryIds } : { layer: 'default', entryIds: [] };
      screen.show(shown.item, shown.startedAt);
    } else {
      screen.black();
    }
    shownSlide = shown.item ? shown.item.slideId : null;
    document.body.setAttribute('data-black', shown.item ? '' : (shown.segment?.reason ?? 'nothing-scheduled'));
    screen.setBrightness(brightnessAt(manifest, t));
    // Wake at the boundary, and at least once a second (clock corrections, brightness, a stalled timer).
    timer = setTimeout(tick, Math.max(0, Math.min(shown.nextChangeAt - t, 1000)));
  } catch (e) {
    report(e);
    timer = setTimeout(tick, 1000);
  }
}

/** Proof of play: each item on screen becomes a record when the next one replaces it. */
screen.onShown = (item: ManifestItem | null, at: number) => {
  if (current && pop) {
    void pop.record({ ...current, endedAt: at }).then(() => {
      popPending++;
      if (popPending >= 50) void flushPop();
    }, report);
  }
  current =
    item && manifest
      ? { id: `${manifest.boardId}-${at}-${Math.random().toString(36).slice(2, 10)}`, boardId: manifest.boardId, slideId: item.slideId, sha256: item.sha256, layer: currentSegment.layer, entryIds: currentSegment.entryIds, startedAt: at }
      : null;
};

function flushPop(): Promise<void> {
  if (!pop) return Promise.resolve();
  return pop.flush().then((sent) => {
    popPending = Math.max(0, popPending - sent);
  }, report);
}

function itemsOf(m: Manifest): ManifestItem[] {
  const items: ManifestItem[] = [];
  for (const s of m.segments) if (s.kind === 'play') items.push(...s.items);
  if (m.fallback) items.push(...m.fallback.items);
  return items;
}

function urlsOf(m: Manifest): string[] {
  const urls: string[] = [];
  for (const i of itemsOf(m)) if (i.type !== 'clock') urls.push(i.url);
  return urls;
}

function play(m: Manifest): void {
  manifest = m;
  screen.setSize(m.board.width, m.board.height);
  setState('playing');
  tick();
}

/** NTP-style samples over the socket; the estimate keeps the fastest round trips. */
function syncClock(s: PlayerSocket, samples: number): void {
  let left = samples;
  const sample = () => {
    const sentAt = Date.now();
    s.timeout(5000).emit('time:sync', (err: Error | null, serverTime: number) => {
      if (!err && typeof serverTime === 'number') {
        clock.add({ sentAt, serverTime, receivedAt: Date.now() });
        const e = clock.estimate();
        if (e) clockOffset = e.offsetMs;
      }
      if (--left > 0) setTimeout(sample, 200);
      else tick();
    });
  };
  sample();
}

function heartbeat(): void {
  if (!socket || !socket.connected) return;
  const e = clock.estimate();
  socket.emit('heartbeat', {
    version: manifest ? manifest.version : null,
    slideId: shownSlide,
    black: shownSlide === null,
    clockOffsetMs: Math.round(clockOffset),
    rttMs: e ? Math.round(e.rttMs) : null,
    uptimeS: Math.round((Date.now() - bootedAt) / 1000),
    screen: { width: window.screen.width, height: window.screen.height },
    userAgent: navigator.userAgent.slice(0, 400),
    lastError,
    ...(cache ? { cache: cache.usage() } : {}),
    popPending,
  });
}

/** Forget the pairing: this box must be paired again, and shows nothing of the campaign. */
function unpair(s: PlayerSocket): void {
  s.close();
  socket = null;
  storage.setToken(null);
  storage.setManifest(null);
  manifest = null;
  clearTimeout(timer);
  screen.black();
  if (cache) void cache.sync([]).catch(report);
  startPairing('');
}

function connectPlayer(token: string): void {
  // Backoff with jitter: a thousand boards coming back after an outage do not all knock at once.
  const s: PlayerSocket = io(PLAYER_NAMESPACE, { auth: { token }, reconnectionDelay: 1000, reconnectionDelayMax: 30_000, randomizationFactor: 0.5 });
  socket = s;
  s.on('connect', () => {
    syncClock(s, 5);
    void flushPop();
  });
  s.on('connect_error', (err) => {
    if (err.message === 'unauthorized') unpair(s);
  });
  s.on('disconnect', (reason) => {
    // The controller closed this connection itself (e.g. the device was revoked): socket.io
    // does not reconnect after that, so ask again; a revoked token is then refused above.
    if (reason === 'io server disconnect') s.connect();
  });
  s.on('manifest', (m) => {
    storage.setManifest(m);
    s.emit('ack', { version: m.version, state: 'delivered' });
    const cached = cache ? cache.sync(urlsOf(m)) : Promise.resolve();
    cached.then(
      () => {
        s.emit('ack', { version: m.version, state: 'ready' });
        play(m);
        heartbeat();
      },
      (err: Error) => {
        // Play what is cached; a slide whose image is missing keeps the previous picture.
        report(err);
        play(m);
        heartbeat();
      },
    );
  });
}

function startPairing(message: string): void {
  setState('pairing');
  (document.getElementById('where') as HTMLElement).textContent = `Bộ điều khiển · Controller: ${location.host}`;
  (document.getElementById('error') as HTMLElement).textContent = message;
  const s: Socket<PairingServerToClientEvents, PairingClientToServerEvents> = io(PAIRING_NAMESPACE, { reconnectionDelayMax: 30_000, randomizationFactor: 0.5 });
  s.on('pairing:code', ({ code }) => {
    (document.getElementById('code') as HTMLElement).textContent = code;
  });
  s.on('pairing:approved', ({ token }) => {
    storage.setToken(token);
    s.close();
    setState('waiting');
    connectPlayer(token);
  });
}

async function redeemGrant(grant: string): Promise<string> {
  const res = await fetch('/player-api/grants/redeem', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant }) });
  const body = (await res.json()) as { token?: string; messageVi?: string; message?: string };
  if (!res.ok || !body.token) throw new Error(`${body.messageVi ?? ''} · ${body.message ?? res.status}`);
  return body.token;
}

function keepAwake(): void {
  const nav = navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<unknown> } };
  if (nav.wakeLock) nav.wakeLock.request('screen').catch(() => undefined);
}

async function boot(): Promise<void> {
  window.addEventListener('error', (e) => report(e.message));
  window.addEventListener('unhandledrejection', (e) => report((e as PromiseRejectionEvent).reason));
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('sw.js').catch(report);
  }
  keepAwake();
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && keepAwake());

  const params = new URLSearchParams(location.search);
  const grant = params.get('grant');
  let pairingMessage = '';
  if (grant) {
    // The grant is single-use: drop it from the address bar whatever happens.
    history.replaceState(null, '', location.pathname);
    try {
      storage.setToken(await redeemGrant(grant));
      storage.setManifest(null);
    } catch (e) {
      pairingMessage = (e as Error).message;
    }
  }
  try {
    cache = await AssetCache.open();
  } catch (e) {
    report(e);
  }
  pop = new PopQueue(await openPopStore(), (batch) =>
    socket && socket.connected
      ? new Promise<string[]>((resolve, reject) => socket!.timeout(10_000).emit('pop', batch, (err: Error | null, ids: string[]) => (err ? reject(err) : resolve(ids))))
      : Promise.reject(new Error('offline')),
  );
  // Offline first: play the last manifest from the cached images before the controller answers.
  const cached = storage.manifest();
  if (cached && cached.schemaVersion === 3) {
    if (cache) await cache.sync(urlsOf(cached)).catch(report);
    play(cached);
  }
  const token = storage.token();
  if (token) connectPlayer(token);
  else startPairing(pairingMessage);

  setInterval(heartbeat, HEARTBEAT_MS);
  setInterval(() => socket && socket.connected && syncClock(socket, 3), RESYNC_MS);
  setInterval(() => void flushPop(), POP_FLUSH_MS);
  // Watchdog: a stalled playback loop reloads the page (the service worker brings it back offline).
  setInterval(() => {
    if (manifest && Date.now() - lastTickAt > WATCHDOG_MS) location.reload();
  }, 5000);
}

void boot();
