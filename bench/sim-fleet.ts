// Simulated player boxes for bench/fleet.ts, in their own process (forked, driven over IPC): one
// socket.io client per device token, behaving on the wire like player/src/main.ts — acknowledges
// each manifest (delivered on arrival, ready once its files are fetched), samples the controller's
// clock on connect, beats every 15 s, and reconnects by itself with the player's own backoff. One
// difference: a failed image download is retried (see cacheFiles).
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Manifest } from '../playlists/manifest.ts';
import type { Heartbeat, PlayerClientToServerEvents, PlayerServerToClientEvents } from '../playlists/protocol.ts';

type PlayerSocket = Socket<PlayerServerToClientEvents, PlayerClientToServerEvents>;

/** Orchestrator → this process. */
export type FleetCommand = { type: 'start'; url: string; tokens: string[]; deadlineMs: number } | { type: 'drop'; deadlineMs: number } | { type: 'stats' } | { type: 'close' };

export interface PhaseReport {
  type: 'phase';
  phase: 'connect' | 'storm';
  total: number;
  done: number;
  /** Until the last socket of this process was ready (or the deadline). */
  ms: number;
  /** Per socket, from the start of the phase to its "ready" acknowledgement: p50, p99, max. */
  p50: number;
  p99: number;
  max: number;
  /** Per socket, from the start of the phase to its manifest's arrival (ready waits for the files too). */
  manifestP50: number;
  manifestP99: number;
  /** When this process's file downloads of the phase finished (ms from its start), or null if none. */
  filesMs: number | null;
  /** How many were ready within 10 s and 30 s. */
  within10s: number;
  within30s: number;
  /** When not all are ready: where the others are stuck. */
  connected: number;
  withManifest: number;
  waitingForFiles: number;
}
export interface StatsReport {
  type: 'stats';
  heartbeats: number;
  manifests: number;
  connects: number;
  /** Disconnections the process did not cause itself (ping timeouts, the server closing). */
  unexpectedDisconnects: number;
  connectErrors: Record<string, number>;
  fetches: number;
  fetchErrors: number;
  /** What the last failed download said (with its cause: undici's connect timeout, a reset…). */
  lastFetchError: string | null;
}
/** This process → orchestrator. */
export type FleetMessage = { type: 'hello'; pid: number } | { type: 'progress'; phase: string; done: number; total: number; elapsedMs: number } | PhaseReport | StatsReport;

// The player's constants (player/src/main.ts): heartbeat period, reconnect window 1 s doubling to
// 30 s with full jitter, five clock samples 200 ms apart on each connection.
const HEARTBEAT_MS = 15_000;
const RECONNECT_BASE_MS = 1000;
const RECONNECT_CAP_MS = 30_000;
const CLOCK_SAMPLES = 5;
const CLOCK_SAMPLE_GAP_MS = 200;

interface Box {
  s: PlayerSocket;
  version: string | null;
  screen: { width: number; height: number };
  attempts: number;
  retry: ReturnType<typeof setTimeout> | undefined;
  /** Set when the phase needs this box to come back on a fresh connection before it counts. */
  awaitingConnect: boolean;
  /** The last phase this box was counted in. */
  countedIn: number;
  /** The manifest version whose files are being fetched, if any. */
  fetching: string | null;
  gotManifest: boolean;
}

const send = (m: FleetMessage) => process.send!(m);
const bootedAt = Date.now();
const boxes: Box[] = [];
const stats: StatsReport = { type: 'stats', heartbeats: 0, manifests: 0, connects: 0, unexpectedDisconnects: 0, connectErrors: {}, fetches: 0, fetchErrors: 0, lastFetchError: null };
let closing = false;
let baseUrl = '';

// A player box keeps its files: each URL is fetched once per process, and sockets that need it
// while it is on its way wait for the same download rather than acknowledging early.
const files = new Map<string, Promise<void>>();
function fetchOnce(url: string): Promise<void> {
  let p = files.get(url);
  if (!p) {
    stats.fetches++;
    p = fetch(`${baseUrl}${url}`).then(async (res) => {
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      if (phase) phase.filesMs = Math.max(phase.filesMs ?? 0, performance.now() - phase.startedAt);
    });
    p.catch((err: Error & { cause?: { code?: string; message?: string } }) => {
      stats.fetchErrors++;
      stats.lastFetchError = `${err.message}${err.cause ? ` (${err.cause.code ?? err.cause.message})` : ''}`;
      files.delete(url);
    });
    files.set(url, p);
  }
  return p;
}

/**
 * The manifest's files, retried every 1–3 s while the box still holds this manifest. The real
 * player does not retry (it waits for its next manifest); here one download serves every box of
 * the process, so one failure would otherwise hold thousands of boxes at "delivered".
 */
async function cacheFiles(box: Box, m: Manifest): Promise<boolean> {
  for (;;) {
    try {
      await Promise.all(urlsOf(m).map(fetchOnce));
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
      if (closing || box.fetching !== m.version || !box.s.connected) return false;
    }
  }
}

function urlsOf(m: Manifest): string[] {
  const urls = new Set<string>();
  const items = m.segments.flatMap((s) => (s.kind === 'play' ? s.items : []));
  if (m.fallback) items.push(...m.fallback.items);
  for (const i of items) urls.add(i.type === 'clock' ? i.fontUrl : i.url);
  return [...urls];
}

let phase: { id: number; name: 'connect' | 'storm'; startedAt: number; latencies: number[]; manifests: number[]; filesMs: number | null; deadline: ReturnType<typeof setTimeout>; ticker: ReturnType<typeof setInterval> } | null = null;
let phaseCount = 0;

function beginPhase(name: 'connect' | 'storm', deadlineMs: number): void {
  const id = ++phaseCount;
  const startedAt = performance.now();
  phase = {
    id,
    name,
    startedAt,
    latencies: [],
    manifests: [],
    filesMs: null,
    deadline: setTimeout(() => endPhase(), deadlineMs),
    ticker: setInterval(() => phase && send({ type: 'progress', phase: name, done: phase.latencies.length, total: boxes.length, elapsedMs: performance.now() - startedAt }), 5000),
  };
}

function endPhase(): void {
  if (!phase) return;
  const p = phase;
  phase = null;
  clearTimeout(p.deadline);
  clearInterval(p.ticker);
  const sorted = [...p.latencies].sort((a, b) => a - b);
  const arrived = [...p.manifests].sort((a, b) => a - b);
  const pct = (q: number, list = sorted) => (list.length ? list[Math.min(list.length - 1, Math.max(0, Math.ceil((q / 100) * list.length) - 1))]! : NaN);
  send({
    type: 'phase',
    phase: p.name,
    total: boxes.length,
    done: sorted.length,
    ms: sorted.length === boxes.length ? sorted[sorted.length - 1] ?? 0 : performance.now() - p.startedAt,
    p50: pct(50),
    p99: pct(99),
    max: sorted[sorted.length - 1] ?? NaN,
    manifestP50: pct(50, arrived),
    manifestP99: pct(99, arrived),
    filesMs: p.filesMs,
    within10s: sorted.filter((x) => x <= 10_000).length,
    within30s: sorted.filter((x) => x <= 30_000).length,
    connected: boxes.filter((b) => b.s.connected).length,
    withManifest: boxes.filter((b) => b.gotManifest).length,
    waitingForFiles: boxes.filter((b) => b.fetching).length,
  });
}

function counted(box: Box): void {
  if (!phase || box.awaitingConnect || box.countedIn === phase.id) return;
  box.countedIn = phase.id;
  phase.latencies.push(performance.now() - phase.startedAt);
  if (phase.latencies.length === boxes.length) endPhase();
}

function heartbeat(box: Box): void {
  if (!box.s.connected) return;
  const hb: Heartbeat = {
    version: box.version,
    slideId: null,
    black: false,
    clockOffsetMs: 0,
    rttMs: 1,
    uptimeS: Math.round((Date.now() - bootedAt) / 1000),
    screen: box.screen,
    userAgent: 'bench',
    lastError: null,
  };
  box.s.emit('heartbeat', hb);
  stats.heartbeats++;
}

function syncClock(s: PlayerSocket, left: number): void {
  s.timeout(5000).emit('time:sync', () => {
    if (left > 1 && s.connected) setTimeout(() => syncClock(s, left - 1), CLOCK_SAMPLE_GAP_MS);
  });
}

function open(token: string): Box {
  const s: PlayerSocket = io(`${baseUrl}/player`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const box: Box = { s, version: null, screen: { width: 0, height: 0 }, attempts: 0, retry: undefined, awaitingConnect: false, countedIn: 0, fetching: null, gotManifest: false };
  // As the player: its own backoff (socket.io's reconnection off), full jitter over a window that
  // doubles from 1 s to 30 s, so boxes coming back spread over the window.
  const reconnectLater = () => {
    if (closing) return;
    clearTimeout(box.retry);
    const window = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * Math.pow(2, box.attempts++));
    box.retry = setTimeout(() => !closing && !s.connected && s.connect(), Math.random() * window);
  };
  s.on('connect', () => {
    stats.connects++;
    box.attempts = 0;
    box.awaitingConnect = false;
    syncClock(s, CLOCK_SAMPLES);
  });
  s.on('connect_error', (err) => {
    stats.connectErrors[err.message] = (stats.connectErrors[err.message] ?? 0) + 1;
    // A revoked or unknown token is final (the real player unpairs).
    if (err.message !== 'unauthorized') reconnectLater();
  });
  s.on('disconnect', (reason) => {
    if (!closing && !box.awaitingConnect) stats.unexpectedDisconnects++;
    if (reason !== 'io client disconnect') reconnectLater();
  });
  s.on('manifest', (m) => {
    stats.manifests++;
    if (phase && !box.awaitingConnect && !box.gotManifest) phase.manifests.push(performance.now() - phase.startedAt);
    box.gotManifest = true;
    box.fetching = m.version;
    s.emit('ack', { version: m.version, state: 'delivered' });
    void cacheFiles(box, m).then((cached) => {
      box.fetching = null;
      if (!cached) return;
      box.version = m.version;
      box.screen = { width: m.board.width, height: m.board.height };
      s.emit('ack', { version: m.version, state: 'ready' });
      counted(box);
      heartbeat(box);
    });
  });
  // Boxes were switched on at different moments: each beats on its own phase of the 15 s period.
  setTimeout(() => {
    heartbeat(box);
    setInterval(() => heartbeat(box), HEARTBEAT_MS);
  }, Math.random() * HEARTBEAT_MS);
  return box;
}

process.on('message', (cmd: FleetCommand) => {
  switch (cmd.type) {
    case 'start': {
      baseUrl = cmd.url;
      beginPhase('connect', cmd.deadlineMs);
      for (const token of cmd.tokens) boxes.push(open(token));
      break;
    }
    case 'drop': {
      // Every connection of this process goes at once; each socket then comes back by itself.
      for (const b of boxes) {
        b.awaitingConnect = true;
        b.gotManifest = false;
      }
      beginPhase('storm', cmd.deadlineMs);
      for (const b of boxes) b.s.io.engine?.close();
      break;
    }
    case 'stats':
      send({ ...stats, connectErrors: { ...stats.connectErrors } });
      break;
    case 'close':
      closing = true;
      for (const b of boxes) {
        clearTimeout(b.retry);
        b.s.close();
      }
      setTimeout(() => process.exit(0), 200);
      break;
  }
});
// The orchestrator gone (killed, crashed): do not linger with thousands of sockets.
process.on('disconnect', () => process.exit(0));

send({ type: 'hello', pid: process.pid });
