// A player box whose image downloads fail (a flaky mobile link at a gateway, a controller busy with a
// reconnect storm) fetches them again by itself, backing off, until every file is on the box — it
// does not stay "delivered" until the next publish.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from '../helpers/api.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

let c: TestController;
let browser: Browser;
const api = adminApi(() => c);

beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe('player downloads', () => {
  it('fetches images that failed again until the manifest is ready, and says so', async () => {
    const board = c.first!.boardId;
    // No service worker: the test sees every fetch of the page.
    const context = await browser.newContext({ viewport: { width: 576, height: 288 }, serviceWorkers: 'block' });
    let refused = 0;
    await context.route('**/media/**', async (route) => {
      if (refused < 2) {
        refused++;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    const page = await context.newPage();
    await page.goto(`${c.url}/player/?grant=${encodeURIComponent(c.first!.grant)}`);
    const version = (await c.ctx.store.manifests.latest(board))!.version;
    const delivery = async () => (await api('GET', `/api/boards/${board}`)).json().delivery as { deliveredVersion: string | null; readyVersion: string | null };
    await expect.poll(async () => (await delivery()).deliveredVersion, { timeout: 15_000 }).toBe(version);
    // No new manifest comes: only the player's own retries can make it ready.
    await expect.poll(async () => (await delivery()).readyVersion, { timeout: 30_000 }).toBe(version);
    expect(refused).toBe(2);
    // The picture is on screen, decoded.
    await page.waitForFunction(() => ((document.querySelector('#stage .layer[data-on] img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0, undefined, { timeout: 15_000 });
    await context.close();
  }, 60_000);
});
