// The board player: pairs once, receives its manifest over socket.io, preloads every image,
// then shows showAt(manifest, controller time) — the same pure code the controller previews with —
// and reports what it shows (acknowledgements, heartbeats).
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Manifest, ManifestItem } from '../../playlists/manifest.ts';
import { PAIRING_NAMESPACE, PLAYER_NAMESPACE } from '../../playlists/protocol.ts';
import type { PairingClientToServerEvents, PairingServerToClientEvents, PlayerClientToServerEvents, PlayerServerToClientEvents } from '../../playlists/protocol.ts';
import { brightnessAt, showAt } from '../../playlists/timeline.ts';
import { Screen, preload } from './screen.ts';
import { storage } from './storage.ts';

type PlayerSocket = Socket<PlayerServerToClientEvents, PlayerClientToServerEvents>;

const HEARTBEAT_MS = 15_000;
const bootedAt = Date.now();
const now = () => Date.now() + clockOffset;
const screen = new Screen(now);
let manifest: Manifest | null = null;
/** Controller clock minus this box's clock, ms. */
let clockOffset = 0;
let bestRtt: number | null = null;
let lastError: string | null = null;
let shownSlide: string | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

function setState(state: 'pairing' | 'playing' | 'waiting'): void {
  document.body.className = state === 'pairing' ? 'pairing' : '';
  document.body.setAttribute('data-state', state);
}

/** Shows what the manifest says for now, and wakes up for the next change. */
function tick(): void {
  clearTimeout(timer);
  if (!manifest) return;
  const t = now();
  const shown = showAt(manifest, t);
  if (shown.item) screen.show(shown.item, shown.startedAt);
  else screen.black();
  shownSlide = shown.item ? shown.item.slideId : null;
  document.body.setAttribute('data-black', shown.item ? '' : (shown.segment?.reason ?? 'nothing-scheduled'));
  screen.setBrightness(brightnessAt(manifest, t));
  // Wake at the boundary, and at least once a second (clock corrections, brightness, a stalled timer).
  timer = setTimeout(tick, Math.max(0, Math.min(shown.nextChangeAt - t, 1000)));
}

function play(m: Manifest): void {
  manifest = m;
  screen.setSize(m.board.width, m.board.height);
  setState('playing');
  tick();
}

function allItems(m: Manifest): ManifestItem[] {
  const items: ManifestItem[] = [];
  for (const s of m.segments) if (s.kind === 'play') items.push(...s.items);
  if (m.fallback) items.push(...m.fallback.items);
  return items;
}

function syncClock(socket: PlayerSocket): void {
  // NTP-style: several samples, trust the one with the shortest round trip.
  let best = Infinity;
  let left = 5;
  const sample = () => {
    const sent = Date.now();
    socket.timeout(5000).emit('time:sync', (err: Error | null, serverNow: number) => {
      const received = Date.now();
      if (!err && typeof serverNow === 'number' && received - sent < best) {
        best = received - sent;
        bestRtt = best;
        clockOffset = serverNow + best / 2 - received;
      }
      if (--left > 0) setTimeout(sample, 200);
      else tick();
    });
  };
  sample();
}

function heartbeat(socket: PlayerSocket): void {
  if (!socket.connected) return;
  socket.emit('heartbeat', {
    version: manifest ? manifest.version : null,
    slideId: shownSlide,
    black: shownSlide === null,
    clockOffsetMs: Math.round(clockOffset),
    rttMs: bestRtt,
    uptimeS: Math.round((Date.now() - bootedAt) / 1000),
    screen: { width: window.screen.width, height: window.screen.height },
    userAgent: navigator.userAgent.slice(0, 400),
    lastError,
  });
}

/** Forget the pairing: this box must be paired again, and shows nothing of the campaign. */
function unpair(socket: PlayerSocket): void {
  socket.close();
  storage.setToken(null);
  storage.setManifest(null);
  manifest = null;
  clearTimeout(timer);
  screen.black();
  startPairing('');
}

function connectPlayer(token: string): void {
  const socket: PlayerSocket = io(PLAYER_NAMESPACE, { auth: { token } });
  let beat: ReturnType<typeof setInterval> | undefined;
  socket.on('connect', () => {
    syncClock(socket);
    clearInterval(beat);
    beat = setInterval(() => heartbeat(socket), HEARTBEAT_MS);
  });
  socket.on('connect_error', (err) => {
    if (err.message === 'unauthorized') {
      clearInterval(beat);
      unpair(socket);
    }
  });
  socket.on('disconnect', (reason) => {
    // The controller closed this connection itself (e.g. the device was revoked): socket.io
    // does not reconnect after that, so ask again; a revoked token is then refused above.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('manifest', (m) => {
    storage.setManifest(m);
    socket.emit('ack', { version: m.version, state: 'delivered' });
    preload(allItems(m)).then(
      () => {
        socket.emit('ack', { version: m.version, state: 'ready' });
        play(m);
        heartbeat(socket);
      },
      (err: Error) => {
        // Play what loads; a slide whose image failed keeps the previous picture.
        lastError = err.message;
        play(m);
        heartbeat(socket);
      },
    );
  });
}

function startPairing(message: string): void {
  setState('pairing');
  (document.getElementById('where') as HTMLElement).textContent = `Bộ điều khiển · Controller: ${location.host}`;
  (document.getElementById('error') as HTMLElement).textContent = message;
  const socket: Socket<PairingServerToClientEvents, PairingClientToServerEvents> = io(PAIRING_NAMESPACE);
  socket.on('pairing:code', ({ code }) => {
    (document.getElementById('code') as HTMLElement).textContent = code;
  });
  socket.on('pairing:approved', ({ token }) => {
    storage.setToken(token);
    socket.close();
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

window.addEventListener('error', (e) => {
  lastError = String(e.message).slice(0, 1000);
});

async function boot(): Promise<void> {
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
  const cached = storage.manifest();
  if (cached && cached.schemaVersion === 3) play(cached);
  const token = storage.token();
  if (token) connectPlayer(token);
  else startPairing(pairingMessage);
}

void boot();
