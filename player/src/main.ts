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
/** How far ahead the next picture is loaded and decoded (after any fade has finished). */
const LOOKAHEAD_MS = 1000;
/** Reconnect: full jitter over a growing window (1 s … 30 s): a thousand boards spread over 30 s. */
const RECONNECT_BASE_MS = 1000;
const RECONNECT_CAP_MS = 30_000;
const CURRENT_KEY = 'ledgate.currentDisplay';
/** WebSocket first (one connection, no polling requests per reconnect); long-polling only if it fails. */
const TRANSPORTS = { transports: ['websocket', 'polling'], tryAllTransports: true };
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
// performance.now(): a step of the box's wall clock must not look like a stall.
let lastTickAt = performance.now();
let socket: PlayerSocket | null = null;
let pop: PopQueue | null = null;
let popPending = 0;
let current: Omit<PopRecord, 'endedAt'> | null = null;
let currentSegment: { layer: string; entryIds: string[] } = { layer: 'default', entryIds: [] };
/** What the screen shows, as operators see it: a layer, or black and why. A change is reported at once. */
let shownState = { layer: null as string | null, blackReason: null as string | null };

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
  lastTickAt = performance.now();
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
    if (shown.nextChangeAt - t <= LOOKAHEAD_MS && Number.isFinite(shown.nextChangeAt)) {
      const next = showAt(manifest, shown.nextChangeAt);
      if (next.item) screen.prepare(next.item, next.startedAt);
    }
    shownSlide = shown.item ? shown.item.slideId : null;
    const blackReason = shown.item ? null : (shown.segment?.reason ?? 'nothing-scheduled');
    document.body.setAttribute('data-black', blackReason ?? '');
    const layer = shown.item ? currentSegment.layer : null;
    if (layer !== shownState.layer || blackReason !== shownState.blackReason) {
      shownState = { layer, blackReason };
      heartbeat();
    }
    screen.setBrightness(brightnessAt(manifest, t));
    // Wake at the boundary, and at least once a second (clock corrections, brightness, a stalled timer).
    timer = setTimeout(tick, Math.max(0, Math.min(shown.nextChangeAt - t, 1000)));
  } catch (e) {
    report(e);
    timer = setTimeout(tick, 1000);
  }
}

function finish(record: Omit<PopRecord, 'endedAt'>, endedAt: number): void {
  if (!pop) return;
  void pop.record({ ...record, endedAt: Math.round(endedAt) }).then(() => {
    popPending++;
    if (popPending >= 50) void flushPop();
  }, report);
}

/** Proof of play: each item on screen becomes a record when the next one replaces it. */
screen.onShown = (item: ManifestItem | null, at: number) => {
  if (current) finish(current, at);
  current =
    item && manifest
      ? {
          id: `${manifest.boardId}-${Math.round(at)}-${Math.random().toString(36).slice(2, 10)}`,
          boardId: manifest.boardId,
          slideId: item.slideId,
          sha256: item.sha256,
          layer: currentSegment.layer,
          entryIds: item.entryId ? [item.entryId] : currentSegment.entryIds,
          ...(item.playlistId ? { playlistId: item.playlistId } : {}),
          startedAt: Math.round(at),
        }
      : null;
  // The display on screen survives a reload: kept, and closed when the page goes away.
  try {
    if (current) localStorage.setItem(CURRENT_KEY, JSON.stringify(current));
    else localStorage.removeItem(CURRENT_KEY);
  } catch {
    // memory only
  }
};

window.addEventListener('pagehide', () => {
  try {
    if (current) localStorage.setItem(CURRENT_KEY, JSON.stringify({ ...current, endedAt: Math.round(now()) }));
  } catch {
    // memory only
  }
});

/** A display cut short by a reload (or the watchdog): recorded up to when the page went away. */
function recoverCurrent(): void {
  try {
    const raw = localStorage.getItem(CURRENT_KEY);
    localStorage.removeItem(CURRENT_KEY);
    const r = raw ? (JSON.parse(raw) as PopRecord) : null;
    if (r && typeof r.endedAt === 'number') finish(r, r.endedAt);
  } catch {
    // nothing to recover
  }
}

function flushPop(): Promise<void> {
  if (!pop) return Promise.resolve();
  return pop.flush().then((sent) => {
    popPending = Math.max(0, popPending - sent);
  }, report);
}

/** Every file the manifest needs on the box: images, strips, and the clock's font. */
function itemsOf(m: Manifest): ManifestItem[] {
  const items: ManifestItem[] = [];
  for (const s of m.segments) if (s.kind === 'play') items.push(...s.items);
  if (m.fallback) items.push(...m.fallback.items);
  return items;
}

function urlsOf(m: Manifest): string[] {
  const urls: string[] = [];
  for (const i of itemsOf(m)) urls.push(i.type === 'clock' ? i.fontUrl : i.url);
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
    layer: shownState.layer,
    blackReason: shownState.blackReason,
  });
}

/** Forget the pairing: this box must be paired again, and shows nothing of the campaign. */
function unpair(s: PlayerSocket): void {
  socket = null;
  s.close();
  storage.setToken(null);
  storage.setManifest(null);
  manifest = null;
  clearTimeout(timer);
  screen.black();
  if (cache) void cache.sync([]).catch(report);
  startPairing('');
}

function connectPlayer(token: string): void {
  // Reconnection is ours: exponential backoff with full jitter, so a thousand boards coming back
  // after a controller restart spread over the window instead of knocking in the same second.
  const s: PlayerSocket = io(PLAYER_NAMESPACE, { auth: { token }, reconnection: false, ...TRANSPORTS });
  socket = s;
  let attempts = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const reconnectLater = () => {
    clearTimeout(retry);
    const window = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * Math.pow(2, attempts++));
    retry = setTimeout(() => socket === s && !s.connected && s.connect(), Math.random() * window);
  };
  s.on('connect', () => {
    attempts = 0;
    syncClock(s, 5);
    void flushPop();
  });
  s.on('connect_error', (err) => {
    if (err.message === 'unauthorized') unpair(s);
    else reconnectLater();
  });
  // Whatever the reason (network, controller restart, revocation), try again; a revoked token is
  // then refused above.
  s.on('disconnect', () => reconnectLater());
  // The newest manifest received, and the pending retry of its downloads.
  let newest: Manifest | null = null;
  let downloadRetry: ReturnType<typeof setTimeout> | undefined;
  const receive = (m: Manifest, attempt: number) => {
    const cached = cache ? cache.sync(urlsOf(m)) : Promise.resolve();
    cached.then(
      () => {
        if (newest !== m) return;
        // Kept for a reboot only once every file is on the box.
        storage.setManifest(m);
        s.emit('ack', { version: m.version, state: 'ready' });
        if (manifest !== m) play(m);
        heartbeat();
      },
      (err: Error) => {
        report(err);
        if (newest !== m) return;
        // Play what is cached; a slide whose image is missing keeps the previous picture...
        if (manifest !== m) {
          play(m);
          heartbeat();
        }
        // ...and fetch what is missing again, backing off (with jitter: a thousand boards failed
        // together), until it is all here or a newer manifest replaces this one.
        const window = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * Math.pow(2, attempt + 1));
        downloadRetry = setTimeout(() => newest === m && receive(m, attempt + 1), window / 2 + (Math.random() * window) / 2);
      },
    );
  };
  s.on('manifest', (m) => {
    s.emit('ack', { version: m.version, state: 'delivered' });
    newest = m;
    clearTimeout(downloadRetry);
    receive(m, 0);
  });
}

/**
 * The pairing screen fills the area the board shows: ?size=WxH in the address (e.g. 1216x400), or
 * a 6 × 3 m P10 board's 576 × 288 — the smallest common board, so the code is on any board.
 */
function layoutPairing(): void {
  const m = /^(\d{2,4})x(\d{2,4})$/.exec(new URLSearchParams(location.search).get('size') ?? '');
  const dpr = window.devicePixelRatio || 1;
  const w = Math.min(window.innerWidth, (m ? Number(m[1]) : 576) / dpr);
  const h = Math.min(window.innerHeight, (m ? Number(m[2]) : 288) / dpr);
  const box = document.getElementById('pairing') as HTMLElement;
  box.style.width = `${w}px`;
  box.style.height = `${h}px`;
  const unit = Math.min(h, w / 2);
  const set = (sel: string, k: number) => ((box.querySelector(sel) as HTMLElement).style.fontSize = `${Math.round(unit * k)}px`);
  set('.label', 0.07);
  set('.code', 0.26); // 7 monospace characters ≈ 4.3 em: fits, since unit ≤ width / 2
  set('.where', 0.055);
  set('.error', 0.05);
}

function startPairing(message: string): void {
  setState('pairing');
  layoutPairing();
  (document.getElementById('where') as HTMLElement).textContent = `Bộ điều khiển · Controller: ${location.host}`;
  (document.getElementById('error') as HTMLElement).textContent = message;
  const s: Socket<PairingServerToClientEvents, PairingClientToServerEvents> = io(PAIRING_NAMESPACE, { reconnectionDelayMax: 30_000, randomizationFactor: 0.5, ...TRANSPORTS });
  const errorLine = document.getElementById('error') as HTMLElement;
  let attempts = 0;
  s.on('pairing:code', ({ code }) => {
    attempts = 0;
    errorLine.textContent = message;
    (document.getElementById('code') as HTMLElement).textContent = code;
  });
  s.on('pairing:busy', (m) => {
    errorLine.textContent = `${m.vi} · ${m.en}`;
  });
  // The controller closed the connection (busy, or restarting): socket.io does not come back by
  // itself after that, so try again later — backoff with full jitter — and say so on screen.
  s.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect') return;
    (document.getElementById('code') as HTMLElement).textContent = '…';
    if (!errorLine.textContent) errorLine.textContent = 'Mất kết nối với bộ điều khiển, đang thử lại… · Lost the controller, trying again…';
    const window = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * Math.pow(2, attempts++));
    setTimeout(() => s.connect(), Math.random() * window);
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
  // Ask the browser not to evict the cached files when the disk runs low.
  const storageManager = (navigator as Navigator & { storage?: { persist?: () => Promise<boolean> } }).storage;
  if (storageManager && storageManager.persist) storageManager.persist().catch(() => undefined);
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
  recoverCurrent();
  // Offline first: play the last manifest from the box's own copies, before (and without) the network.
  const cached = storage.manifest();
  if (cached && cached.schemaVersion === 3) {
    if (cache) await cache.restore(urlsOf(cached)).catch(report);
    play(cached);
  }
  const token = storage.token();
  if (token) connectPlayer(token);
  else startPairing(pairingMessage);

  setInterval(heartbeat, HEARTBEAT_MS);
  setInterval(() => socket && socket.connected && syncClock(socket, 3), RESYNC_MS);
  setInterval(() => void flushPop(), POP_FLUSH_MS);
  // A step of the box's own clock (NTP after a boot in 1970, a user) makes old samples wrong.
  let wallMinusMono = Date.now() - performance.now();
  setInterval(() => {
    const d = Date.now() - performance.now();
    if (Math.abs(d - wallMinusMono) > 1000) {
      clock.reset();
      if (socket && socket.connected) syncClock(socket, 5);
    }
    wallMinusMono = d;
  }, 1000);
  // Watchdog: a stalled playback loop restarts; the page reloads only if it can come back (the
  // service worker has it, or the controller answers) — never onto a browser error page.
  let stalls = 0;
  setInterval(() => {
    if (!manifest || performance.now() - lastTickAt < WATCHDOG_MS) {
      stalls = 0;
      return;
    }
    report('watchdog: playback stalled');
    // First restart the loop; if it stalls again, start the page afresh.
    if (++stalls < 2) {
      tick();
      return;
    }
    const canReload = navigator.serviceWorker && navigator.serviceWorker.controller ? Promise.resolve(true) : fetch(location.pathname, { method: 'HEAD', cache: 'no-store' }).then((r) => r.ok, () => false);
    void canReload.then((ok) => ok && location.reload());
  }, 5000);
}

void boot();
