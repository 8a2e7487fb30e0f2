// The player draws what the controller cannot: a live clock, a scrolling line, a fade.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPairedPlayer } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

let c: TestController;
let browser: Browser;
let page: Page;
const api = (method: 'POST' | 'PUT', url: string, payload?: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });

async function showOnly(slideId: string): Promise<void> {
  expect((await api('PUT', '/api/playlists/hien-ke-2020', { name: 'Thử', items: [{ slideId }] })).statusCode).toBe(200);
  await page.waitForFunction((id) => document.querySelector(`#stage .layer[data-on][data-slide-id="${id}"]`), slideId, { timeout: 10_000 });
}

beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
  page = await openPairedPlayer(browser, c.url, c.first!.grant);
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe('player slide kinds', () => {
  it('draws the clock in the board time zone with the bundled font', async () => {
    expect((await api('POST', '/api/slides', { id: 'dong-ho', kind: 'clock', style: { preset: 'khau-hieu' } })).statusCode).toBe(201);
    await showOnly('dong-ho');
    // The bundled font really loaded (not a system fallback).
    await page.waitForFunction(() => Array.from((document as unknown as { fonts: Iterable<FontFace> }).fonts).some((f) => f.family.includes('LEDGate') && f.status === 'loaded'), undefined, { timeout: 5000 });
    const ink = await page.evaluate(() => {
      const canvas = document.querySelector('#stage .layer[data-on] canvas') as HTMLCanvasElement;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let yellow = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! > 200 && d[i + 1]! > 180 && d[i + 2]! < 80) yellow++;
      return { yellow, size: [canvas.width, canvas.height], visible: getComputedStyle(canvas).display };
    });
    expect(ink.size).toEqual([576, 288]);
    expect(ink.visible).toBe('block');
    expect(ink.yellow).toBeGreaterThan(2000);
    await page.screenshot({ path: `${c.dataDir}/clock.png` });
  });

  it('moves a scrolling line right to left in whole pixels', async () => {
    expect((await api('POST', '/api/slides', { id: 'chay', kind: 'text', mode: 'scroll', scrollPxPerSecond: 200, text: 'Toàn dân tích cực hưởng ứng, tham gia Cuộc vận động “Hiến kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”' })).statusCode).toBe(201);
    await showOnly('chay');
    const x = () => page.evaluate(() => {
      const img = document.querySelector('#stage .layer[data-on] img') as HTMLImageElement;
      return Number(/translate3d\((-?\d+(?:\.\d+)?)px/.exec(img.style.transform)![1]);
    });
    const a = await x();
    await page.waitForFunction((start) => {
      const img = document.querySelector('#stage .layer[data-on] img') as HTMLImageElement;
      return Number(/translate3d\((-?\d+(?:\.\d+)?)px/.exec(img.style.transform)![1]) < start - 50;
    }, a, { timeout: 5000 });
    const b = await x();
    expect(b).toBeLessThan(a);
    expect(Number.isInteger(a) && Number.isInteger(b)).toBe(true);
  });

  it('fades from one slide to the next when the slide asks for it', async () => {
    expect((await api('POST', '/api/slides', { id: 'mo', kind: 'text', text: 'Chào mừng đến Buôn Ma Thuột', transition: 'fade' })).statusCode).toBe(201);
    const watching = page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const seen: string[] = [];
          const stage = document.getElementById('stage')!;
          const obs = new MutationObserver(() => {
            const layer = stage.querySelector('.layer[data-slide-id="mo"]') as HTMLElement | null;
            if (layer) seen.push(getComputedStyle(layer).opacity);
            if (seen.length > 1 && Number(seen[seen.length - 1]) > 0) {
              obs.disconnect();
              resolve(seen);
            }
          });
          obs.observe(stage, { subtree: true, attributes: true, attributeFilter: ['style', 'data-on'] });
          const limit = 5000; // bounded wait for the fade to begin
          setTimeout(() => reject(new Error(`no fade within ${limit} ms: ${JSON.stringify(seen)}`)), limit);
        }),
    );
    await showOnly('mo');
    const opacities = await watching;
    // It starts transparent, then rises…
    expect(opacities[0], JSON.stringify(opacities)).toBe('0');
    expect(Number(opacities[opacities.length - 1])).toBeGreaterThan(0);
    // …to fully shown, with the previous slide gone.
    await page.waitForFunction(() => {
      const on = document.querySelectorAll('#stage .layer[data-on]');
      return on.length === 1 && (on[0] as HTMLElement).dataset.slideId === 'mo' && getComputedStyle(on[0]!).opacity === '1';
    }, undefined, { timeout: 3000 });
  });
});
