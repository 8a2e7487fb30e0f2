// The whole path in a real browser: the controller renders, the player pairs, plays and switches.
import { systemActor } from '../../controller/services/actor.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
let browser: Browser;

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });

/** What the board shows: the visible image's identity, pixel size and bytes' sha256. */
async function onScreen(page: Page) {
  return page.evaluate(async () => {
    const layer = document.querySelector('#stage .layer[data-on]') as HTMLElement | null;
    if (!layer) return null;
    const img = layer.querySelector('img') as HTMLImageElement;
    const stage = (document.getElementById('stage') as HTMLElement).getBoundingClientRect();
    const bytes = await (await fetch(img.currentSrc)).arrayBuffer();
    const digest = await window.crypto.subtle.digest('SHA-256', bytes);
    return {
      slideId: layer.dataset.slideId,
      sha256: layer.dataset.sha256,
      bytesSha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''),
      natural: [img.naturalWidth, img.naturalHeight],
      stage: [stage.width, stage.height],
      visible: getComputedStyle(layer).visibility,
      layersOn: document.querySelectorAll('#stage .layer[data-on]').length,
    };
  });
}

beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe('player in Chromium', () => {
  it('pairs from the first-start link, shows the slogan at exactly 576 × 288, and follows a playlist change', async () => {
    const page = await browser.newPage({ viewport: { width: 576, height: 288 } });
    const slogan = (await c.ctx.store.content.getSlide('khau-hieu'))!;
    const expected = await c.ctx.services.renditions.get(slogan, (await c.ctx.store.boards.get(BOARD))!);

    await page.goto(`${c.url}/player/?grant=${encodeURIComponent(c.first!.grant)}`);
    // The loop is anchored at first start, so the slogan is on screen at once; allow one full
    // loop in case the machine is slow.
    await page.waitForFunction((sha) => document.querySelector(`#stage .layer[data-on][data-sha256="${sha}"]`), expected.sha256, { timeout: 60_000 });
    const shown = await onScreen(page);
    expect(shown).toEqual({ slideId: 'khau-hieu', sha256: expected.sha256, bytesSha256: expected.sha256, natural: [576, 288], stage: [576, 288], visible: 'visible', layersOn: 1 });
    // The one-time grant left the address bar and is spent.
    expect(page.url()).not.toContain('grant=');
    expect((await c.app.inject({ method: 'POST', url: '/player-api/grants/redeem', payload: { grant: c.first!.grant } })).statusCode).toBe(401);

    // The player told the controller it has the manifest cached, and its heartbeat says it plays it.
    await expect.poll(async () => (await api('GET', `/api/boards/${BOARD}`)).json().delivery.state, { timeout: 10_000 }).toBe('playing');
    const status = (await api('GET', `/api/boards/${BOARD}/status`)).json();
    expect(status.heartbeat).toMatchObject({ slideId: 'khau-hieu', black: false, version: status.version });
    expect(Date.parse(status.readyAt)).toBeGreaterThanOrEqual(Date.parse(status.deliveredAt));

    // A change through the API reaches the screen.
    expect((await api('POST', '/api/slides', { id: 'chao-mung', kind: 'text', text: 'Chào mừng quý khách đến Buôn Ma Thuột' })).statusCode).toBe(201);
    expect((await api('PUT', '/api/playlists/hien-ke-2020', { name: 'Chào mừng', items: [{ slideId: 'chao-mung' }] })).statusCode).toBe(200);
    await page.waitForFunction(() => document.querySelector('#stage .layer[data-on][data-slide-id="chao-mung"]'), undefined, { timeout: 10_000 });
    const after = await onScreen(page);
    expect(after?.slideId).toBe('chao-mung');
    expect(after?.natural).toEqual([576, 288]);
    expect(after?.layersOn).toBe(1);
    await page.close();
  });

  it('shows a pairing code on an unpaired player and starts playing once an admin approves it', async () => {
    // A player box's screen is larger than the board: the code must be where the board looks.
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${c.url}/player/`);
    await page.waitForFunction(() => /^[A-Z0-9]{3}-[A-Z0-9]{3}$/.test(document.getElementById('code')!.textContent ?? ''));
    expect(await page.getAttribute('body', 'data-state')).toBe('pairing');
    const code = (await page.textContent('#code'))!;
    // The code is readable on the board: big, and inside the 576 × 288 screen.
    const box = (await page.locator('#code').boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(60);
    expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= 576 && box.y + box.height <= 288).toBe(true);

    expect((await api('POST', '/api/pairings/approve', { code, boardId: BOARD })).statusCode).toBe(200);
    await page.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 10_000 });
    expect(await page.getAttribute('body', 'data-state')).toBe('playing');
    // The token survives a reload: no second pairing.
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 10_000 });
    expect(await page.getAttribute('body', 'data-state')).toBe('playing');
    await page.close();
  });

  it('tells the person at the board when a pairing link is spent', async () => {
    const { grant } = await c.ctx.services.pairing.createGrant(systemActor('test'), BOARD);
    await c.ctx.services.pairing.redeemGrant(grant, null);
    const page = await browser.newPage({ viewport: { width: 576, height: 288 } });
    await page.goto(`${c.url}/player/?grant=${encodeURIComponent(grant)}`);
    await page.waitForFunction(() => (document.getElementById('error')!.textContent ?? '').length > 0);
    expect(await page.textContent('#error')).toContain('used already or has expired');
    await page.close();
  });

  it('stops showing the campaign and asks to be paired again when its device is revoked', async () => {
    const { grant } = await c.ctx.services.pairing.createGrant(systemActor('test'), BOARD);
    const page = await browser.newPage({ viewport: { width: 576, height: 288 } });
    await page.goto(`${c.url}/player/?grant=${encodeURIComponent(grant)}`);
    await page.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 10_000 });
    const token = await page.evaluate(() => localStorage.getItem('ledgate.deviceToken'));
    const device = (await c.ctx.services.pairing.authenticateDevice(token))!;
    expect((await api('POST', `/api/devices/${device.deviceId}/revoke`)).statusCode).toBe(200);
    await page.waitForFunction(() => document.body.getAttribute('data-state') === 'pairing' && /^[A-Z0-9]{3}-[A-Z0-9]{3}$/.test(document.getElementById('code')!.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await page.$('#stage .layer[data-on]')).toBeNull();
    expect(await page.evaluate(() => [localStorage.getItem('ledgate.deviceToken'), localStorage.getItem('ledgate.manifest')])).toEqual([null, null]);
    await page.close();
  });
});
