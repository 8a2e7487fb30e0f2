// The emergency page end to end, with a paired player on the same controller: raised from the web
// app (through its read-back), the message is on the player's screen about a second later, the
// page counts the board as showing it, and one action clears it — the campaign returns. A blackout
// goes the same way; someone without the duty sees the list only, and why.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPairedPlayer } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { missingKeys, signedIn } from '../helpers/web.ts';

const MESSAGE = 'MƯA LỚN – ĐƯỜNG NGẬP\nĐề nghị giảm tốc độ, đi chậm';
let c: TestController;
let browser: Browser;
let player: Page;
let context: BrowserContext;
let page: Page;

const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });

/** The slide the player has on screen now (its `data-slide-id`), or null when black. */
const onScreen = () => player.evaluate(() => (document.querySelector('#stage .layer[data-on]') as HTMLElement | null)?.dataset.slideId ?? null);

beforeAll(async () => {
  c = await startController({ approval: true });
  browser = await launchBrowser();
  player = await openPairedPlayer(browser, c.url, c.first!.grant);
  ({ context, page } = await signedIn(browser, c, { username: 'admin', password: c.first!.adminPassword! }));
  page.setDefaultTimeout(10_000);
}, 60_000);
afterAll(async () => {
  await context?.close();
  await player?.close();
  await browser?.close();
  await c?.close();
});

describe('emergency page', { timeout: 60_000 }, () => {
  it('raises an emergency that is on the player’s screen about a second later, counts it live, and clears it with one action', async () => {
    const campaign = (await api('GET', '/api/playlists/hien-ke-2020')).json() as { items: { slideId: string }[] };
    const campaignSlides = campaign.items.map((i) => i.slideId);
    expect(campaignSlides).toContain(await onScreen());

    await page.goto(`${c.url}/emergency`);
    await page.getByRole('heading', { level: 1, name: 'Khẩn cấp và tắt màn hình' }).waitFor();
    await page.getByText('Không có thông báo khẩn hay lệnh tắt màn hình nào').waitFor();
    await page.getByLabel('Nội dung thông báo').fill(MESSAGE);
    await page.getByRole('radio', { name: '15 phút' }).check();
    await page.getByLabel('Lý do').fill('Mưa lớn kéo dài, Quốc lộ 14 ngập');
    await page.getByRole('button', { name: 'Xem lại rồi phát' }).click();

    // The read-back says exactly what goes where, and nothing has been sent yet.
    const dialog = page.getByRole('dialog', { name: 'Xác nhận phát thông báo khẩn' });
    await dialog.waitFor();
    const summary = await dialog.getByTestId('confirm-summary').innerText();
    expect(summary).toMatch(/^Hiện «MƯA LỚN – ĐƯỜNG NGẬP Đề nghị giảm tốc độ, đi chậm» trên 1 bảng đến \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(GMT\+7\)\.$/);
    expect(((await api('GET', '/api/emergencies')).json() as unknown[]).length).toBe(0);

    // Watch the player's stage for the emergency slide, then confirm.
    const shown = player.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const stage = document.getElementById('stage')!;
          const obs = new MutationObserver(() => {
            if ((stage.querySelector('.layer[data-on]') as HTMLElement | null)?.dataset.slideId?.startsWith('khan-')) {
              obs.disconnect();
              resolve(Date.now());
            }
          });
          obs.observe(stage, { subtree: true, attributes: true });
          setTimeout(() => reject(new Error('the emergency did not reach the screen within 10 s')), 10_000);
        }),
    );
    const clickedAt = Date.now();
    await dialog.getByRole('button', { name: 'Phát ngay' }).click();
    const at = await shown;
    // Measured, not asserted (tests never assert wall-clock times): same machine, so one clock.
    console.log(`emergency on the player's screen ${at - clickedAt} ms after the confirm click`);

    const raised = (await api('GET', '/api/emergencies')).json() as { id: string; createdBy: string; reason: string; clearedAt: string | null; expiresAt: string }[];
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ createdBy: 'admin', reason: 'Mưa lớn kéo dài, Quốc lộ 14 ngập', clearedAt: null });
    const minutes = (Date.parse(raised[0]!.expiresAt) - clickedAt) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15.1);

    // The live count follows what the player reports (its heartbeat, over /ops), without a reload.
    const card = page.locator(`[data-override="${raised[0]!.id}"]`);
    await card.locator('[data-live-count="1/1"]').waitFor({ timeout: 20_000 });
    await expect(card.getByText('1 / 1 bảng đang hiện').isVisible()).resolves.toBe(true);
    await expect(card.getByText('«MƯA LỚN – ĐƯỜNG NGẬP').isVisible()).resolves.toBe(true);
    await expect(card.getByText(/admin phát lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/).isVisible()).resolves.toBe(true);

    // One action (and its confirmation) clears it; the campaign comes back on the player.
    await card.getByRole('button', { name: 'Gỡ' }).click();
    await page.getByRole('dialog', { name: 'Gỡ thông báo khẩn?' }).getByRole('button', { name: 'Gỡ thông báo' }).click();
    await player.waitForFunction((ids) => ids.includes((document.querySelector('#stage .layer[data-on]') as HTMLElement | null)?.dataset.slideId ?? ''), campaignSlides, { timeout: 10_000 });
    await page.getByText('Không có thông báo khẩn hay lệnh tắt màn hình nào').waitFor({ timeout: 10_000 });
    expect(((await api('GET', '/api/emergencies')).json() as { clearedBy: string }[])[0]!.clearedBy).toBe('admin');
    await page.getByRole('heading', { name: 'Đã kết thúc gần đây' }).waitFor();
    expect(await missingKeys(page)).toEqual([]);
  });

  it('blacks out the board until lifted, counting the boards that went black', async () => {
    await page.goto(`${c.url}/emergency`);
    await page.getByRole('tab', { name: 'Tắt màn hình' }).click();
    await page.getByRole('radio', { name: 'Chọn từng bảng' }).check();
    await page.getByRole('combobox', { name: 'Bảng', exact: true }).click();
    await page.getByRole('option', { name: 'Cửa ngõ phía Bắc – Quốc lộ 14' }).click();
    await page.keyboard.press('Escape');
    await page.getByText('Sẽ đến 1 bảng.').waitFor();
    await page.getByRole('button', { name: 'Xem lại rồi tắt màn hình' }).click();
    const dialog = page.getByRole('dialog', { name: 'Xác nhận tắt màn hình' });
    expect(await dialog.getByTestId('confirm-summary').innerText()).toBe('Tắt màn hình 1 bảng cho đến khi có người gỡ lệnh.');
    await dialog.getByRole('button', { name: 'Tắt màn hình ngay' }).click();
    await player.waitForFunction(() => document.body.getAttribute('data-black') === 'blackout', undefined, { timeout: 10_000 });
    const card = page.locator('[data-kind="blackout"]').first();
    await card.locator('[data-live-count="1/1"]').waitFor({ timeout: 20_000 });
    await card.getByText('đến khi gỡ lệnh').waitFor();
    await card.getByRole('button', { name: 'Gỡ lệnh tắt' }).click();
    await page.getByRole('dialog', { name: 'Gỡ lệnh tắt màn hình?' }).getByRole('button', { name: 'Bật lại màn hình' }).click();
    await player.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 10_000 });
  });

  it('asks for what is missing before the read-back, keeping what was typed', async () => {
    await page.goto(`${c.url}/emergency`);
    await page.getByRole('radio', { name: 'Chọn từng bảng' }).check();
    await page.getByLabel('Nội dung thông báo').fill('Giữ nguyên nội dung này');
    await page.getByRole('button', { name: 'Xem lại rồi phát' }).click();
    await page.getByRole('alert').filter({ hasText: 'Hãy chọn ít nhất một bảng hoặc một nhóm có bảng.' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByLabel('Nội dung thông báo').inputValue()).toBe('Giữ nguyên nội dung này');
  });

  it('shows an operator without the duty the list only, and who may act', async () => {
    const op = await c.user('van-hanh', ['operator']);
    const other = await signedIn(browser, c, { username: 'van-hanh', password: op.password });
    await api('POST', '/api/emergencies', { targets: { all: true }, text: 'Thông báo thử', durationMinutes: 5 });
    await other.page.goto(`${c.url}/emergency`);
    await other.page.getByText('Bạn chỉ xem được trang này').waitFor();
    await other.page.getByText(/Chỉ Quản trị, hoặc Vận hành được giao quyền khẩn cấp/).waitFor();
    await other.page.getByText('«Thông báo thử»').waitFor();
    expect(await other.page.getByRole('button', { name: 'Xem lại rồi phát' }).count()).toBe(0);
    expect(await other.page.getByRole('button', { name: 'Gỡ' }).count()).toBe(0);
    await other.context.close();
  });
});
