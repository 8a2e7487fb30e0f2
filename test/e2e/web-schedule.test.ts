// The schedule page in Chromium. The staff flow's scheduling part: an editor schedules a playlist
// on the demo board from the page, starting two minutes from now on the interrupt layer, and sends
// it for approval; an approver approves it through the API; the board wall shows the board's new
// schedule go pending → ready → playing, and the paired player switches to it at the window's
// start. Also: the calendar draws the approved schedule; a conflict warning is shown before saving
// an overlapping entry of the same priority; selecting a range opens the form with it; the browser's
// cron matcher agrees with the controller's; no accessibility fault; fits a phone.
import { seriousAxe } from '../helpers/axe.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cronOccurrences } from '../../controller/services/cron.ts';
import { browserCronOccurrences, parseCron } from '../../web/src/pages/schedule/cron.ts';
import { adminApi } from '../helpers/api.ts';
import { launchBrowser, slideShownAt } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { missingKeys, PHONE, signedIn } from '../helpers/web.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
const BOARD_NAME = 'Cửa ngõ phía Bắc – Quốc lộ 14';
let c: TestController;
let browser: Browser;
let player: Page;
let editor: { token: string; password: string };
let approver: { token: string; password: string };
const api = adminApi(() => c);

/** Hồ Chí Minh City wall-clock date (dd/mm/yyyy) and time (HH:mm) of an instant. */
const local = (t: number) => {
  const iso = new Date(t + 7 * 3_600_000).toISOString();
  return { date: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, hours: iso.slice(11, 13), minutes: iso.slice(14, 16) };
};

async function approve(change: { id: string; version: number }): Promise<void> {
  const res = await api('POST', `/api/changes/${change.id}/approve`, { version: change.version }, approver.token);
  expect(res.statusCode, res.body).toBe(200);
}

async function editorPage(opts: { viewport?: { width: number; height: number }; lang?: 'vi' | 'en' } = {}): Promise<Page> {
  const { page } = await signedIn(browser, c, { username: 'bien-tap', password: editor.password }, opts);
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(`${c.url}/schedule`);
  await page.locator('.fc-view').waitFor({ timeout: 30_000 });
  return page;
}

/** Picks an option of a Mantine Select or MultiSelect in the form. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('dialog').getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  // Close the list by clicking the form's title (Escape would close the drawer).
  await page.getByRole('dialog').getByRole('heading').first().click();
}

/** Resolves with the instant (page clock) the player first shows the slide. */
const shownAt = (slideId: string, timeoutMs: number): Promise<number> => slideShownAt(player, slideId, timeoutMs, { already: true });

/**
 * The board's player on a slow link: while `slowLink` is on, its schedule takes 1.5 s to reach it
 * and its heartbeats 1.5 s to come back (a board on a poor mobile connection). On the test
 * machine every step otherwise takes a millisecond, and the wall would only ever show the last.
 */
const SLOW_MS = 1500;
let slowLink = false;
async function openSlowPlayer(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 576, height: 288 } });
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    const pass = (message: string | Buffer, slowFor: RegExp, send: () => void) => (slowLink && typeof message === 'string' && slowFor.test(message) ? setTimeout(send, SLOW_MS) : send());
    server.onMessage((m) => pass(m, /^42\/player,\d*\["manifest"/, () => ws.send(m)));
    ws.onMessage((m) => pass(m, /^42\/player,\d*\["heartbeat"/, () => server.send(m)));
  });
  const page = await context.newPage();
  await page.goto(`${c.url}/player/?grant=${encodeURIComponent(c.first!.grant)}`);
  await page.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 15_000 });
  return page;
}

beforeAll(async () => {
  c = await startController({ approval: true });
  browser = await launchBrowser();
  editor = await c.user('bien-tap', ['editor']);
  approver = await c.user('phe-duyet', ['approver']);
  // A one-slide playlist whose slide differs from everything the board plays now.
  const slide = await api('POST', '/api/slides?submit=true', { id: 'gio-cao-diem', kind: 'text', text: 'Giờ cao điểm – giảm tốc độ, giữ khoảng cách', durationSeconds: 8 }, editor.token);
  expect(slide.statusCode, slide.body).toBe(201);
  await approve(slide.json().change);
  const playlist = await api('PUT', '/api/playlists/canh-bao-cao-diem?submit=true', { name: 'Cảnh báo giờ cao điểm', items: [{ slideId: 'gio-cao-diem' }] }, editor.token);
  expect(playlist.statusCode, playlist.body).toBe(200);
  await approve(playlist.json().change);
  player = await openSlowPlayer();
}, 60_000);

afterAll(async () => {
  await player?.context().close();
  await browser?.close();
  await c?.close();
});

describe('schedule calendar', () => {
  it('draws the approved schedule by layer colour, with named priorities, in month, week and list views', async () => {
    const page = await editorPage();
    const event = page.locator('.fc-event', { hasText: 'Cuộc vận động Hiến kế 2020 – cửa ngõ Buôn Ma Thuột · Thường' }).first();
    await event.waitFor({ timeout: 10_000 });
    // The campaign layer's colour.
    expect(await event.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(24, 100, 171)');
    expect(await page.locator('[data-range-title]').innerText()).toMatch(/^Tháng \d+ năm \d{4}$/);
    expect(await missingKeys(page)).toEqual([]);
    expect(await seriousAxe(page)).toEqual([]);
    await page.getByText('Tuần', { exact: true }).click();
    await page.locator('.fc-timeGridWeek-view').waitFor();
    // 24-hour slot labels.
    await page.locator('.fc-timegrid-slot-label', { hasText: '13:00' }).first().waitFor();
    await page.getByText('Danh sách', { exact: true }).click();
    await page.locator('.fc-list-event', { hasText: 'Hiến kế 2020' }).first().waitFor();
    expect(await seriousAxe(page)).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('shows the API\u2019s conflict warning before saving an overlapping entry of the same priority', async () => {
    const page = await editorPage();
    await page.getByRole('button', { name: 'Tạo lịch' }).click();
    await choose(page, 'Danh sách phát', 'Cảnh báo giờ cao điểm');
    await choose(page, 'Bảng', BOARD_NAME);
    // Campaign layer and "Thường" (50) are the defaults, like the demo entry that plays always.
    const warning = page.getByRole('alert').filter({ hasText: 'trùng giờ với lịch "demo-hien-ke-2020"' });
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.innerText()).toContain('luân phiên');
    expect(await seriousAxe(page)).toEqual([]);
    // Nothing was saved to show it.
    expect((await api('GET', '/api/changes?kind=entry')).json()).toEqual([]);
    // A refusal the save would get is shown beside its field, before saving: an end before the start.
    const dialog = page.getByRole('dialog', { name: 'Tạo lịch phát' });
    const end = dialog.getByRole('textbox', { name: 'Đến hết ngày' });
    await end.fill(local(Date.now() - 86_400_000).date);
    await dialog.getByText('ngày kết thúc trước ngày bắt đầu').waitFor({ timeout: 10_000 });
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Xoá ô Đến hết ngày' }).click();
    await warning.waitFor({ timeout: 10_000 });
    // A higher named level wins instead of rotating: no warning.
    await choose(page, 'Mức ưu tiên', 'Ưu tiên (70)');
    await page.getByText('Không trùng với lịch nào cùng lớp và cùng mức ưu tiên.').waitFor({ timeout: 10_000 });
    expect(await warning.count()).toBe(0);
    await page.context().close();
  }, 90_000);

  it('opens the form for a range selected on the calendar', async () => {
    const page = await editorPage();
    const days = page.locator('.fc-daygrid-day:not(.fc-day-other)');
    const a = await days.nth(8).boundingBox();
    const b = await days.nth(10).boundingBox();
    const dates = await Promise.all([days.nth(8).getAttribute('data-date'), days.nth(10).getAttribute('data-date')]);
    await page.mouse.move(a!.x + 6, a!.y + 6);
    await page.mouse.down();
    await page.mouse.move(b!.x + 10, b!.y + 8, { steps: 8 });
    await page.mouse.up();
    const dialog = page.getByRole('dialog', { name: 'Tạo lịch phát' });
    await dialog.waitFor({ timeout: 5000 });
    const ddmmyyyy = (d: string | null) => `${d!.slice(8, 10)}/${d!.slice(5, 7)}/${d!.slice(0, 4)}`;
    expect(await dialog.getByRole('textbox', { name: 'Từ ngày' }).inputValue()).toBe(ddmmyyyy(dates[0]));
    expect(await dialog.getByRole('textbox', { name: 'Đến hết ngày' }).inputValue()).toBe(ddmmyyyy(dates[1]));
    await page.context().close();
  }, 60_000);

  it('fits a phone without sideways scrolling, with every string in English too', async () => {
    const page = await editorPage({ viewport: PHONE, lang: 'en' });
    await page.getByRole('heading', { name: 'Schedule', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
    await page.getByRole('button', { name: 'New entry' }).click();
    await page.getByRole('dialog', { name: 'New schedule entry' }).waitFor();
    expect(await missingKeys(page)).toEqual([]);
    expect(await seriousAxe(page)).toEqual([]);
    await page.context().close();
  }, 60_000);
});

describe('staff flow: scheduling', () => {
  it('an entry made on the page, approved, goes to the board and plays at its start', async () => {
    // Two whole minutes or a little more from now, so the approval comes first.
    const start = Math.ceil((Date.now() + 120_000) / 60_000) * 60_000;
    const from = local(start);
    const to = local(start + 15 * 60_000);
    const page = await editorPage();
    await page.getByRole('button', { name: 'Tạo lịch' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tạo lịch phát' });
    await dialog.getByRole('textbox', { name: 'Tên lịch' }).fill('Giờ cao điểm – thử nghiệm');
    await choose(page, 'Danh sách phát', 'Cảnh báo giờ cao điểm');
    await choose(page, 'Bảng', BOARD_NAME);
    await dialog.locator('label', { hasText: 'Chen ngang' }).click();
    await dialog.getByRole('textbox', { name: 'Từ ngày' }).fill(from.date);
    await dialog.getByRole('textbox', { name: 'Đến hết ngày' }).fill(to.date);
    await dialog.locator('label', { hasText: 'Theo thứ và khung giờ' }).click();
    await dialog.getByRole('switch', { name: 'Chỉ phát trong một khung giờ mỗi ngày' }).check();
    await dialog.getByLabel('Giờ bắt đầu: giờ').fill(from.hours);
    await dialog.getByLabel('Giờ bắt đầu: phút').fill(from.minutes);
    await dialog.getByLabel('Giờ kết thúc: giờ').fill(to.hours);
    await dialog.getByLabel('Giờ kết thúc: phút').fill(to.minutes);
    await dialog.locator('[data-window-note]', { hasText: `${from.hours}:${from.minutes} → ${to.hours}:${to.minutes}` }).waitFor();
    // The controller's check: the board it reaches, no overlap on the interrupt layer.
    await dialog.getByText('Lịch này đến 1 bảng').waitFor({ timeout: 10_000 });
    await dialog.getByText('Không trùng với lịch nào').waitFor({ timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByText('Đã gửi duyệt').waitFor({ timeout: 10_000 });

    // The page marks it as waiting for approval.
    await page.locator('[data-entry]', { hasText: 'Giờ cao điểm – thử nghiệm' }).getByText('Chờ duyệt').waitFor({ timeout: 10_000 });
    await page.locator('.fc-event.lg-pending', { hasText: 'Cảnh báo giờ cao điểm · Thường · Chờ duyệt' }).first().waitFor();
    expect(await seriousAxe(page)).toEqual([]);
    const changes = (await api('GET', '/api/changes?kind=entry&status=submitted')).json() as { id: string; version: number; targetId: string }[];
    expect(changes).toHaveLength(1);
    const entry = (await api('GET', `/api/changes/${changes[0]!.id}`)).json() as { proposed: Record<string, unknown> };
    expect(entry.proposed).toMatchObject({
      playlistId: 'canh-bao-cao-diem',
      targets: { boardIds: [BOARD], groupIds: [] },
      layer: 'interrupt',
      priority: 50,
      recurrence: { kind: 'daily', weekdays: [1, 2, 3, 4, 5, 6, 7], window: { start: `${from.hours}:${from.minutes}`, end: `${to.hours}:${to.minutes}` } },
    });

    // The wall, watched from before the approval: the board's schedule delivery as it moves.
    const { page: wall } = await signedIn(browser, c, { username: 'phe-duyet', password: approver.password });
    await wall.goto(`${c.url}/`);
    const badge = wall.locator(`[data-board="${BOARD}"] [data-delivery]`);
    await badge.waitFor({ timeout: 15_000 });
    await expect.poll(() => badge.getAttribute('data-delivery'), { timeout: 15_000 }).toBe('playing');
    await wall.evaluate((board) => {
      const seen: string[] = [];
      (window as unknown as { __deliveries: string[] }).__deliveries = seen;
      new MutationObserver(() => {
        const v = document.querySelector(`[data-board="${board}"] [data-delivery]`)?.getAttribute('data-delivery');
        if (v && seen[seen.length - 1] !== v) seen.push(v);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-delivery'] });
    }, BOARD);
    const switched = shownAt('gio-cao-diem', start - Date.now() + 20_000);
    expect(Date.now()).toBeLessThan(start - 10_000);
    slowLink = true;
    await approve(changes[0]!);

    await expect
      .poll(() => wall.evaluate(() => (window as unknown as { __deliveries: string[] }).__deliveries.join(' ')), { timeout: 30_000 })
      .toMatch(/^pending .*ready playing$/);
    slowLink = false;
    // The player switches at the window's start, not before.
    const at = await switched;
    expect(at).toBeGreaterThanOrEqual(start - 300);
    expect(at - start).toBeLessThan(1500);
    // Approved: the calendar shows it on the interrupt layer's colour, no longer pending.
    await page.reload();
    const ev = page.locator('.fc-event', { hasText: 'Cảnh báo giờ cao điểm · Thường' }).first();
    await ev.waitFor({ timeout: 10_000 });
    expect(await ev.evaluate((el) => [getComputedStyle(el).backgroundColor, el.classList.contains('lg-pending')])).toEqual(['rgb(194, 65, 12)', false]);
    await wall.context().close();
    await page.context().close();
  }, 240_000);
});

describe('cron in the browser', () => {
  it('fires when the controller\u2019s node-cron does', () => {
    const from = Date.UTC(2026, 10, 26, 17);
    const to = from + 3 * 86_400_000;
    for (const expression of ['30 6 * * 1-5', '*/20 22,23 * * *', '0 0 1 * *', '15 7 * * sat,sun', '0 12 27 nov *', '0 5-7/2 * * 0']) {
      expect(parseCron(expression), expression).not.toBeNull();
      expect(browserCronOccurrences(expression, 'Asia/Ho_Chi_Minh', from, to), expression).toEqual(cronOccurrences(expression, 'Asia/Ho_Chi_Minh', from, to));
    }
    // node-cron's own extensions are not read here (such entries are listed, not drawn).
    expect(parseCron('0 7 L * *')).toBeNull();
  });
});
