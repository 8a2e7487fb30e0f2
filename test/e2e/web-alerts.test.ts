// The alerts page as an operator sees it: nothing open at first; a player reports an error and the
// watch runs — the alert appears live, in words, on the page, on the board's page and on the wall,
// in Vietnamese and in English, with no missing translation and no serious accessibility fault.
import { seriousAxe } from '../helpers/axe.js';
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../playlists/manifest.ts';
import { systemActor } from '../../controller/services/actor.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect, nextEvent } from '../helpers/sockets.ts';
import { missingKeys, signedIn } from '../helpers/web.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
let browser: Browser;
let player: Socket;

beforeAll(async () => {
  // The watch is run by the test (the jobs would wait up to 15 s).
  c = await startController({ alerts: { manual: true, publicUrl: 'http://127.0.0.1' } });
  browser = await launchBrowser();
  const { services } = c.ctx;
  const { token } = await services.pairing.redeemGrant((await services.pairing.createGrant(systemActor('test'), BOARD)).grant, null);
  player = connect(c.url, '/player', { token });
  await nextEvent<Manifest>(player, 'manifest');
}, 60_000);
afterAll(async () => {
  player?.close();
  await browser?.close();
  await c?.close();
});

async function reportError(text: string): Promise<void> {
  const m = (await c.ctx.store.manifests.latest(BOARD))!;
  const stored = new Promise<void>((resolve) => {
    const on = (id: string) => {
      if (id !== BOARD) return;
      c.ctx.services.events.off('delivery', on);
      resolve();
    };
    c.ctx.services.events.on('delivery', on);
  });
  player.emit('heartbeat', { version: m.version, slideId: null, black: true, clockOffsetMs: 0, rttMs: 1, uptimeS: 5, screen: { width: 576, height: 288 }, userAgent: 'test', lastError: text });
  await stored;
}

describe('the alerts page', () => {
  it('shows a new alert live, on the page, the board’s page and the wall; translated and accessible', { timeout: 90_000 }, async () => {
    const operator = await c.user('truc-ban', ['operator']);
    const { context, page } = await signedIn(browser, c, { username: 'truc-ban', password: operator.password });
    await page.goto(`${c.url}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Cảnh báo' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('no-open-alerts').waitFor();
    // The nav has the page.
    expect(await page.getByRole('navigation').getByRole('link', { name: /Cảnh báo/ }).count()).toBe(1);

    await reportError('watchdog: playback stalled');
    expect((await c.ctx.services.alerts.evaluate()).opened).toBe(1);
    const card = page.locator('[role="list"] [data-kind="player-error"]').first();
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getByTestId('alert-detail').textContent()).toContain('watchdog: playback stalled');
    expect(await card.textContent()).toContain('Trình phát báo lỗi');
    // Dates as dd/mm/yyyy HH:mm.
    expect(await card.textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    // The history has it too, without reloading.
    await page.locator('table [data-kind="player-error"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('no-open-alerts').count()).toBe(0);
    expect(await missingKeys(page)).toEqual([]);
    expect(await seriousAxe(page)).toEqual([]);

    await page.goto(`${c.url}/boards/${BOARD}`);
    await page.getByTestId('board-alerts').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('board-alerts').textContent()).toContain('watchdog: playback stalled');
    await page.goto(`${c.url}/`);
    await page.locator(`[data-board="${BOARD}"] [data-testid="open-alerts"]`).waitFor({ timeout: 15_000 });
    expect(await missingKeys(page)).toEqual([]);
    await context.close();
  });

  it('in English, with the admin’s settings, no missing translation', { timeout: 60_000 }, async () => {
    const { context, page } = await signedIn(browser, c, { username: 'admin', password: c.first!.adminPassword! }, { lang: 'en' });
    await page.goto(`${c.url}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { level: 2, name: 'Where alerts go' }).waitFor();
    await page.locator('[role="list"] [data-kind="player-error"]').first().waitFor();
    expect(await page.locator('[role="list"] [data-kind="player-error"]').first().textContent()).toContain('Player error');
    await page.getByRole('button', { name: /Each board's own delay/ }).click();
    await page.getByRole('button', { name: /Save the delay of board/ }).first().waitFor();
    expect(await missingKeys(page)).toEqual([]);
    expect(await seriousAxe(page)).toEqual([]);
    await context.close();
  });
});
