// Two controller processes on one PostgreSQL and one Redis, each with a data directory (disk) of its
// own, behind a small failover proxy (a load balancer's job: each new connection goes to the first
// process that accepts it). A real
// player in Chromium is connected through it to process A. Changes made through process B reach its
// screen; process A killed with SIGKILL, the player reconnects to B and never shows a blank frame.
import fs from 'node:fs';
import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenRecord, slideShownAt, watchScreen } from '../helpers/browser.ts';
import { cli } from '../helpers/cli.ts';
import { freePort, tempDataDir } from '../helpers/controller.ts';
import { startControllerProcess } from '../helpers/process.ts';
import type { ControllerProcess } from '../helpers/process.ts';
import { createTestDatabase, useDatabaseFor } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';
import { startRedis } from '../helpers/redis.ts';
import type { TestRedis } from '../helpers/redis.ts';

const dataDir = tempDataDir();
const dataDirB = tempDataDir();
let database: TestDatabase;
let redis: TestRedis;
let a: ControllerProcess;
let b: ControllerProcess;
let proxy: net.Server;
let proxyUrl = '';
let bUrl = '';
let token = '';
let grant = '';
let browser: Browser;
let page: Page;

/** Connections go to the first of the ports that accepts them. */
function failoverProxy(ports: number[]): net.Server {
  return net.createServer((client) => {
    client.on('error', () => client.destroy());
    const tryPort = (i: number) => {
      if (i >= ports.length) return client.destroy();
      const upstream = net.connect(ports[i]!, '127.0.0.1');
      upstream.once('connect', () => {
        client.pipe(upstream).pipe(client);
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
      upstream.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNREFUSED') tryPort(i + 1);
        else client.destroy();
      });
    };
    tryPort(0);
  });
}

async function api(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${bUrl}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  redis = await startRedis();
  database = await createTestDatabase();
  useDatabaseFor(dataDir, database);
  const [portA, portB, portProxy] = [await freePort(), await freePort(), await freePort()];
  proxy = failoverProxy([portA, portB]);
  await new Promise<void>((resolve) => proxy.listen(portProxy, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${portProxy}`;
  bUrl = `http://127.0.0.1:${portB}`;
  // info: the processes say when they take the scheduled jobs on.
  const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, PUBLIC_URL: proxyUrl, LOG_LEVEL: 'info' };
  a = await startControllerProcess({ ...env, DATA_DIR: dataDir, PORT: String(portA) });
  grant = new URL(/http:\/\/\S+\/player\/\?grant=\S+/.exec(a.output())![0]).searchParams.get('grant')!;
  expect((await cli(dataDir, 'approval', 'off')).code).toBe(0);
  const made = await cli(dataDir, 'user', 'token', 'admin', '--label', 'cluster test');
  token = made.stdout.trim();
  expect(token, made.stdout).not.toBe('');
  b = await startControllerProcess({ ...env, DATA_DIR: dataDirB, PORT: String(portB) });
  // Three 2-second slides on the demo board, made through B.
  for (const [id, text] of [['mot', 'Một'], ['hai', 'Hai'], ['ba', 'Ba']]) expect((await api('POST', '/api/slides', { id, kind: 'text', text, durationSeconds: 2 })).status).toBe(201);
  expect((await api('PUT', '/api/playlists/hien-ke-2020', { name: 'Nhanh', items: [{ slideId: 'mot' }, { slideId: 'hai' }, { slideId: 'ba' }] })).status).toBe(200);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const p of [a, b]) {
    if (p && p.child.exitCode === null) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  }
  await new Promise((resolve) => proxy?.close(resolve));
  await redis?.kill();
  await database?.drop();
  for (const dir of [dataDir, dataDirB]) fs.rmSync(dir, { recursive: true, force: true });
});

describe('two controller processes behind one address', () => {
  it('a change and an emergency made through B reach a player on A; A killed, the player goes on with B, never blank', async () => {
    page = await browser.newPage({ viewport: { width: 576, height: 288 } });
    await page.goto(`${proxyUrl}/player/?grant=${encodeURIComponent(grant)}`);
    await page.waitForFunction(() => ['mot', 'hai', 'ba'].includes(document.querySelector('#stage .layer[data-on]')?.getAttribute('data-slide-id') ?? ''), undefined, { timeout: 30_000 });
    // From now on, at every change of the picture: exactly one layer on screen, with a decoded image.
    await watchScreen(page);

    // A schedule entry made through B: on the screen of the player connected to A within a second.
    expect((await api('POST', '/api/slides', { id: 'bon', kind: 'text', text: 'Bốn', durationSeconds: 2 })).status).toBe(201);
    expect((await api('PUT', '/api/playlists/chen', { name: 'Chèn', items: [{ slideId: 'bon' }] })).status).toBe(200);
    const shown = slideShownAt(page, 'bon', 10_000);
    const t0 = Date.now();
    expect((await api('POST', '/api/schedule-entries', { id: 'chen', playlistId: 'chen', targets: { boardIds: ['cua-ngo-phia-bac-ql14'] }, layer: 'interrupt' })).status).toBe(201);
    // Same machine, so the page's clock is the test's.
    expect((await shown) - t0).toBeLessThan(1000);

    // An emergency likewise, and its clearing.
    const emergencyShown = page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const stage = document.getElementById('stage')!;
          const obs = new MutationObserver(() => {
            if ((stage.querySelector('.layer[data-on]') as HTMLElement | null)?.dataset.slideId?.startsWith('khan-')) {
              obs.disconnect();
              resolve(Date.now());
            }
          });
          obs.observe(stage, { subtree: true, attributes: true });
        }),
    );
    const t1 = Date.now();
    const raised = await api('POST', '/api/emergencies', { targets: { all: true }, text: 'Đường ngập – đi đường khác', durationMinutes: 30 });
    expect(raised.status).toBe(201);
    expect((await emergencyShown) - t1).toBeLessThan(1000);
    expect((await api('DELETE', `/api/emergencies/${(raised.json as { id: string }).id}`)).status).toBe(200);
    await slideShownAt(page, 'bon', 10_000, { already: true });

    // Process A dies without a word. The player reconnects through the proxy to B and plays on.
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    // Proof that it is B's now: a change made after A died reaches the screen.
    expect((await api('DELETE', '/api/schedule-entries/chen')).status).toBe(200);
    await page.waitForFunction(() => ['mot', 'hai', 'ba'].includes(document.querySelector('#stage .layer[data-on]')?.getAttribute('data-slide-id') ?? ''), undefined, { timeout: 45_000 });
    const result = await screenRecord(page);
    expect(result.blanks).toEqual([]);
    expect(result.switches.filter((s) => s.at >= killedAt).length).toBeGreaterThanOrEqual(1);

    // A ran the scheduled jobs (it held PostgreSQL's advisory lock); B takes them on within 30 s.
    expect(a.output()).toContain('this process runs the scheduled jobs');
    await expect.poll(() => b.output(), { timeout: 30_000 - (Date.now() - killedAt), interval: 200 }).toContain('this process runs the scheduled jobs');
  }, 120_000);
});
