// Defect 2 of the hardening issue, as a permanent probe: one client opening thousands of pairing
// sockets must not stop every board from pairing. Codes are capped per address; a player refused
// a code says so in words and tries again by itself until it gets one.
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CODES_PER_ADDRESS } from '../../controller/services/pairing.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect } from '../helpers/sockets.ts';

let c: TestController;
let browser: Browser;
beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

/** Opens a pairing socket; resolves with its code, or with 'busy' when refused. */
function ask(): Promise<{ socket: Socket; code: string | null }> {
  return new Promise((resolve) => {
    const socket = connect(c.url, '/pairing');
    socket.once('pairing:code', ({ code }: { code: string }) => resolve({ socket, code }));
    socket.once('pairing:busy', () => resolve({ socket, code: null }));
  });
}

describe('a pairing flood from one address', () => {
  it('gets a bounded number of codes; a player refused one says so and pairs once codes are free', async () => {
    const flood = await Promise.all(Array.from({ length: MAX_CODES_PER_ADDRESS + 20 }, ask));
    expect(flood.filter((f) => f.code).length).toBe(MAX_CODES_PER_ADDRESS);
    expect(flood.filter((f) => !f.code).length).toBe(20);

    // A board's player opened now (from the same address, as in this test) is refused, in words.
    const page = await browser.newPage({ viewport: { width: 576, height: 288 } });
    await page.goto(`${c.url}/player/`);
    await page.waitForFunction(() => /bận/.test(document.getElementById('error')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await page.textContent('#error')).toContain('The controller is busy');

    // The flood ends: the player gets its code by itself, without a reload.
    for (const f of flood) f.socket.close();
    await page.waitForFunction(() => /^[A-Z0-9]{3}-[A-Z0-9]{3}$/.test(document.getElementById('code')?.textContent ?? ''), undefined, { timeout: 45_000 });
    await page.close();
  }, 90_000);
});
