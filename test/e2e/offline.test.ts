// The player when things go wrong: the controller away for a minute, a reload with no
// controller, a box whose clock is five minutes off. The board must keep playing, on time.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { launchBrowser, screenRecord, watchScreen } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });

/** Three 2-second slides on the demo board. */
async function shortSlides(): Promise<void> {
  for (const [id, text] of [
    ['mot', 'Một'],
    ['hai', 'Hai'],
    ['ba', 'Ba'],
  ]) {
    expect((await api('POST', '/api/slides', { id, kind: 'text', text, durationSeconds: 2 })).statusCode).toBe(201);
  }
  expect((await api('PUT', '/api/playlists/hien-ke-2020', { name: 'Nhanh', items: [{ slideId: 'mot' }, { slideId: 'hai' }, { slideId: 'ba' }] })).statusCode).toBe(200);
}

async function openPlayer(): Promise<void> {
  page = await context.newPage();
  await page.goto(`${c.url}/player/?grant=${encodeURIComponent(c.first!.grant)}`);
  await page.waitForFunction(() => ['mot', 'hai', 'ba'].includes(document.querySelector('#stage .layer[data-on]')?.getAttribute('data-slide-id') ?? ''), undefined, { timeout: 15_000 });
}

beforeEach(async () => {
  browser ??= await launchBrowser();
  c = await startController();
  await shortSlides();
  context = await browser.newContext({ viewport: { width: 576, height: 288 } });
});
afterEach(async () => {
  await context?.close();
  await c?.close();
});
afterAll(async () => {
  await browser?.close();
});

describe('player offline', () => {
  it('keeps switching with no blank frame while the controller is away for 60 s, then reports that minute exactly once', async () => {
    await openPlayer();
    // At every change of the picture: exactly one layer on screen, with a decoded image.
    await watchScreen(page);
    await page.waitForFunction(() => (window as unknown as { switches: unknown[] }).switches.length >= 5, undefined, { timeout: 20_000 });

    const port = (c.app.server.address() as AddressInfo).port;
    const dataDir = c.dataDir;
    const downAt = Date.now();
    await c.close({ keepData: true });
    // A minute without the controller; at each switch, a look at the actual screen: never black.
    const { default: sharp } = await import('sharp');
    const switchCount = () => page.evaluate(() => (window as unknown as { switches: unknown[] }).switches.length);
    let sampled = 0;
    while (Date.now() < downAt + 60_000) {
      const n = await switchCount();
      await page.waitForFunction((k) => (window as unknown as { switches: unknown[] }).switches.length > k, n, { timeout: 5000, polling: 20 });
      const { channels } = await sharp(await page.screenshot()).stats();
      // The slides are yellow on red: the red channel's mean is far from black's 0.
      expect(channels[0]!.mean, `screen sample ${sampled}`).toBeGreaterThan(100);
      sampled++;
    }
    expect(sampled).toBeGreaterThanOrEqual(25);
    const during = (await screenRecord(page)).switches.filter((s) => s.at >= downAt).length;
    expect(during).toBeGreaterThanOrEqual(28); // a 2-second slide: about 30 switches in 60 s
    const upAt = Date.now();
    c = await startController({ dataDir, port });

    // Proof of play for the outage arrives once the player is back (it retries with backoff).
    const from = new Date(downAt + 2000).toISOString();
    const to = new Date(upAt - 2000).toISOString();
    await expect
      .poll(async () => (await api('GET', `/api/boards/${BOARD}/plays?from=${from}&to=${to}`)).json().length, { timeout: 45_000, interval: 500 })
      .toBeGreaterThanOrEqual(25);
    const plays = (await api('GET', `/api/boards/${BOARD}/plays?from=${from}&to=${to}`)).json() as { id: string; startedAt: string; endedAt: string; slideId: string }[];
    expect(new Set(plays.map((p) => p.id)).size).toBe(plays.length);
    // Exactly once: no two records cover the same moment.
    const starts = plays.map((p) => Date.parse(p.startedAt)).sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThan(1500);
    for (const p of plays) expect(Date.parse(p.endedAt) - Date.parse(p.startedAt)).toBeGreaterThan(1500);

    // At least 50 consecutive switches in all, each checked as it happened.
    await page.waitForFunction(() => (window as unknown as { switches: unknown[] }).switches.length >= 50, undefined, { timeout: 60_000, polling: 500 });
    const result = await screenRecord(page);
    expect(result.blanks).toEqual([]);
    expect(result.switches.length).toBeGreaterThanOrEqual(50);
  }, 200_000);

  it('resumes playback from its cache when reloaded while the controller is down', async () => {
    await openPlayer();
    // The service worker controls the page once installed (it claims its clients).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 });
    await page.waitForFunction(() => caches.keys().then((k) => k.includes('ledgate-media-v1')), undefined, { timeout: 10_000 });
    const port = (c.app.server.address() as AddressInfo).port;
    const dataDir = c.dataDir;
    await c.close({ keepData: true });
    await page.reload({ waitUntil: 'domcontentloaded', timeout: 20_000 });
    await page.waitForFunction(
      () => {
        const layer = document.querySelector('#stage .layer[data-on]');
        const img = layer?.querySelector('img') as HTMLImageElement | undefined;
        return ['mot', 'hai', 'ba'].includes(layer?.getAttribute('data-slide-id') ?? '') && (img?.naturalWidth ?? 0) === 576;
      },
      undefined,
      { timeout: 15_000 },
    );
    const first = await page.getAttribute('#stage .layer[data-on]', 'data-slide-id');
    await page.waitForFunction((f) => document.querySelector('#stage .layer[data-on]')?.getAttribute('data-slide-id') !== f, first, { timeout: 5000 });
    c = await startController({ dataDir, port });
  }, 120_000);

  it('switches on the controller’s time even when the box clock is 5 minutes fast', async () => {
    await context.clock.install({ time: Date.now() + 5 * 60_000 });
    await openPlayer();
    const start = Math.ceil((Date.now() + 3000) / 1000) * 1000;
    const iso = new Date(start + 7 * 3_600_000).toISOString();
    const end = new Date(start + 60_000 + 7 * 3_600_000).toISOString().slice(11, 19);
    expect((await api('POST', '/api/slides', { id: 'dung-gio', kind: 'text', text: 'Đúng giờ' })).statusCode).toBe(201);
    expect((await api('PUT', '/api/playlists/gio', { name: 'Giờ', items: [{ slideId: 'dung-gio' }] })).statusCode).toBe(200);
    const res = await api('POST', '/api/schedule-entries', { playlistId: 'gio', targets: { boardIds: [BOARD] }, layer: 'interrupt', startDate: iso.slice(0, 10), endDate: iso.slice(0, 10), recurrence: { kind: 'daily', window: { start: iso.slice(11, 19), end } } });
    expect(res.statusCode).toBe(201);
    await page.waitForFunction(() => document.querySelector('#stage .layer[data-on][data-slide-id="dung-gio"]'), undefined, { timeout: 10_000, polling: 20 });
    const seenAt = Date.now();
    // Neither 5 minutes early (it would have shown at once) nor late.
    expect(seenAt).toBeGreaterThanOrEqual(start - 50);
    expect(seenAt - start).toBeLessThan(1000);
    // Its heartbeat reports the offset it corrects for.
    await expect.poll(async () => (await api('GET', `/api/boards/${BOARD}/status`)).json().heartbeat?.clockOffsetMs, { timeout: 20_000 }).toBeDefined();
    const status = (await api('GET', `/api/boards/${BOARD}/status`)).json();
    expect(Math.abs(status.heartbeat.clockOffsetMs + 5 * 60_000)).toBeLessThan(2000);
  }, 60_000);
});
