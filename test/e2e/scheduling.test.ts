// Timing in a real browser: a window that opens in 2 s switches the player at that instant, and
// an emergency reaches the screen within a second of the API call.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPairedPlayer, slideShownAt } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
let browser: Browser;
let page: Page;

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });

/** Hà Nội wall-clock time HH:MM:SS and date of an instant. */
const local = (t: number) => {
  const iso = new Date(t + 7 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
};

/** Resolves with the instant (page clock) the given slide appears on screen. */
const shownAt = (slideId: string, timeoutMs: number): Promise<number> => slideShownAt(page, slideId, timeoutMs);

beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
  page = await openPairedPlayer(browser, c.url, c.first!.grant);
  expect((await api('POST', '/api/slides', { id: 'atgt', kind: 'text', text: 'Giảm tốc độ – Chú ý an toàn giao thông', durationSeconds: 8 })).statusCode).toBe(201);
  expect((await api('PUT', '/api/playlists/an-toan-giao-thong', { name: 'An toàn giao thông', items: [{ slideId: 'atgt' }] })).statusCode).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe('player timing', () => {
  it('switches to a window that opens 2 s from now at that instant', async () => {
    const start = Math.ceil((Date.now() + 2000) / 1000) * 1000;
    const { date, time } = local(start);
    const end = local(start + 60_000).time;
    const switched = shownAt('atgt', 10_000);
    const res = await api('POST', '/api/schedule-entries', {
      id: 'gio-cao-diem',
      playlistId: 'an-toan-giao-thong',
      targets: { boardIds: [BOARD] },
      layer: 'interrupt',
      startDate: date,
      endDate: date,
      recurrence: { kind: 'daily', window: { start: time, end } },
    });
    expect(res.statusCode).toBe(201);
    const at = await switched;
    // Same machine, so the page's clock is the controller's; one timer tick of slack under load.
    expect(Math.abs(at - start)).toBeLessThan(500);
    expect((await api('DELETE', '/api/schedule-entries/gio-cao-diem')).statusCode).toBe(200);
  });

  it('shows an emergency within 1 s of the API call', async () => {
    await page.waitForFunction(() => !document.querySelector('#stage .layer[data-on][data-slide-id="atgt"]'), undefined, { timeout: 10_000 });
    const before = Date.now();
    const watching = page.evaluate(
      () =>
        new Promise<{ at: number; slideId: string }>((resolve) => {
          const stage = document.getElementById('stage')!;
          const obs = new MutationObserver(() => {
            const layer = stage.querySelector('.layer[data-on]') as HTMLElement | null;
            if (layer?.dataset.slideId?.startsWith('khan-')) {
              obs.disconnect();
              resolve({ at: Date.now(), slideId: layer.dataset.slideId });
            }
          });
          obs.observe(stage, { subtree: true, attributes: true });
        }),
    );
    const res = await api('POST', '/api/emergencies', { targets: { all: true }, text: 'Cảnh báo: mưa lớn, đường ngập – đề nghị đi chậm', durationMinutes: 10 });
    expect(res.statusCode).toBe(201);
    const shown = await watching;
    expect(shown.at - before).toBeLessThan(1000);

    // Clearing it brings the campaign back.
    expect((await api('DELETE', `/api/emergencies/${res.json().id}`)).statusCode).toBe(200);
    await page.waitForFunction(() => !document.querySelector('#stage .layer[data-on]')?.getAttribute('data-slide-id')?.startsWith('khan-'), undefined, { timeout: 5000 });
  });

  it('goes black on a blackout and comes back when it is lifted', async () => {
    const before = Date.now();
    const res = await api('POST', '/api/blackouts', { targets: { boardIds: [BOARD] } });
    expect(res.statusCode).toBe(201);
    await page.waitForFunction(() => document.body.getAttribute('data-black') === 'blackout' && !document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 2000, polling: 10 });
    expect(Date.now() - before).toBeLessThan(1000);
    const shot = await page.screenshot();
    const { default: sharp } = await import('sharp');
    const stats = await sharp(shot).stats();
    expect(stats.channels.slice(0, 3).every((ch) => ch.max === 0)).toBe(true);
    expect((await api('DELETE', `/api/blackouts/${res.json().id}`)).statusCode).toBe(200);
    await page.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 5000 });
  });
});
