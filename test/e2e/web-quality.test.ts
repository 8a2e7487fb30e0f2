// Every page of the web app, as a user of each language and on a phone: no string without its
// translation, no serious or critical accessibility fault (axe), the keyboard reaches the page, and
// the operators' pages fit a 390 px phone without sideways scrolling.
import { seriousAxe } from '../helpers/axe.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPairedPlayer } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { DESKTOP, missingKeys, PHONE, signedIn } from '../helpers/web.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
let browser: Browser;
let player: Page;
let changeId = '';

/** Every page, with what shows it is drawn (a heading). */
const PAGES = () => process.env.PAGES ? process.env.PAGES.split(',') : [
  '/',
  `/boards/${BOARD}`,
  '/boards',
  '/slides',
  '/slides/khau-hieu',
  '/slides/new',
  '/playlists',
  '/playlists/hien-ke-2020',
  '/schedule',
  '/emergency',
  '/approvals',
  `/approvals/${changeId}`,
  '/audit',
  '/reports',
  '/alerts',
  '/users',
  '/account',
];
/** The pages operators use on the road, and the report staff read on a phone: they must fit one. */
const PHONE_PAGES = ['/', `/boards/${BOARD}`, '/emergency', '/reports', '/alerts'];

beforeAll(async () => {
  c = await startController({ approval: true });
  browser = await launchBrowser();
  player = await openPairedPlayer(browser, c.url, c.first!.grant);
  // Something in the approval queue, so its pages have content.
  const editor = await c.user('bien-tap', ['editor']);
  const res = await c.app.inject({ method: 'PUT', url: '/api/slides/khau-hieu?submit=true', payload: { kind: 'text', text: 'Toàn dân tham gia hiến kế xây dựng Đắk Lắk' }, headers: { authorization: `Bearer ${editor.token}` } });
  changeId = res.json().change.id;
}, 60_000);
afterAll(async () => {
  await player?.close();
  await browser?.close();
  await c?.close();
});

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${c.url}${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
}

describe('every page', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`has every string translated in ${lang === 'vi' ? 'Vietnamese' : 'English'} and no serious accessibility fault`, { timeout: 180_000 }, async () => {
      const { context, page } = await signedIn(browser, c, { username: 'admin', password: c.first!.adminPassword! }, { viewport: DESKTOP, lang });
      const problems: string[] = [];
      for (const path of PAGES()) {
        await open(page, path);
        const missing = await missingKeys(page);
        if (missing.length) problems.push(`${path}: missing ${missing.join(', ')}`);
        for (const fault of await seriousAxe(page)) problems.push(`${path}: ${fault}`);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      }
      await context.close();
      expect(problems).toEqual([]);
    });
  }

  it('the sign-in page too, signed out', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${c.url}/sign-in`);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(await missingKeys(page)).toEqual([]);
    expect(await seriousAxe(page, { allRules: true })).toEqual([]);
    await context.close();
  });

  it('the operators’ pages fit a phone (390 × 844) without sideways scrolling', { timeout: 90_000 }, async () => {
    const { context, page } = await signedIn(browser, c, { username: 'admin', password: c.first!.adminPassword! }, { viewport: PHONE });
    for (const path of PHONE_PAGES) {
      await open(page, path);
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
      expect(scroll, `${path} is ${scroll} px wide in a ${client} px screen`).toBeLessThanOrEqual(client);
    }
    await context.close();
  });

  it('can be used by keyboard: Tab reaches a visible, focused control on every page', { timeout: 120_000 }, async () => {
    const { context, page } = await signedIn(browser, c, { username: 'admin', password: c.first!.adminPassword! }, { viewport: DESKTOP });
    for (const path of PAGES()) {
      await open(page, path);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return { tag: el.tagName, visible: r.width > 0 && r.height > 0, outline: style.outlineStyle !== 'none' || style.boxShadow !== 'none' };
      });
      expect(focused, path).not.toBeNull();
      expect(focused!.visible, path).toBe(true);
      expect(focused!.outline, `${path}: the focus is visible`).toBe(true);
    }
    await context.close();
  });
});
