// Scheduled reports on the reports page, as an admin and a viewer meet them (no mail server here,
// so the page says so): the admin adds a monthly schedule with a bad address among the recipients
// and sees the server's refusal beside the field, in Vietnamese; fixes it and saves; the schedule
// is listed with its next run on its own clock (the 1st at 07:00). "Gửi ngay" fails without a mail
// server: the card says why, and the 'report-failed' alert on the alerts page names the schedule
// and links to the reports page (the wall and the board's page are not troubled by it). A viewer
// sees the list but no button to change it; in English nothing is untranslated; the admin deletes
// the schedule after confirming. With SHOTS=1 it saves screenshots at 1440×900 and 390×844.
import { seriousAxe } from '../helpers/axe.js';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportScheduleView } from '../../playlists/api/reports.ts';
import { DEMO_BOARD } from '../../controller/services/bootstrap.ts';
import { nextOccurrence } from '../../controller/services/report-schedules.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { missingKeys, signedIn } from '../helpers/web.ts';

const ZONE = 'Asia/Ho_Chi_Minh';
const NAME = 'Báo cáo tháng gửi Ban Tuyên giáo';
const SHOTS = process.env.SHOTS === '1';

let c: TestController;
let browser: Browser;
const contexts: BrowserContext[] = [];
let viewer = { token: '', password: '' };
let playlistName = '';

const api = async (url: string) => (await c.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${c.adminToken}` } })).json();
const schedules = async () => (await api('/api/report-schedules')) as ReportScheduleView[];
const clean = (s: string) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

async function open(user: { username: string; password: string }, path: string, opts: { viewport?: { width: number; height: number }; lang?: 'vi' | 'en' } = {}): Promise<Page> {
  const { context, page } = await signedIn(browser, c, user, opts);
  contexts.push(context);
  page.setDefaultTimeout(15_000);
  await page.goto(`${c.url}${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.getByTestId('report-schedules').waitFor();
  return page;
}

/** The message a field shows beside it (what aria-describedby points to). */
async function describedText(page: Page, field: ReturnType<Page['getByLabel']>): Promise<string> {
  await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await field.elementHandle());
  const ids = (await field.getAttribute('aria-describedby')) ?? '';
  return page.evaluate((list) => list.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), ids);
}

beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
  viewer = await c.user('nguoi-xem', ['viewer']);
  const playlists = (await api('/api/playlists')) as { id: string; name: string }[];
  playlistName = playlists.find((p) => p.id === 'hien-ke-2020')!.name;
}, 60_000);
afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser?.close();
  await c?.close();
});

describe('scheduled reports on the reports page', { timeout: 90_000 }, () => {
  const admin = () => ({ username: 'admin', password: c.first!.adminPassword! });

  it('an admin adds a monthly schedule: a bad address is refused beside the field, the fixed one is listed with its next run', async () => {
    const page = await open(admin(), '/reports');
    const section = page.getByTestId('report-schedules');
    await section.getByRole('heading', { level: 2, name: 'Báo cáo định kỳ' }).waitFor();
    expect(await section.innerText()).toContain('Chưa có lịch gửi báo cáo nào');

    await section.getByRole('button', { name: 'Thêm lịch gửi' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thêm lịch gửi báo cáo' });
    await dialog.getByLabel('Tên').fill(NAME);
    await dialog.getByText('Hằng tháng', { exact: true }).click();
    await dialog.getByLabel('Nội dung', { exact: true }).click();
    await page.getByRole('option', { name: playlistName }).click();
    await dialog.getByText('PDF', { exact: true }).click();
    const recipients = dialog.getByLabel('Người nhận');
    await recipients.fill('lanh-dao@example.vn\nvan-hoa.daklak.gov.vn');
    if (SHOTS) await page.screenshot({ path: '/tmp/sched-form-new.png' });
    await dialog.getByRole('button', { name: 'Lưu' }).click();

    // Refused beside the field, in Vietnamese, naming the address; nothing saved.
    expect(await describedText(page, recipients)).toContain('"van-hoa.daklak.gov.vn" không phải địa chỉ thư');
    expect(await schedules()).toEqual([]);
    if (SHOTS) await page.screenshot({ path: '/tmp/sched-form-refused.png' });
    expect(await seriousAxe(page, { include: '[role="dialog"]' })).toEqual([]);

    await recipients.fill('lanh-dao@example.vn\nvan-hoa@daklak.gov.vn');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'detached' });

    const [saved] = await schedules();
    expect(saved).toMatchObject({ name: NAME, frequency: 'monthly', at: '07:00', timeZone: ZONE, playlistId: 'hien-ke-2020', format: 'pdf', recipients: ['lanh-dao@example.vn', 'van-hoa@daklak.gov.vn'], enabled: true, lastRunAt: null, mailConfigured: false });
    // The next run: the next 1st of a month at 07:00 in Buôn Ma Thuột, written dd/mm/yyyy HH:mm.
    const next = nextOccurrence(Date.now(), { frequency: 'monthly', at: '07:00', timeZone: ZONE });
    expect(Date.parse(saved!.nextRunAt!)).toBe(next);
    const nextText = DateTime.fromMillis(next, { zone: ZONE }).toFormat('dd/MM/yyyy HH:mm');
    expect(nextText).toMatch(/^01\/\d{2}\/\d{4} 07:00$/);

    const card = section.locator(`[data-schedule="${saved!.id}"]`);
    await card.waitFor();
    expect(clean(await card.getByTestId('schedule-when').innerText())).toContain('Hằng tháng, ngày 1 lúc 07:00');
    expect(clean(await card.getByTestId('schedule-next').innerText())).toContain(`${nextText} (GMT+7)`);
    expect(clean(await card.getByTestId('schedule-last').innerText())).toContain('Chưa gửi lần nào');
    const text = clean(await card.innerText());
    expect(text).toContain(`Danh sách phát «${playlistName}»`);
    expect(text).toContain('lanh-dao@example.vn van-hoa@daklak.gov.vn');
    expect(text).toContain('PDF');
    // No mail server: said in words above the list.
    expect(await section.getByTestId('schedules-no-mail').innerText()).toContain('Chưa cấu hình máy chủ thư');
    expect(await missingKeys(page)).toEqual([]);
    if (SHOTS) {
      await page.getByTestId('chart-uptime').waitFor();
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: '/tmp/sched-section-saved.png' });
    }
  });

  it('"Gửi ngay" shows the failure in words; its alert names the schedule and links to the reports page', async () => {
    const page = await open(admin(), '/reports');
    const [s] = await schedules();
    const card = page.locator(`[data-schedule="${s!.id}"]`);
    await card.getByRole('button', { name: 'Gửi ngay' }).click();
    await card.getByTestId('schedule-error').waitFor();
    expect(await card.getByTestId('schedule-last').innerText()).toContain('Không gửi được');
    // Why, in the page's language (the controller keeps it in both).
    expect(await card.getByTestId('schedule-error').innerText()).toBe('chưa cấu hình máy chủ thư (SMTP_URL)');
    expect(clean(await card.getByTestId('schedule-next').innerText())).toContain('thử lại (đã lỗi 1 lần)');
    await page.getByText('Không gửi được báo cáo', { exact: true }).waitFor();

    await page.goto(`${c.url}/alerts`);
    const alert = page.locator('[role="list"] [data-kind="report-failed"]').first();
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Không gửi được báo cáo');
    const link = alert.locator('a[data-subject="report"]');
    expect(await link.innerText()).toContain(NAME);
    expect(await link.getAttribute('href')).toBe('/reports');
    const row = page.locator('table [data-kind="report-failed"] a');
    expect(await row.getAttribute('href')).toBe('/reports');
    expect(await missingKeys(page)).toEqual([]);
    await link.click();
    await page.getByTestId('report-schedules').waitFor();

    // The wall and the board's page are keyed by board: an alert about no board troubles neither.
    await page.goto(`${c.url}/`);
    await page.locator(`[data-board="${DEMO_BOARD.id}"]`).first().waitFor();
    expect(await page.locator('[data-testid="open-alerts"]').count()).toBe(0);
    await page.goto(`${c.url}/boards/${DEMO_BOARD.id}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByTestId('board-alerts').count()).toBe(0);
  });

  it('a viewer sees the list but no button to change it; in English nothing is untranslated', async () => {
    const page = await open({ username: 'nguoi-xem', password: viewer.password }, '/reports');
    const section = page.getByTestId('report-schedules');
    await section.locator('[data-schedule]').first().waitFor();
    expect(clean(await section.innerText())).toContain('Hằng tháng, ngày 1 lúc 07:00');
    for (const name of ['Thêm lịch gửi', 'Sửa', 'Xoá', 'Gửi ngay']) expect(await section.getByRole('button', { name }).count(), name).toBe(0);

    const en = await open(admin(), '/reports', { lang: 'en' });
    const card = en.locator('[data-schedule]').first();
    await card.waitFor();
    expect(clean(await card.innerText())).toContain('Monthly, on the 1st at 07:00');
    expect(await card.getByTestId('schedule-error').innerText()).toBe('mail is not configured (SMTP_URL)');
    if (SHOTS) {
      await en.getByTestId('chart-uptime').waitFor();
      await en.getByTestId('report-schedules').screenshot({ path: '/tmp/sched-section-en.png' });
    }
    await card.getByRole('button', { name: 'Edit' }).click();
    await en.getByRole('dialog', { name: 'Edit the scheduled report' }).waitFor();
    expect(await missingKeys(en)).toEqual([]);
  });

  it('looks right on a phone and at 1440 px', async () => {
    if (!SHOTS) return;
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      const page = await open(admin(), '/reports', { viewport: { width: w, height: h } });
      const section = page.getByTestId('report-schedules');
      await section.locator('[data-schedule]').first().waitFor();
      // The charts load after the figures; the section moves down when they do.
      await page.getByTestId('chart-uptime').waitFor();
      await page.waitForLoadState('networkidle');
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/tmp/sched-page-${w}.png` });
      await section.screenshot({ path: `/tmp/sched-section-${w}.png` });
      await section.locator('[data-schedule]').first().getByRole('button', { name: 'Sửa' }).click();
      await page.getByRole('dialog', { name: 'Sửa lịch gửi báo cáo' }).waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `/tmp/sched-form-${w}.png` });
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
      expect(scroll).toBeLessThanOrEqual(client);
    }
  });

  it('an admin deletes a schedule after confirming', async () => {
    const page = await open(admin(), '/reports');
    const [s] = await schedules();
    const card = page.locator(`[data-schedule="${s!.id}"]`);
    await card.getByRole('button', { name: 'Xoá' }).click();
    const dialog = page.getByRole('dialog', { name: 'Xoá lịch gửi báo cáo?' });
    expect(await dialog.innerText()).toContain(NAME);
    await dialog.getByRole('button', { name: 'Xoá lịch gửi' }).click();
    await card.waitFor({ state: 'detached' });
    expect(await schedules()).toEqual([]);
    // Its alert ended with it.
    expect(((await api('/api/alerts?open=true')) as { kind: string }[]).filter((a) => a.kind === 'report-failed')).toEqual([]);
  });
});
