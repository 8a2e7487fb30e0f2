// Simulated player boxes for bench/fleet.ts, in their own process (forked, driven over IPC): one
// socket.io client per device token, behaving on the wire like player/src/main.ts — acknowledges
// each manifest (delivered on arrival, ready once its files are fetched), samples the controller's
// clock on connect, beats every 15 s, and reconnects by itself with the player's own backoff.
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
  /** How many were ready within 10 s and 30 s. */
  within10s: number;
  within30s: number;
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
}

const send = (m: FleetMessage) => process.send!(m);
const bootedAt = Date.now();
const boxes: Box[] = [];
const stats: StatsReport = { type: 'stats', heartbeats: 0, manifests: 0, connects: 0, unexpectedDisconnects: 0, connectErrors: {}, fetches: 0, fetchErrors: 0 };
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
    });
    p.catch(() => {
      stats.fetchErrors++;
      files.delete(url);
    });
    files.set(url, p);
  }
  return p;
}

function urlsOf(m: Manifest): string[] {
  const urls = new Set<string>();
  const items = m.segments.flatMap((s) => (s.kind === 'play' ? s.items : []));
  if (m.fallback) items.push(...m.fallback.items);
  for (const i of items) urls.add(i.type === 'clock' ? i.fontUrl : i.url);
  return [...urls];
}

let phase: { id: number; name: 'connect' | 'storm'; startedAt: number; latencies: number[]; deadline: ReturnType<typeof setTimeout>; ticker: ReturnType<typeof setInterval> } | null = null;
let phaseCount = 0;

function beginPhase(name: 'connect' | 'storm', deadlineMs: number): void {
  const id = ++phaseCount;
  const startedAt = performance.now();
  phase = {
    id,
    name,
    startedAt,
    latencies: [],
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
  const pct = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]! : NaN);
  send({
    type: 'phase',
    phase: p.name,
    total: boxes.length,
    done: sorted.length,
    ms: sorted.length === boxes.length ? sorted[sorted.length - 1] ?? 0 : performance.now() - p.startedAt,
    p50: pct(50),
    p99: pct(99),
    max: sorted[sorted.length - 1] ?? NaN,
    within10s: sorted.filter((x) => x <= 10_000).length,
    within30s: sorted.filter((x) => x <= 30_000).length,
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
  const box: Box = { s, version: null, screen: { width: 0, height: 0 }, attempts: 0, retry: undefined, awaitingConnect: false, countedIn: 0 };
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
    s.emit('ack', { version: m.version, state: 'delivered' });
    void Promise.all(urlsOf(m).map(fetchOnce)).then(
      () => {
        box.version = m.version;
        box.screen = { width: m.board.width, height: m.board.height };
        s.emit('ack', { version: m.version, state: 'ready' });
        counted(box);
        heartbeat(box);
      },
      () => undefined,
    );
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
      for (const b of boxes) b.awaitingConnect = true;
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
