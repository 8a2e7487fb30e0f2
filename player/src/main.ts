// The board player: pairs once, receives its manifest over socket.io, preloads every image,
// then shows itemAt(manifest, controller time) — the same pure code the controller previews with.
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Manifest, ManifestItem } from '../../playlists/manifest.ts';
import { PAIRING_NAMESPACE, PLAYER_NAMESPACE } from '../../playlists/protocol.ts';
import type { PairingClientToServerEvents, PairingServerToClientEvents, PlayerClientToServerEvents, PlayerServerToClientEvents } from '../../playlists/protocol.ts';
import { itemAt, nextSegmentStart } from '../../playlists/timeline.ts';
import { Screen, preload } from './screen.ts';
import { storage } from './storage.ts';

const screen = new Screen();
let manifest: Manifest | null = null;
/** Controller clock minus this box's clock, ms. */
let clockOffset = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

const now = () => Date.now() + clockOffset;

function setState(state: 'pairing' | 'playing' | 'waiting'): void {
  document.body.className = state === 'pairing' ? 'pairing' : '';
  document.body.setAttribute('data-state', state);
}

/** Shows what the manifest says for now, and wakes up for the next change. */
function tick(): void {
  clearTimeout(timer);
  if (!manifest) return;
  const t = now();
  const playing = itemAt(manifest, t);
  let wake: number;
  if (playing) {
    screen.show(playing.item);
    wake = playing.nextChangeAt - t;
  } else {
    screen.black();
    wake = nextSegmentStart(manifest, t) - t;
  }
  // Wake at the boundary, and at least once a second (clock corrections, a stalled timer).
  timer = setTimeout(tick, Math.max(0, Math.min(wake, 1000)));
}

function play(m: Manifest): void {
  manifest = m;
  screen.setSize(m.board.width, m.board.height);
  setState('playing');
  tick();
}

function allItems(m: Manifest): ManifestItem[] {
  const items: ManifestItem[] = [];
  for (const s of m.segments) items.push(...s.items);
  if (m.fallback) items.push(...m.fallback.items);
  return items;
}

function syncClock(socket: Socket<PlayerServerToClientEvents, PlayerClientToServerEvents>): void {
  // NTP-style: several samples, trust the one with the shortest round trip.
  let best = Infinity;
  let left = 5;
  const sample = () => {
    const sent = Date.now();
    socket.timeout(5000).emit('time:sync', (err: Error | null, serverNow: number) => {
      const received = Date.now();
      if (!err && typeof serverNow === 'number' && received - sent < best) {
        best = received - sent;
        clockOffset = serverNow + best / 2 - received;
      }
      if (--left > 0) setTimeout(sample, 200);
      else tick();
    });
  };
  sample();
}

function connectPlayer(token: string): void {
  const socket: Socket<PlayerServerToClientEvents, PlayerClientToServerEvents> = io(PLAYER_NAMESPACE, { auth: { token } });
  socket.on('connect', () => syncClock(socket));
  socket.on('connect_error', (err) => {
    if (err.message === 'unauthorized') {
      // Revoked or unknown token: this box must be paired again; it shows nothing meanwhile.
      socket.close();
      storage.setToken(null);
      storage.setManifest(null);
      manifest = null;
      screen.black();
      startPairing('');
    }
  });
  socket.on('manifest', (m) => {
    storage.setManifest(m);
    socket.emit('ack', { version: m.version, state: 'delivered' });
    preload(allItems(m)).then(
      () => {
        socket.emit('ack', { version: m.version, state: 'ready' });
        play(m);
      },
      (err: Error) => {
        // Play what loads; the missing image's slot keeps the previous picture.
        console.error(err);
        play(m);
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
  if (cached) play(cached);
  const token = storage.token();
  if (token) connectPlayer(token);
  else startPairing(pairingMessage);
}

void boot();
