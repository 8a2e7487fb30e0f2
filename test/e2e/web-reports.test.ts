// The reports page as its users meet it: proof of play sent by two boards' players over the last
// days shows as the same totals the API gives (in Vietnamese number formats), a table per board
// whose rows are each day's showings and airtime, the slides shown with their thumbnail (or a
// frame saying there is none), and export links that download the DOCX, PDF and CSV with the
// session cookie. The quick choices put the period in the address. An admin edits the DOCX's
// letterhead (the server's refusal shown beside its field); a viewer sees the report, not the form.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../playlists/api/reports.ts';
import type { PlayRecord } from '../../playlists/protocol.ts';
import { dayBounds, localDay } from '../../playlists/report-time.ts';
import { systemActor } from '../../controller/services/actor.ts';
import { DEMO_BOARD } from '../../controller/services/bootstrap.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { missingKeys, signedIn } from '../helpers/web.ts';

const ZONE = 'Asia/Ho_Chi_Minh';
const EAST = { id: 'cua-ngo-phia-dong-ql26', name: 'Cửa ngõ phía Đông – Quốc lộ 26' };
const SHA_KEPT = 'a'.repeat(64);
const SHA_GONE = 'b'.repeat(64);
const DAY = 86_400_000;

let c: TestController;
let browser: Browser;
const contexts: BrowserContext[] = [];
let viewer = { token: '', password: '' };
// Real time: the records are of the last two days, the period runs to today.
const today = localDay(Date.now(), ZONE);
const day1 = localDay(Date.now() - 2 * DAY, ZONE);
const day2 = localDay(Date.now() - DAY, ZONE);
const period = `from=${day1}&to=${today}`;

let seq = 0;
const records = (boardId: string, day: string, slideId: string, sha256: string, count: number, seconds: number, hour: number): PlayRecord[] =>
  Array.from({ length: count }, (_, i) => {
    const startedAt = dayBounds(day, ZONE).start + hour * 3_600_000 + i * seconds * 1000;
    return { id: `rec-${String((seq += 1)).padStart(6, '0')}`, boardId, slideId, sha256, layer: 'campaign', entryIds: ['demo-hien-ke-2020'], playlistId: 'hien-ke-2020', startedAt, endedAt: startedAt + seconds * 1000 };
  });

/** Numbers and durations as the page writes them in Vietnamese (a no-break space read as a space). */
const int = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const duration = (ms: number) => {
  const s = Math.round(ms / 1000);
  if (s > 0 && s < 60) return `${s} giây`;
  const minutes = Math.round(s / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} phút`;
  return m === 0 ? `${int(h)} giờ` : `${int(h)} giờ ${m} phút`;
};
const share = (x: number) => `${(x * 100).toFixed(1).replace('.', ',')}%`;
const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).replace(/\u00a0/g, ' ').trim();

async function open(username: string, password: string, path: string): Promise<Page> {
  const { context, page } = await signedIn(browser, c, { username, password });
  contexts.push(context);
  page.setDefaultTimeout(15_000);
  await page.goto(`${c.url}${path}`);
  await page.getByRole('heading', { level: 1, name: 'Báo cáo' }).waitFor();
  return page;
}

beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
  viewer = await c.user('nguoi-xem', ['viewer']);
  await c.ctx.services.boards.create(systemActor('test'), { id: EAST.id, name: EAST.name, width: 576, height: 288, timeZone: ZONE, pitchMm: 10 });
  const send = async (boardId: string, list: PlayRecord[]) => {
    const device = { kind: 'device' as const, deviceId: `hop-phat-${boardId}`, boardId, ip: null };
    expect(await c.ctx.services.telemetry.playRecords(device, list)).toHaveLength(list.length);
  };
  await send(DEMO_BOARD.id, [
    ...records(DEMO_BOARD.id, day1, 'khau-hieu', SHA_KEPT, 30, 10, 9),
    ...records(DEMO_BOARD.id, day1, 'fanpage', SHA_GONE, 10, 8, 14),
    ...records(DEMO_BOARD.id, day2, 'khau-hieu', SHA_KEPT, 20, 12, 10),
  ]);
  await send(EAST.id, records(EAST.id, day2, 'ten-cuoc-van-dong', SHA_GONE, 15, 8, 16));
  // One image keeps a thumbnail for reports; the other has none (the page shows a frame instead).
  const png = await c.app.inject({ method: 'GET', url: `/api/slides/khau-hieu/preview?w=576&h=288`, headers: { authorization: `Bearer ${c.adminToken}` } });
  expect(png.statusCode).toBe(200);
  await c.ctx.store.plays.saveThumbnail(SHA_KEPT, png.rawPayload, Date.now());
}, 60_000);
afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser?.close();
  await c?.close();
});

describe('the reports page', { timeout: 60_000 }, () => {
  it('shows the API’s totals, a table per board with each day’s rows, and the slides with their thumbnails', async () => {
    const { context, page } = await signedIn(browser, c, { username: 'admin', password: c.first!.adminPassword! });
    contexts.push(context);
    page.setDefaultTimeout(15_000);
    // The figures the page itself was given (hours online move with the clock between two requests).
    const answer = page.waitForResponse((r) => r.url().includes('/api/reports?') && r.request().method() === 'GET');
    await page.goto(`${c.url}/reports?${period}`);
    const report = (await (await answer).json()) as Report;
    await page.locator('[data-stat="showings"] [data-value]').waitFor();

    // The API counts what the players sent: 75 showings, 740 s.
    expect(report.totals.showings).toBe(75);
    expect(report.totals.airtimeMs).toBe(740_000);
    const t = report.totals;
    const shown = {
      showings: await text(page, '[data-stat="showings"] [data-value]'),
      airtime: await text(page, '[data-stat="airtime"] [data-value]'),
      share: await text(page, '[data-stat="share"] [data-value]'),
      online: await text(page, '[data-stat="online"] [data-value]'),
      offline: await text(page, '[data-stat="offline"] [data-value]'),
      dark: await text(page, '[data-stat="dark"] [data-value]'),
      unknown: await text(page, '[data-stat="unknown"] [data-value]'),
      emergencies: await text(page, '[data-stat="emergencies"] [data-value]'),
    };
    expect(shown).toEqual({
      showings: '75',
      airtime: '12 phút',
      share: share(t.share),
      online: duration(t.onlineMs),
      offline: duration(t.offlineMs + t.staleMs),
      dark: duration(t.darkMs),
      unknown: duration(t.unknownMs),
      emergencies: int(t.emergencies),
    });
    expect(shown.share).toBe('100,0%');

    // A table per board: one row per day of the period, and the totals row.
    const rows = async (boardId: string) =>
      page.locator(`table[data-board="${boardId}"] tr[data-day]`).evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-day'), ...[...tr.children].map((cell) => (cell as HTMLElement).innerText.replace(/\u00a0/g, ' ').trim())]),
      );
    const north = await rows(DEMO_BOARD.id);
    expect(north.map((r) => r[0])).toEqual([day1, day2, today, 'total']);
    const dd = (d: string) => d.split('-').reverse().join('/');
    expect(north[0]!.slice(1, 5)).toEqual([dd(day1), '40', '0:06:20', '100,0%']);
    expect(north[1]!.slice(1, 5)).toEqual([dd(day2), '20', '0:04:00', '100,0%']);
    expect(north[2]!.slice(1, 5)).toEqual([dd(today), '0', '0:00:00', '0,0%']);
    expect(north[3]!.slice(1, 5)).toEqual(['Cộng', '60', '0:10:20', '100,0%']);
    const east = await rows(EAST.id);
    expect(east.map((r) => r.slice(0, 4))).toEqual([
      [day1, dd(day1), '0', '0:00:00'],
      [day2, dd(day2), '15', '0:02:00'],
      [today, dd(today), '0', '0:00:00'],
      ['total', 'Cộng', '15', '0:02:00'],
    ]);
    // The same columns as the DOCX.
    expect(await page.locator(`table[data-board="${EAST.id}"] thead th`).allInnerTexts()).toEqual(['Ngày', 'Lượt phát', 'Thời lượng phát', 'Tỷ lệ thời gian sáng', 'Trực tuyến (giờ)', 'Mất kết nối (giờ)', 'Tắt màn hình (giờ)', 'Khẩn cấp (lần)']);

    // The slides shown, most airtime first, with their picture where one is kept.
    const slides = page.locator('[data-slide]');
    expect(await slides.evaluateAll((els) => els.map((e) => e.getAttribute('data-slide')))).toEqual(['khau-hieu', 'ten-cuoc-van-dong', 'fanpage']);
    const kept = slides.first().locator('img');
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await kept.elementHandle());
    await slides.nth(1).locator('[data-thumbnail="missing"]').waitFor();
    expect(await slides.nth(1).innerText()).toContain('Không còn ảnh thu nhỏ');
    expect((await slides.first().innerText()).replace(/\u00a0/g, ' ')).toContain('Lượt phát: 50');

    // Both charts have a text alternative: a description, and their figures as a table.
    for (const id of ['chart-airtime', 'chart-uptime']) {
      const figure = page.getByTestId(id);
      expect(await figure.locator('[role="img"]').getAttribute('aria-label')).toMatch(/Biểu đồ cột chồng/);
      await figure.getByRole('button', { name: 'Xem bảng số liệu' }).click();
      await figure.locator('table').waitFor();
    }
    expect(await missingKeys(page)).toEqual([]);
  });

  it('exports the DOCX, the PDF and the CSV through plain download links that carry the session cookie', async () => {
    const page = await open('admin', c.first!.adminPassword!, `/reports?${period}&boardId=${DEMO_BOARD.id}`);
    const types = { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', pdf: 'application/pdf', csv: 'text/csv' };
    for (const [format, type] of Object.entries(types)) {
      const link = page.locator(`a[data-export="${format}"]`);
      await link.waitFor();
      expect(await link.getAttribute('download')).not.toBeNull();
      const href = (await link.getAttribute('href'))!;
      expect(href).toBe(`/api/reports/export?from=${day1}&to=${today}&boardId=${DEMO_BOARD.id}&format=${format}`);
      const res = await page.evaluate(async (url) => {
        const r = await fetch(url);
        return { status: r.status, type: r.headers.get('content-type') ?? '', bytes: (await r.arrayBuffer()).byteLength };
      }, href);
      expect(res.status, `${format}: ${JSON.stringify(res)}`).toBe(200);
      expect(res.type.startsWith(type), `${format}: ${res.type}`).toBe(true);
      expect(res.bytes).toBeGreaterThan(100);
    }
    // A click downloads the file under the server's name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-export="docx"]').click()]);
    expect(download.suggestedFilename()).toBe(`bao-cao-${day1}_${today}.docx`);
  });

  it('keeps the query in the address: a quick choice sets the period, a shared address opens the same report', async () => {
    const page = await open('admin', c.first!.adminPassword!, `/reports?${period}&campaignId=hien-ke-2020`);
    await page.getByText('Chiến dịch «', { exact: false }).first().waitFor();
    await page.locator('label').filter({ hasText: '7 ngày qua' }).click();
    await page.waitForURL((u) => u.searchParams.get('to') === today && u.searchParams.get('from') === localDay(Date.now() - 6 * DAY, ZONE));
    const url = new URL(page.url());
    expect(url.searchParams.get('campaignId')).toBe('hien-ke-2020');
    expect((await page.getByLabel('Đến ngày').inputValue())).toBe(today.split('-').reverse().join('/'));
    await page.locator('[data-stat="showings"] [data-value]').filter({ hasText: '75' }).waitFor();
  });

  it('says so in words when nothing was shown, and suggests what to change', async () => {
    const page = await open('admin', c.first!.adminPassword!, `/reports?from=${today}&to=${today}&boardId=${EAST.id}`);
    const empty = page.getByTestId('report-empty');
    await empty.waitFor();
    expect(await empty.innerText()).toContain('Không có lượt phát nào');
    await empty.getByRole('button', { name: 'Xem mọi bảng' }).click();
    await page.waitForURL((u) => !u.searchParams.has('boardId'));
  });

  it('lets an admin edit the letterhead (the server’s refusal beside its field); a viewer sees no such form', async () => {
    const page = await open('admin', c.first!.adminPassword!, `/reports?${period}`);
    await page.getByRole('button', { name: 'Thông tin văn bản' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thông tin văn bản báo cáo' });
    const issuer = dialog.getByLabel('Cơ quan ban hành');
    await issuer.waitFor();
    expect(await issuer.inputValue()).toBe('SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH');
    await issuer.fill('');
    await dialog.getByLabel('Họ tên người ký').fill('Nguyễn Thị Hồng');
    await dialog.getByLabel('Nơi nhận').fill('Ban Tuyên giáo Tỉnh uỷ (để báo cáo)\nUBND tỉnh\n\nLưu: VT, VP');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await issuer.elementHandle());
    const describedBy = (await issuer.getAttribute('aria-describedby')) ?? '';
    const errorText = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
    expect(errorText).toContain('cần ghi cơ quan ban hành');
    expect((await c.app.inject({ method: 'GET', url: '/api/reports/letterhead', headers: { authorization: `Bearer ${c.adminToken}` } })).json().signerName).toBe('');

    await issuer.fill('SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH TỈNH ĐẮK LẮK');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu thông tin văn bản').waitFor();
    await dialog.waitFor({ state: 'detached' });
    const saved = (await c.app.inject({ method: 'GET', url: '/api/reports/letterhead', headers: { authorization: `Bearer ${c.adminToken}` } })).json();
    expect(saved).toMatchObject({ issuingBody: 'SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH TỈNH ĐẮK LẮK', signerName: 'Nguyễn Thị Hồng', recipients: ['Ban Tuyên giáo Tỉnh uỷ (để báo cáo)', 'UBND tỉnh', 'Lưu: VT, VP'] });

    const seen = await open('nguoi-xem', viewer.password, `/reports?${period}`);
    await seen.locator('[data-stat="showings"] [data-value]').filter({ hasText: '75' }).waitFor();
    expect(await seen.getByRole('button', { name: 'Thông tin văn bản' }).count()).toBe(0);
    expect(await seen.locator('a[data-export="docx"]').count()).toBe(1);
    expect(await seen.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Báo cáo' }).count()).toBe(1);
  });
});
