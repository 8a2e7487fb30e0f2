// GET /metrics: every metric family, board counts from the one status function, publish → ready
// latency, heartbeats, renders, sockets, job runs, and who may read it.
import fs from 'node:fs';
import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { FastifyInstance } from 'fastify';
import type { Manifest } from '../../playlists/manifest.ts';
import { buildApp } from '../../controller/app.ts';
import { openContext } from '../../controller/context.ts';
import type { Context } from '../../controller/context.ts';
import { jobsPlugin } from '../../controller/jobs/index.ts';
import { systemActor } from '../../controller/services/actor.ts';
import { adminApi } from '../helpers/api.ts';
import { startController, tempDataDir } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect, nextEvent } from '../helpers/sockets.ts';

const TOKEN = 'prometheus-scrape-token-0123456789';
const FAMILIES = [
  'ledgate_boards',
  'ledgate_boards_delivery',
  'ledgate_publish_ready_seconds',
  'ledgate_render_seconds',
  'ledgate_sockets',
  'ledgate_heartbeats_total',
  'ledgate_job_runs_total',
  'ledgate_job_failures_total',
  // prom-client's process metrics: event loop lag and heap.
  'nodejs_eventloop_lag_seconds',
  'nodejs_heap_size_used_bytes',
];

let c: TestController;
/** A second app in the same process, with its own data, a token and a trusted proxy. */
let other: { app: FastifyInstance; ctx: Context; dataDir: string };
const sockets: Socket[] = [];
const api = adminApi(() => c);

beforeAll(async () => {
  c = await startController();
  const dataDir = tempDataDir();
  const ctx = await openContext(dataDir);
  await ctx.services.firstStart();
  const app = await buildApp({ config: { publicUrl: 'http://127.0.0.1', logLevel: 'silent', metricsToken: TOKEN, trustProxy: true }, services: ctx.services, logger: false });
  await app.ready();
  other = { app, ctx, dataDir };
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.close();
});
afterAll(async () => {
  await other?.app.close();
  await other?.ctx.close();
  if (other) fs.rmSync(other.dataDir, { recursive: true, force: true });
  await c?.close();
});

async function scrape(app: FastifyInstance = c.app): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  return res.body;
}

/** The value of one series (`name{labels}` exactly as exposed); 0 when the series is not there yet. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('GET /metrics', () => {
  it('answers in the Prometheus text format with every metric family', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const family of FAMILIES) expect(res.body, family).toMatch(new RegExp(`^# TYPE ${family} `, 'm'));
  });

  it('counts boards by live and delivery state as the boards API reports them', async () => {
    const before = await scrape();
    for (const id of ['metrics-bang-1', 'metrics-bang-2']) {
      expect((await api('POST', '/api/boards', { id, name: `Bảng ${id}`, width: 640, height: 320 })).statusCode).toBe(201);
    }
    const boards = (await api('GET', '/api/boards')).json() as { live: { state: string }; delivery: { state: string } }[];
    const text = await scrape();
    const count = (pick: (b: (typeof boards)[number]) => string, s: string) => boards.filter((b) => pick(b) === s).length;
    for (const s of ['playing', 'stale', 'offline', 'never']) expect(value(text, `ledgate_boards{state="${s}"}`), s).toBe(count((b) => b.live.state, s));
    for (const s of ['unknown', 'pending', 'delivered', 'ready', 'playing']) expect(value(text, `ledgate_boards_delivery{state="${s}"}`), s).toBe(count((b) => b.delivery.state, s));
    // Two boards no player ever spoke for.
    expect(value(text, 'ledgate_boards{state="never"}') - value(before, 'ledgate_boards{state="never"}')).toBe(2);
  });

  it('times publish → ready once per version, counts heartbeats and open player sockets', async () => {
    const board = 'metrics-bang-1';
    const { token } = await c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(systemActor('test'), board)).grant, null);
    const player = connect(c.url, '/player', { token });
    sockets.push(player);
    await nextEvent<Manifest>(player, 'manifest');
    expect(value(await scrape(), 'ledgate_sockets{namespace="/player"}')).toBe(1);

    const next = nextEvent<Manifest>(player, 'manifest');
    expect((await api('PUT', `/api/boards/${board}/display`, { brightness: [{ window: { start: '22:00', end: '05:00' }, level: 40 }] })).statusCode).toBe(200);
    const m2 = await next;

    const readyCount = async () => value(await scrape(), 'ledgate_publish_ready_seconds_count');
    const heartbeats = async () => value(await scrape(), 'ledgate_heartbeats_total');
    const count0 = await readyCount();
    player.emit('ack', { version: m2.version, state: 'delivered' });
    player.emit('ack', { version: m2.version, state: 'ready' });
    await expect.poll(readyCount).toBe(count0 + 1);

    // The same ready again, then a heartbeat: once the heartbeat is counted, the second ready was
    // handled too (one socket, in order), and it timed nothing.
    const beats0 = await heartbeats();
    player.emit('ack', { version: m2.version, state: 'ready' });
    player.emit('heartbeat', { version: m2.version, slideId: null, black: false, clockOffsetMs: 0, rttMs: 1, uptimeS: 5, screen: { width: 640, height: 320 }, userAgent: 'test', lastError: null });
    await expect.poll(heartbeats).toBe(beats0 + 1);
    expect(await readyCount()).toBe(count0 + 1);
  });

  it('times slide renders', async () => {
    const count = async () => value(await scrape(), 'ledgate_render_seconds_count{kind="text"}');
    const before = await count();
    const res = await api('POST', '/api/slides/render?w=704&h=352', { id: 'metrics-render', kind: 'text', text: `ĐO THỜI GIAN VẼ ${Date.now()}` });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(await count()).toBe(before + 1);
  });

  it('counts job runs and failures per job', async () => {
    // Another jobs runner over the same services: the jobs plugin counts what any runner runs.
    let runs = 0;
    const runner = Fastify({ logger: false });
    await runner.register(jobsPlugin, {
      services: c.ctx.services,
      jobs: [{ name: 'metrics-test', schedule: '* * * * * *', run: () => { if (++runs === 1) throw new Error('the first run fails'); } }],
    });
    await runner.ready();
    try {
      await expect.poll(async () => value(await scrape(), 'ledgate_job_runs_total{job="metrics-test"}'), { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      expect(value(await scrape(), 'ledgate_job_failures_total{job="metrics-test"}')).toBe(1);
    } finally {
      await runner.close();
    }
  });
});

describe('who may read /metrics', () => {
  const get = (app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

  it('refuses another machine when no token is configured, saying how to open it', async () => {
    const res = await get(c.app, '203.0.113.5');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/METRICS_TOKEN/), messageVi: expect.stringMatching(/METRICS_TOKEN/) });
    expect(res.body).not.toMatch(/ledgate_/);
    expect((await get(c.app, '::1')).statusCode).toBe(200);
  });

  it('refuses another machine without the token or with a wrong one, and serves it with the token', async () => {
    expect((await get(other.app, '203.0.113.5')).statusCode).toBe(403);
    const wrong = await get(other.app, '203.0.113.5', { authorization: 'Bearer prometheus-scrape-token-9876543210' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().message).toMatch(/wrong/);
    expect((await get(other.app, '203.0.113.5', { authorization: `Basic ${TOKEN}` })).statusCode).toBe(403);
    const ok = await get(other.app, '203.0.113.5', { authorization: `Bearer ${TOKEN}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toMatch(/^# TYPE ledgate_boards gauge/m);
  });

  it('judges the client behind a proxy by TRUST_PROXY', async () => {
    // Trusted proxy: the forwarded client is the one judged.
    expect((await get(other.app, '127.0.0.1', { 'x-forwarded-for': '203.0.113.5' })).statusCode).toBe(403);
    expect((await get(other.app, '127.0.0.1', { 'x-forwarded-for': '127.0.0.1' })).statusCode).toBe(200);
    // A client writing "127.0.0.1" itself: the proxy appends its real address after it.
    expect((await get(other.app, '127.0.0.1', { 'x-forwarded-for': '127.0.0.1, 203.0.113.5' })).statusCode).toBe(403);
    // Untrusted: a forwarded request is not local, though its connection is (a proxy on this machine).
    expect((await get(c.app, '127.0.0.1', { 'x-forwarded-for': '203.0.113.5' })).statusCode).toBe(403);
    expect((await get(c.app, '127.0.0.1')).statusCode).toBe(200);
  });
});

describe('two apps in one process', () => {
  it('keep their own metrics', async () => {
    const mine = await scrape(c.app);
    const theirs = await scrape(other.app);
    const total = (text: string) => [...text.matchAll(/^ledgate_boards\{state="[^"]+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const boards = async (svc: Context['services']) => (await svc.boards.statuses()).length;
    expect(total(mine)).toBe(await boards(c.ctx.services));
    expect(total(theirs)).toBe(await boards(other.ctx.services));
    expect(total(mine)).not.toBe(total(theirs));
    // A heartbeat on one app's services is counted by that app alone.
    c.ctx.services.events.emit('delivery', 'metrics-bang-2', { kind: 'heartbeat' });
    expect(value(await scrape(c.app), 'ledgate_heartbeats_total')).toBe(value(mine, 'ledgate_heartbeats_total') + 1);
    expect(value(await scrape(other.app), 'ledgate_heartbeats_total')).toBe(value(theirs, 'ledgate_heartbeats_total'));
  });
});
