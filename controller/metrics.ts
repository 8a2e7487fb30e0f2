// Prometheus metrics at GET /metrics, for whoever runs the controller: boards by live and delivery
// state, publish → ready latency, render time, open sockets, heartbeats, job runs and failures.
// Served only to this machine, or to a scraper that carries METRICS_TOKEN.
//
// Each app has its own registry: tests build many apps in one process, and prom-client's global
// registry would refuse the second app's metric names. The process metrics (event loop lag, heap,
// GC) describe the process rather than an app, and prom-client's collectors for them install
// observers that are never removed, so they live in one registry per process (not prom-client's
// global one) and are appended to every app's answer.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DeliveryStateSchema } from '../playlists/api/boards.ts';
import { LIVE_STATES } from '../playlists/board-state.ts';
import type { Manifest } from '../playlists/manifest.ts';
import { OPS_NAMESPACE, PAIRING_NAMESPACE, PLAYER_NAMESPACE } from '../playlists/protocol.ts';
import { Forbidden } from './errors.ts';
import type { DeliveryReport } from './services/events.ts';
import type { Services } from './services/index.ts';

const NAMESPACES = [PLAYER_NAMESPACE, OPS_NAMESPACE, PAIRING_NAMESPACE] as const;

let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface AppMetrics {
  readonly registry: Registry;
  /** The exposition text: this app's metrics and the process's. */
  text(): Promise<string>;
  readonly contentType: string;
  /** Stops listening to the services (the app closes). */
  stop(): void;
}

/** Open sockets per namespace, where there is a socket.io server (none in some tests). */
type SocketCounts = () => { namespace: string; sockets: number }[] | null;

export function createMetrics(services: Services, sockets: SocketCounts): AppMetrics {
  const registry = new Registry();

  // Both board gauges come from one pass over the boards per scrape (one status function: the
  // same statuses as the board wall). The pass is remembered until the next turn of the event loop,
  // so that the second gauge's collect() reuses it.
  let counted: Promise<{ live: Map<string, number>; delivery: Map<string, number> }> | null = null;
  const countBoards = () =>
    (counted ??= (async () => {
      const live = new Map<string, number>(LIVE_STATES.map((s) => [s, 0]));
      const delivery = new Map<string, number>(DeliveryStateSchema.options.map((s) => [s, 0]));
      for (const b of await services.boards.statuses()) {
        live.set(b.live.state, (live.get(b.live.state) ?? 0) + 1);
        delivery.set(b.delivery.state, (delivery.get(b.delivery.state) ?? 0) + 1);
      }
      setImmediate(() => (counted = null));
      return { live, delivery };
    })());
  new Gauge({
    name: 'ledgate_boards',
    help: 'Boards by live state (what their players report: playing, stale, offline, …).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const [state, n] of (await countBoards()).live) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'ledgate_boards_delivery',
    help: 'Boards by delivery state of their current manifest (unknown, pending, delivered, ready, playing).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const [state, n] of (await countBoards()).delivery) this.set({ state }, n);
    },
  });

  const publishReady = new Histogram({
    name: 'ledgate_publish_ready_seconds',
    help: 'From a new manifest version being published for a board to its player acknowledging it ready (all assets cached).',
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
    registers: [registry],
  });
  const render = new Histogram({
    name: 'ledgate_render_seconds',
    help: 'Time to draw one slide at a board size (text, qr, image), not counting its wait for a drawing slot.',
    labelNames: ['kind'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'ledgate_sockets',
    help: 'Open socket.io connections per namespace (/player: boards, /ops: operators, /pairing: boxes waiting to be paired).',
    labelNames: ['namespace'],
    registers: [registry],
    collect() {
      for (const { namespace, sockets: n } of sockets() ?? NAMESPACES.map((namespace) => ({ namespace, sockets: 0 }))) this.set({ namespace }, n);
    },
  });
  const heartbeats = new Counter({
    name: 'ledgate_heartbeats_total',
    help: 'Heartbeats received from players (rate() gives heartbeats per second).',
    registers: [registry],
  });
  const jobRuns = new Counter({ name: 'ledgate_job_runs_total', help: 'Background job runs, failed ones included.', labelNames: ['job'], registers: [registry] });
  const jobFailures = new Counter({ name: 'ledgate_job_failures_total', help: 'Background job runs that failed.', labelNames: ['job'], registers: [registry] });

  // The version each board was last given and when it was published; forgotten once it is ready.
  const published = new Map<string, { version: string; at: number }>();
  const onManifest = (m: Manifest) => published.set(m.boardId, { version: m.version, at: m.generatedAt });
  const onDelivery = (boardId: string, report?: DeliveryReport) => {
    if (report?.kind === 'heartbeat') heartbeats.inc();
    if (report?.kind !== 'ack' || report.state !== 'ready') return;
    const p = published.get(boardId);
    if (!p || p.version !== report.version) return;
    published.delete(boardId);
    publishReady.observe(Math.max(0, services.now() - p.at) / 1000);
  };
  const onJob = (job: string, outcome: 'ok' | 'failed') => {
    jobRuns.inc({ job });
    // A job's failure series exists (at 0) from its first run, so that rate() and alerts see it.
    jobFailures.inc({ job }, outcome === 'failed' ? 1 : 0);
  };
  services.events.on('manifest', onManifest);
  services.events.on('delivery', onDelivery);
  services.events.on('job-ran', onJob);
  const stopRender = services.renditions.onDrawn((seconds, kind) => render.observe({ kind }, seconds));

  return {
    registry,
    contentType: registry.contentType,
    text: () => Registry.merge([registry, processMetrics()]).metrics(),
    stop() {
      services.events.off('manifest', onManifest);
      services.events.off('delivery', onDelivery);
      services.events.off('job-ran', onJob);
      stopRender();
    },
  };
}

/** 127.0.0.0/8 or ::1, IPv4-mapped included. */
export function isLoopback(ip: string): boolean {
  return ip === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(ip);
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may read the metrics: this machine (the client address as Fastify resolves it, X-Forwarded-For
 * included when TRUST_PROXY says so), or a caller with the token. A request that came through a
 * proxy the controller does not trust is not local, even though its connection is: a reverse proxy
 * on the same machine would otherwise open /metrics to the whole internet.
 */
export function metricsAccess(req: FastifyRequest, token: string | null, trustProxy: boolean | number | string[]): void {
  const auth = req.headers.authorization;
  if (auth !== undefined && token) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m && sameSecret(m[1]!, token)) return;
    throw new Forbidden({ vi: 'Mã truy cập số liệu giám sát (METRICS_TOKEN) không đúng.', en: 'The metrics token (METRICS_TOKEN) is wrong.' });
  }
  const proxied = trustProxy === false && (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined);
  // Every hop must be this machine: with TRUST_PROXY=true a client could write "X-Forwarded-For:
  // 127.0.0.1" itself, and the proxy only appends the real address after it.
  const hops = [req.socket.remoteAddress, ...(req.ips ?? [])].filter((a): a is string => typeof a === 'string');
  if (isLoopback(req.ip) && hops.every(isLoopback) && !proxied) return;
  throw new Forbidden(
    token
      ? { vi: 'Số liệu giám sát chỉ mở cho chính máy chủ này, hoặc với "Authorization: Bearer <METRICS_TOKEN>".', en: 'Metrics are served only to this machine, or with "Authorization: Bearer <METRICS_TOKEN>".' }
      : { vi: 'Số liệu giám sát chỉ mở cho chính máy chủ này. Để Prometheus đọc từ máy khác, hãy đặt biến METRICS_TOKEN.', en: 'Metrics are served only to this machine. To scrape them from another one, set METRICS_TOKEN.' },
  );
}

/** GET /metrics and the metrics of this app, as a Fastify plugin that stops listening on close. */
export async function metricsRoutes(app: FastifyInstance, opts: { services: Services; token: string | null; trustProxy: boolean | number | string[] }): Promise<void> {
  const metrics = createMetrics(opts.services, () =>
    app.hasDecorator('io') && app.io ? NAMESPACES.map((namespace) => ({ namespace, sockets: app.io.of(namespace).sockets.size })) : null,
  );
  app.addHook('onClose', async () => metrics.stop());
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Prometheus metrics (text exposition format)',
        description: 'Served to the controller\'s own machine, or with `Authorization: Bearer <METRICS_TOKEN>`; 403 otherwise. Not JSON: for Prometheus.',
        security: [{ bearer: [] }],
      },
    },
    async (req, reply) => {
      metricsAccess(req, opts.token, opts.trustProxy);
      const text = await metrics.text();
      return reply.header('Content-Type', metrics.contentType).header('Cache-Control', 'no-store').send(text);
    },
  );
}
