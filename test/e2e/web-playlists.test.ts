// The playlist pages in Chromium, as an editor: the list (slides, loop length, approval state,
// usage), reordering by keyboard saves the new order as a draft, the preview plays with the
// player's timing, a new playlist is made from the slide picker, deleting a used playlist shows
// the controller's refusal beside the button; no accessibility fault, no sideways scroll on a phone.
import { seriousAxe } from '../helpers/axe.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { adminApi } from '../helpers/api.ts';
import { missingKeys, PHONE, signedIn } from '../helpers/web.ts';

let c: TestController;
let browser: Browser;
let editor: { token: string; password: string };
let approver: { token: string; password: string };
const api = adminApi(() => c);

/** Approves a submitted change as the approver (the version they saw). */
async function approve(change: { id: string; version: number }): Promise<void> {
  const res = await api('POST', `/api/changes/${change.id}/approve`, { version: change.version }, approver.token);
  expect(res.statusCode, res.body).toBe(200);
}

async function slide(id: string, text: string, durationSeconds: number): Promise<void> {
  const res = await api('POST', '/api/slides?submit=true', { id, kind: 'text', name: text, text, durationSeconds }, editor.token);
  expect(res.statusCode, res.body).toBe(201);
  await approve(res.json().change);
}

async function editorPage(viewport?: { width: number; height: number }): Promise<Page> {
  const { page } = await signedIn(browser, c, { username: 'bien-tap', password: editor.password }, viewport ? { viewport } : {});
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  return page;
}

beforeAll(async () => {
  c = await startController({ approval: true });
  browser = await launchBrowser();
  editor = await c.user('bien-tap', ['editor']);
  approver = await c.user('phe-duyet', ['approver']);
  await slide('trang-a', 'Trang A – đi chậm', 2);
  await slide('trang-b', 'Trang B – đội mũ bảo hiểm', 2);
  const res = await api('PUT', '/api/playlists/thu-tu?submit=true', { name: 'Thứ tự thử nghiệm', items: [{ slideId: 'trang-a' }, { slideId: 'trang-b', durationSeconds: 3 }] }, editor.token);
  expect(res.statusCode, res.body).toBe(200);
  await approve(res.json().change);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe('playlists list', () => {
  it('shows each playlist with its slides, loop length, approval state and usage', async () => {
    const page = await editorPage();
    await page.goto(`${c.url}/playlists`);
    const row = page.locator('tr[data-playlist="thu-tu"]');
    await row.waitFor({ timeout: 30_000 });
    const cells = row.getByRole('cell');
    await expect.poll(() => cells.allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('Thứ tự thử nghiệm'), '2', '5 giây', 'Đã duyệt', 'Chưa dùng']);
    // The seed campaign: 5 slides of 12 + 10 + 10 + 10 + 8 s, used by the demo entry and the group.
    await expect.poll(() => page.locator('tr[data-playlist="hien-ke-2020"]').getByRole('cell').allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('Hiến kế'), '5', '50 giây', 'Đã duyệt', '2 nơi']);
    // The campaign's YAML file downloads from the list.
    const link = page.getByRole('link', { name: /Tải tệp YAML của chiến dịch/ });
    const res = await page.request.get(`${c.url}${await link.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('hien-ke-2020');
    expect(await missingKeys(page)).toEqual([]);
    expect(await seriousAxe(page)).toEqual([]);
    await page.context().close();
  }, 90_000);
});

describe('playlist editor', () => {
  it('reorders slides by keyboard and saves the new order as a draft', async () => {
    const page = await editorPage();
    await page.goto(`${c.url}/playlists/thu-tu`);
    const rows = page.locator('ol li[data-slide-id]');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-slide-id')))).toEqual(['trang-a', 'trang-b']);
    const live = page.locator('[id^="DndLiveRegion"]');
    await page.getByRole('button', { name: 'Đổi thứ tự trang 1: Trang A – đi chậm' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => live.innerText(), { timeout: 5000 }).toContain('Đã nhấc trang');
    // dnd-kit measures the drop positions in the frames after the pick-up is announced; a key
    // pressed before that moves nothing (CI saw it under load). With two slides, pressing again
    // until it has moved cannot overshoot.
    await expect
      .poll(
        async () => {
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          if (!(await live.innerText()).includes('vị trí 2 trên 2')) await page.keyboard.press('ArrowDown');
          return live.innerText();
        },
        { timeout: 5000 },
      )
      .toContain('vị trí 2 trên 2');
    await page.keyboard.press('Space');
    await expect.poll(() => live.innerText(), { timeout: 5000 }).toContain('Đã thả');
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-slide-id'))), { timeout: 5000 }).toEqual(['trang-b', 'trang-a']);
    // The override moved with its slide; the loop length is unchanged.
    await expect(page.getByRole('textbox', { name: /Thời lượng trang 1 \(Trang B/ }).inputValue()).resolves.toBe('3');

    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu bản nháp').waitFor({ timeout: 10_000 });
    const changes = (await api('GET', '/api/changes?kind=playlist&targetId=thu-tu&status=draft')).json() as { id: string }[];
    expect(changes).toHaveLength(1);
    const detail = (await api('GET', `/api/changes/${changes[0]!.id}`)).json() as { proposed: { items: unknown[] }; published: { items: unknown[] } };
    expect(detail.proposed.items).toEqual([{ slideId: 'trang-b', durationSeconds: 3 }, { slideId: 'trang-a' }]);
    // Boards play on the approved order until the draft is approved.
    expect(detail.published.items).toEqual([{ slideId: 'trang-a' }, { slideId: 'trang-b', durationSeconds: 3 }]);
    // Opened again, the editor carries on from the draft.
    await page.reload();
    await page.getByText('Bạn đang sửa bản nháp').waitFor({ timeout: 10_000 });
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-slide-id')))).toEqual(['trang-b', 'trang-a']);
    await page.context().close();
  }, 90_000);

  it('plays a preview: the slide shown changes after its duration', async () => {
    const page = await editorPage();
    await page.goto(`${c.url}/playlists/thu-tu`);
    const preview = page.locator('[data-preview]');
    await preview.waitFor({ timeout: 30_000 });
    const first = await preview.getAttribute('data-slide-id');
    expect(await preview.getAttribute('data-playing')).toBe('false');
    const started = Date.now();
    await page.getByRole('button', { name: 'Phát', exact: true }).click();
    await expect.poll(() => preview.getAttribute('data-playing')).toBe('true');
    await page.waitForFunction((before) => document.querySelector('[data-preview]')?.getAttribute('data-slide-id') !== before, first, { timeout: 8000 });
    // The first slide shows for its duration (3 s for trang-b in the draft, 2 s for trang-a), not less.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    // Its picture is the slide as the board of that size draws it.
    const src = await preview.locator('img').first().getAttribute('src');
    expect(src).toMatch(/^\/api\/slides\/trang-[ab]\/preview\?w=576&h=288/);
    // Paused, it stands still.
    await page.getByRole('button', { name: 'Tạm dừng' }).click();
    await expect.poll(() => preview.getAttribute('data-playing')).toBe('false');
    await page.context().close();
  }, 90_000);

  it('makes a new playlist from the slide picker', async () => {
    const page = await editorPage();
    await page.goto(`${c.url}/playlists`);
    await page.getByRole('link', { name: 'Tạo danh sách phát' }).click();
    await page.getByRole('textbox', { name: 'Tên danh sách phát' }).fill('Giờ cao điểm sáng');
    await expect(page.getByRole('textbox', { name: 'Mã' }).inputValue()).resolves.toBe('gio-cao-diem-sang');
    await page.getByRole('button', { name: 'Thêm trang' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thêm trang vào danh sách' });
    await dialog.getByRole('textbox', { name: 'Tìm trang' }).fill('mũ bảo hiểm');
    await dialog.getByRole('button', { name: 'Thêm: Trang B – đội mũ bảo hiểm' }).click();
    await dialog.getByRole('button', { name: 'Xong' }).click();
    await page.getByRole('textbox', { name: /Thời lượng trang 1/ }).fill('6');
    await expect.poll(() => page.locator('[data-loop-seconds]').getAttribute('data-loop-seconds')).toBe('6');
    expect(await seriousAxe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.waitForURL(/\/playlists\/gio-cao-diem-sang$/, { timeout: 10_000 });
    const open = (await api('GET', '/api/changes?kind=playlist&targetId=gio-cao-diem-sang')).json() as { id: string; status: string }[];
    expect(open.map((x) => x.status)).toEqual(['submitted']);
    const detail = (await api('GET', `/api/changes/${open[0]!.id}`)).json() as { proposed: unknown };
    expect(detail.proposed).toEqual({ id: 'gio-cao-diem-sang', name: 'Giờ cao điểm sáng', items: [{ slideId: 'trang-b', durationSeconds: 6 }] });
    // A new playlist awaiting approval is in the list, marked as such.
    await page.goto(`${c.url}/playlists`);
    await expect.poll(() => page.locator('tr[data-playlist="gio-cao-diem-sang"]').getByRole('cell').nth(3).innerText(), { timeout: 10_000 }).toContain('Chờ duyệt');
    await page.context().close();
  }, 90_000);

  it('shows the controller\u2019s refusal beside the button when a used playlist is deleted', async () => {
    const page = await editorPage();
    await page.goto(`${c.url}/playlists/hien-ke-2020`);
    await page.getByRole('button', { name: 'Xoá danh sách phát' }).click();
    await page.getByRole('dialog', { name: 'Xoá danh sách phát?' }).getByRole('button', { name: 'Xoá' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'còn được dùng' });
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.innerText()).toContain('Hãy gỡ nó khỏi đó');
    expect((await api('GET', '/api/playlists/hien-ke-2020')).statusCode).toBe(200);
    await page.context().close();
  }, 90_000);

  it('fits a phone without sideways scrolling, in English too', async () => {
    const { page, context } = await signedIn(browser, c, { username: 'bien-tap', password: editor.password }, { viewport: PHONE, lang: 'en' });
    for (const path of ['/playlists', '/playlists/thu-tu', '/playlists/new']) {
      await page.goto(`${c.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
      expect(scroll, `${path} is ${scroll} px wide in a ${client} px screen`).toBeLessThanOrEqual(client);
      expect(await missingKeys(page), path).toEqual([]);
      expect(await seriousAxe(page), path).toEqual([]);
    }
    await context.close();
  }, 90_000);
});
