// The board wall as an operator uses it: a board whose player goes quiet turns stale, then
// offline, with the reason in words; when the player comes back, so does the board — all live,
// from the player's own reports. The page's clock is moved forward instead of waiting minutes.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { signedIn } from '../helpers/web.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
let browser: Browser;
let boxes: BrowserContext;

beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
  // The player box: its own browser profile, which keeps its device token across page reloads.
  boxes = await browser.newContext({ viewport: { width: 576, height: 288 } });
}, 60_000);
afterAll(async () => {
  await boxes?.close();
  await browser?.close();
  await c?.close();
});

const card = (page: Page) => page.locator(`[data-board="${BOARD}"]`);

describe('the board wall', () => {
  it('shows a silent player go stale then offline with its reason, and come back when it reports again', async () => {
    const player = await boxes.newPage();
    await player.goto(`${c.url}/player/?grant=${encodeURIComponent(c.first!.grant)}`);
    await player.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 15_000 });

    const operator = await c.user('van-hanh', ['operator']);
    const { context, page } = await signedIn(browser, c, { username: 'van-hanh', password: operator.password });
    await page.clock.install();
    await page.goto(`${c.url}/`);
    await expect.poll(() => card(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('playing');
    // The picture the board should show is on the card, beside the one its player reports.
    await expect.poll(() => card(page).locator('img').count(), { timeout: 10_000 }).toBe(2);

    await player.close();
    await page.clock.fastForward(50_000);
    await expect.poll(() => card(page).getAttribute('data-state'), { timeout: 10_000 }).toBe('stale');
    expect(await card(page).getByTestId('reason').textContent()).toMatch(/^Không nhận được tín hiệu từ trình phát \d+ s\.$/);
    expect(await card(page).locator('.mantine-Badge-root[data-state="stale"]').textContent()).toMatch(/^Chậm tín hiệu: Không nhận được tín hiệu/);

    await page.clock.fastForward(90_000);
    await expect.poll(() => card(page).getAttribute('data-state'), { timeout: 10_000 }).toBe('offline');
    expect(await card(page).getByTestId('reason').textContent()).toMatch(/^Mất tín hiệu từ trình phát \d+ phút\.$/);

    // The box comes back (its token is still in its profile): the wall follows its first report.
    const back = await boxes.newPage();
    await back.goto(`${c.url}/player/`);
    await back.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 15_000 });
    await expect.poll(() => card(page).getAttribute('data-state'), { timeout: 10_000 }).toBe('playing');
    await back.close();
    await context.close();
  });

  it('finds boards by name typed without diacritics, filters by group and by state', { timeout: 60_000 }, async () => {
    const api = (method: 'POST' | 'PUT', url: string, payload: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });
    await api('POST', '/api/boards', { id: 'cua-ngo-phia-nam', name: 'Cửa ngõ phía Nam – Quốc lộ 14', width: 1216, height: 400 });
    await api('PUT', '/api/groups/phia-nam', { name: 'Phía Nam', boardIds: ['cua-ngo-phia-nam'] });
    const viewer = await c.user('nguoi-xem', ['viewer']);
    const { context, page } = await signedIn(browser, c, { username: 'nguoi-xem', password: viewer.password });
    await page.goto(`${c.url}/`);
    const shown = async () => (await page.locator('[data-board]').evaluateAll((els) => els.map((e) => e.getAttribute('data-board')))).sort();
    await expect.poll(shown, { timeout: 15_000 }).toEqual(['cua-ngo-phia-bac-ql14', 'cua-ngo-phia-nam']);

    // As typed on a phone without a Vietnamese keyboard.
    const search = page.getByRole('textbox', { name: 'Tìm bảng' });
    await search.fill('phia nam');
    await expect.poll(shown).toEqual(['cua-ngo-phia-nam']);
    await search.fill('');

    await page.getByRole('combobox', { name: 'Nhóm bảng' }).click();
    await page.getByRole('option', { name: 'Tất cả cửa ngõ' }).click();
    await expect.poll(shown).toEqual([BOARD]);
    await page.getByRole('combobox', { name: 'Nhóm bảng' }).click();
    await page.getByRole('option', { name: 'Phía Nam' }).click();
    await expect.poll(shown).toEqual(['cua-ngo-phia-nam']);

    // By state: the new board has never had a player.
    await page.getByRole('combobox', { name: 'Nhóm bảng' }).click();
    await page.getByRole('option', { name: 'Phía Nam' }).click();
    // Unselecting the group (choosing it again) shows every board; then filter by state.
    await expect.poll(shown).toEqual(['cua-ngo-phia-bac-ql14', 'cua-ngo-phia-nam']);
    const never = page.getByRole('button', { name: /^Chưa kết nối: 1$/ });
    await never.click();
    expect(await never.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(shown).toEqual(['cua-ngo-phia-nam']);
    await context.close();
  });

  it('names a clock the player draws on both pictures of a playing board, not "not connected"', { timeout: 60_000 }, async () => {
    const api = (method: 'POST' | 'PUT', url: string, payload: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });
    expect((await api('POST', '/api/slides', { id: 'dong-ho', kind: 'clock' })).statusCode).toBe(201);
    expect((await api('PUT', '/api/playlists/dong-ho', { name: 'Đồng hồ', items: [{ slideId: 'dong-ho' }] })).statusCode).toBe(200);
    expect((await api('POST', '/api/schedule-entries', { id: 'dong-ho', playlistId: 'dong-ho', targets: { boardIds: [BOARD] }, priority: 60 })).statusCode).toBe(201);
    const player = await boxes.newPage();
    await player.goto(`${c.url}/player/`);
    await player.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 15_000 });
    const { context, page } = await signedIn(browser, c, { username: 'admin', password: c.first!.adminPassword! });
    await page.goto(`${c.url}/`);
    await expect.poll(() => card(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('playing');
    // Once the player reports the clock: both frames name it.
    await expect.poll(() => card(page).getByText('Đồng hồ', { exact: true }).count(), { timeout: 20_000 }).toBe(2);
    expect(await card(page).getByText('Chưa kết nối').count()).toBe(0);
    await player.close();
    await context.close();
  });
});
