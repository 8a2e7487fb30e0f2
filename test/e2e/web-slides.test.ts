// The slides pages in Chromium against a real controller (approval on): the staff flow —
// an editor pastes a slogan from an old TCVN3 Word file, is shown the converted text beside the
// field, takes it with one click, sees it drawn at the board's 576 × 288 pixels and sends it for
// approval — and the other refusals (text too long → scrolling text), a picture dropped into the
// library and chosen, deleting a slide still in use, search without diacritics, a rejected draft's
// reason, and a viewer who gets no edit controls.
import { seriousAxe } from '../helpers/axe.js';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Method } from '../helpers/api.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { DESKTOP, missingKeys, PHONE, signedIn } from '../helpers/web.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
/** "Toàn dân tích cực hưởng ứng" typed in .VnTime (TCVN3), as it arrives when pasted from an old Word file. */
const TCVN3 = 'Toµn d©n tÝch cùc h\u00adëng øng';
const CONVERTED = 'Toàn dân tích cực hưởng ứng';
const SLOGAN = 'Toàn dân tích cực hưởng ứng, tham gia Cuộc vận động “Hiến kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”';

let c: TestController;
let browser: Browser;
const users = { editor: { username: 'bien-tap', password: '', token: '' }, viewer: { username: 'nguoi-xem', password: '', token: '' }, approver: { username: 'phe-duyet', password: '', token: '' } };
const as = (who: keyof typeof users) => (method: Method, url: string, payload?: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${users[who].token}` } });
/** One signed-in browser context per user and language (signing in again and again would meet the rate limit). */
const sessions = new Map<string, BrowserContext>();

beforeAll(async () => {
  c = await startController({ approval: true });
  browser = await launchBrowser();
  for (const [key, roles] of [
    ['editor', ['editor']],
    ['viewer', ['viewer']],
    ['approver', ['approver']],
  ] as const) {
    const u = await c.user(users[key].username, [...roles]);
    users[key].password = u.password;
    users[key].token = u.token;
  }
}, 60_000);
afterAll(async () => {
  for (const context of sessions.values()) await context.close();
  await browser?.close();
  await c?.close();
});

async function open(who: keyof typeof users, path: string, opts: { viewport?: { width: number; height: number }; lang?: 'vi' | 'en' } = {}): Promise<Page> {
  const lang = opts.lang ?? 'vi';
  let context = sessions.get(`${who}:${lang}`);
  let page: Page;
  if (context) {
    page = await context.newPage();
    await page.setViewportSize(opts.viewport ?? DESKTOP);
  } else {
    ({ context, page } = await signedIn(browser, c, users[who], { viewport: opts.viewport ?? DESKTOP, lang }));
    sessions.set(`${who}:${lang}`, context);
  }
  await page.goto(`${c.url}${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
  return page;
}

/** The preview of the demo board: waits until it shows a drawn picture, and gives its natural size. */
async function previewSize(page: Page, selector = 'img'): Promise<{ width: number; height: number }> {
  const css = `[data-preview="board:${BOARD}"] ${selector}`;
  await page.waitForFunction((s) => {
    const img = document.querySelector(s) as HTMLImageElement | null;
    return !!img && img.src.startsWith('data:') && img.complete && img.naturalWidth > 0;
  }, css, { timeout: 30_000 });
  return page.locator(css).evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, height: img.naturalHeight }));
}

describe('the staff flow', () => {
  it('an editor pastes a TCVN3 slogan, uses the converted text, sees it at 576 × 288 and sends it for approval', async () => {
    const page = await open('editor', '/slides');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: c.url });
    await page.getByRole('link', { name: 'Tạo trang mới' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang mới' }).waitFor();

    // Pasted, as staff do, from the clipboard.
    const text = page.getByRole('textbox', { name: 'Nội dung' });
    await page.evaluate((s) => navigator.clipboard.writeText(s), TCVN3);
    await text.focus();
    await page.keyboard.press('ControlOrMeta+V');
    expect(await text.inputValue()).toBe(TCVN3);

    // The refusal is beside the text, in the text's own section, with the converted words.
    const section = page.getByRole('region', { name: 'Nội dung chữ' });
    const refusal = section.locator('[data-refusal="legacy"]');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.getByRole('heading').or(refusal.locator('.mantine-Alert-title')).first().textContent()).toContain('TCVN3');
    expect(await refusal.locator('[data-converted]').textContent()).toBe(CONVERTED);
    expect(await refusal.textContent()).toContain(`«${CONVERTED}»`);
    // Nothing is drawn from text that would be refused.
    expect(await page.locator(`[data-preview="board:${BOARD}"] img`).count()).toBe(0);
    expect(await seriousAxe(page)).toEqual([]);

    await refusal.getByRole('button', { name: 'Dùng chữ đã chuyển đổi' }).click();
    expect(await text.inputValue()).toBe(CONVERTED);
    await refusal.waitFor({ state: 'detached', timeout: 30_000 });

    // Drawn by the controller at the board's exact pixel size, with its legibility in words.
    expect(await previewSize(page)).toEqual({ width: 576, height: 288 });
    const legibility = await page.locator(`[data-preview="board:${BOARD}"] [data-legibility]`).textContent();
    expect(legibility).toMatch(/^Chữ hoa cao \d+(,\d)? cm \(\d+ px\) · đọc được từ \d+–\d+ m · cần \d+ giây để đọc, trang hiện 8 giây$/);

    // The id comes from the words; saving sends it for approval.
    expect(await page.getByRole('textbox', { name: 'Mã trang' }).inputValue()).toBe('toan-dan-tich-cuc-huong-ung');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    const saved = page.locator('[data-saved="submitted"]');
    await saved.waitFor({ timeout: 30_000 });
    expect(await saved.textContent()).toContain('Đã gửi duyệt');
    await page.waitForURL(`${c.url}/slides/toan-dan-tich-cuc-huong-ung`);
    await page.locator('[data-change="submitted"]').waitFor();

    // The controller holds the submitted change with the converted Vietnamese text, and nothing is live.
    const changes = (await as('editor')('GET', '/api/changes?kind=slide&targetId=toan-dan-tich-cuc-huong-ung')).json() as { id: string; status: string; author: string }[];
    expect(changes.map((x) => [x.status, x.author])).toEqual([['submitted', 'bien-tap']]);
    const change = (await as('editor')('GET', `/api/changes/${changes[0]!.id}`)).json();
    expect(change.proposed).toMatchObject({ id: 'toan-dan-tich-cuc-huong-ung', kind: 'text', text: CONVERTED });
    expect(change.proposed.acceptLegacyLookingText).not.toBe(true);
    expect((await as('editor')('GET', '/api/slides/toan-dan-tich-cuc-huong-ung')).statusCode).toBe(404);
    expect(await missingKeys(page)).toEqual([]);
  }, 60_000);
});

describe('refusals beside the field', () => {
  it('text too long to read offers the switch to scrolling text, and the preview then appears', async () => {
    const page = await open('editor', '/slides/new');
    await page.getByRole('textbox', { name: 'Nội dung' }).fill(SLOGAN);
    await page.getByRole('textbox', { name: 'Dòng phụ (không bắt buộc)' }).fill('Gửi hiến kế tại daklak.gov.vn/hien-ke-xay-dung-tinh hoặc facebook.com/hienkephattriendaklak');
    const tooSmall = page.getByRole('region', { name: 'Nội dung chữ' }).locator('[data-refusal="too-small"]');
    await tooSmall.waitFor({ timeout: 30_000 });
    expect(await tooSmall.textContent()).toContain('Nội dung quá dài cho bảng 576 × 288 px');
    expect(await page.locator(`[data-preview="board:${BOARD}"] img`).count()).toBe(0);

    await tooSmall.getByRole('button', { name: 'Chuyển sang chữ chạy' }).click();
    expect(await page.getByRole('radio', { name: 'Chữ chạy' }).isChecked()).toBe(true);
    // The strip is as tall as the board and longer than it: it scrolls across the board's frame.
    const strip = await previewSize(page, 'img[data-strip]');
    expect(strip.height).toBe(288);
    expect(strip.width).toBeGreaterThan(576);
    await tooSmall.waitFor({ state: 'detached' });
    expect(await page.locator(`[data-preview="board:${BOARD}"] [data-legibility]`).textContent()).toContain('Chữ hoa cao');
  }, 60_000);

  it('a character the font lacks is named beside the text, and can be removed with one click', async () => {
    const page = await open('editor', '/slides/new');
    const text = page.getByRole('textbox', { name: 'Nội dung' });
    await text.fill('Cà phê Buôn Ma Thuột ☕');
    const missing = page.getByRole('region', { name: 'Nội dung chữ' }).locator('[data-refusal="missing"]');
    await missing.waitFor({ timeout: 30_000 });
    expect(await missing.textContent()).toContain('☕ (U+2615)');
    await missing.getByRole('button', { name: 'Bỏ các ký tự này' }).click();
    expect(await text.inputValue()).toBe('Cà phê Buôn Ma Thuột ');
    expect(await previewSize(page)).toEqual({ width: 576, height: 288 });
  }, 60_000);

  it('speaks English too: the same refusal and its button, every string translated', async () => {
    const page = await open('editor', '/slides/new', { lang: 'en' });
    await page.getByRole('textbox', { name: /^Text( \*)?$/ }).fill(TCVN3);
    const refusal = page.locator('[data-refusal="legacy"]');
    await refusal.waitFor({ timeout: 30_000 });
    await refusal.getByRole('button', { name: 'Use the converted text' }).click();
    expect(await page.getByRole('textbox', { name: /^Text( \*)?$/ }).inputValue()).toBe(CONVERTED);
    expect(await page.locator(`[data-preview="board:${BOARD}"] [data-legibility]`).textContent({ timeout: 30_000 })).toMatch(/^Capitals \d+(\.\d)? cm tall/);
    expect(await missingKeys(page)).toEqual([]);
  }, 60_000);
});

describe('pictures', () => {
  it('a picture dropped on the drop zone uploads with progress, appears in the library and can be chosen', async () => {
    const page = await open('editor', '/slides/new');
    await page.getByText('Ảnh', { exact: true }).click();
    expect(await page.getByRole('radio', { name: 'Ảnh', exact: true }).isChecked()).toBe(true);
    await page.locator('[data-dropzone]').waitFor();

    // Slow the upload down so its progress can be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    // A noisy picture compresses badly: about a megabyte, a few seconds at this speed.
    const noise = Buffer.alloc(800 * 500 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const png = await sharp(noise, { raw: { width: 800, height: 500, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    await page.evaluate(
      ({ b64, name }) => {
        const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, { type: 'image/png' }));
        const zone = document.querySelector('[data-dropzone]')!;
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      { b64: png.toString('base64'), name: 'ho-lak.png' },
    );
    await page.getByRole('progressbar', { name: 'Tiến độ tải lên «ho-lak.png»' }).waitFor({ timeout: 30_000 });
    await page.getByText('Đã tải lên «ho-lak.png» và chọn ảnh này.').waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // In the library, chosen, and drawn at the board's size.
    const media = (await as('editor')('GET', '/api/media')).json() as { id: string; originalName: string }[];
    const dropped = media.find((m) => m.originalName === 'ho-lak.png')!;
    expect(dropped).toBeDefined();
    const droppedButton = page.getByRole('button', { name: 'Chọn ảnh ho-lak.png · 800 × 500' });
    expect(await droppedButton.getAttribute('aria-pressed')).toBe('true');
    expect(await previewSize(page)).toEqual({ width: 576, height: 288 });

    // A second picture through the file chooser (the hidden input), then the first one chosen again.
    const small = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#0b3d91' } }).png().toBuffer();
    await page.locator('input[data-upload-input]').setInputFiles({ name: 'nen-xanh.png', mimeType: 'image/png', buffer: small });
    await page.getByText('Đã tải lên «nen-xanh.png» và chọn ảnh này.').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Chọn ảnh nen-xanh.png · 400 × 200' }).getAttribute('aria-pressed')).toBe('true');
    await droppedButton.click();
    expect(await droppedButton.getAttribute('aria-pressed')).toBe('true');
    expect(await seriousAxe(page)).toEqual([]);

    await page.getByRole('textbox', { name: 'Mã trang' }).fill('anh-ho-lak');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.locator('[data-saved="draft"]').waitFor({ timeout: 30_000 });
    const [change] = (await as('editor')('GET', '/api/changes?kind=slide&targetId=anh-ho-lak')).json() as { id: string; status: string }[];
    expect(change!.status).toBe('draft');
    expect((await as('editor')('GET', `/api/changes/${change!.id}`)).json().proposed).toMatchObject({ kind: 'image', mediaId: dropped.id, fit: 'contain' });
  }, 60_000);
});

describe('the list, deleting, approval states', () => {
  it('deleting a slide still in use shows the playlists that use it first, and changes nothing', async () => {
    const before = (await as('editor')('GET', '/api/slides')).json() as unknown[];
    const page = await open('editor', '/slides/khau-hieu');
    await page.getByRole('button', { name: 'Xoá trang' }).click();
    const dialog = page.getByRole('dialog', { name: 'Xoá trang «Khẩu hiệu tuyên truyền»?' });
    await dialog.locator('[data-usage]').waitFor({ timeout: 30_000 });
    const link = dialog.getByRole('link', { name: 'Cuộc vận động Hiến kế 2020 – cửa ngõ Buôn Ma Thuột' });
    expect(await link.getAttribute('href')).toBe('/playlists/hien-ke-2020');
    expect(await dialog.getByRole('button', { name: 'Xoá hẳn' }).isDisabled()).toBe(true);
    expect(await seriousAxe(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Huỷ' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await as('editor')('GET', '/api/slides/khau-hieu')).statusCode).toBe(200);
    expect((await as('editor')('GET', '/api/slides')).json()).toEqual(before);
  }, 60_000);

  it('search ignores diacritics, and new drafts are listed with their approval state', async () => {
    const draft = await as('editor')('POST', '/api/slides', { id: 'ca-phe-buon-ma-thuot', kind: 'text', name: 'Lễ hội Cà phê', text: 'Chào mừng Lễ hội Cà phê Buôn Ma Thuột lần thứ 9' });
    expect(draft.statusCode).toBe(201);
    const page = await open('editor', '/slides');
    const cards = page.getByRole('list', { name: 'Trang nội dung' }).getByRole('listitem');
    await page.locator('[data-slide="ca-phe-buon-ma-thuot"]').waitFor({ timeout: 30_000 });

    const search = page.getByRole('searchbox', { name: 'Tìm trang' });
    await search.fill('dong gop hien ke');
    await expect.poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-slide')))).toEqual(['dong-gop-hien-ke']);
    await search.fill('le hoi ca phe buon ma thuot');
    await expect.poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-slide')))).toEqual(['ca-phe-buon-ma-thuot']);
    const card = page.locator('[data-slide="ca-phe-buon-ma-thuot"]');
    expect(await card.textContent()).toContain('Trang mới, chưa duyệt');
    const badge = card.locator('[data-status="draft"]');
    expect(await badge.textContent()).toBe('Bản nháp');
    expect(await badge.getAttribute('href')).toBe(`/approvals/${draft.json().change.id}`);
    // Its thumbnail is the draft, drawn at a small board's size, loaded lazily.
    const thumb = card.locator('img');
    expect(await thumb.getAttribute('loading')).toBe('lazy');
    expect(await thumb.getAttribute('src')).toBe('/api/slides/ca-phe-buon-ma-thuot/preview?w=576&h=288&draft=true');
    await search.fill('Đắk Lắk');
    await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(2);
    await search.fill('khong co trang nao nhu the');
    await page.getByText('Không có trang nào khớp với điều kiện tìm.').waitFor();
  }, 60_000);

  it('a rejected change shows its reviewer’s reason in the editor, and the editor keeps the draft’s words', async () => {
    const saved = await as('editor')('PUT', '/api/slides/ten-cuoc-van-dong?submit=true', { kind: 'text', text: 'Cuộc vận động Hiến kế xây dựng tỉnh nhà' });
    expect(saved.statusCode).toBe(200);
    const change = saved.json().change as { id: string; version: number };
    expect((await as('approver')('POST', `/api/changes/${change.id}/reject`, { version: change.version, reason: 'Thiếu tên tỉnh Đắk Lắk trong khẩu hiệu.' })).statusCode).toBe(200);
    const page = await open('editor', '/slides/ten-cuoc-van-dong');
    const notice = page.locator('[data-change="rejected"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('«Thiếu tên tỉnh Đắk Lắk trong khẩu hiệu.»');
    expect(await notice.textContent()).toContain('phe-duyet');
    expect(await page.getByRole('textbox', { name: 'Nội dung' }).inputValue()).toBe('Cuộc vận động Hiến kế xây dựng tỉnh nhà');
  }, 60_000);

  it('a viewer sees the slides and their previews but no control to change them', async () => {
    const page = await open('viewer', '/slides');
    await page.locator('[data-slide="khau-hieu"]').waitFor();
    expect(await page.getByRole('link', { name: 'Tạo trang mới' }).count()).toBe(0);
    await page.locator('[data-slide="khau-hieu"]').getByRole('link', { name: 'Khẩu hiệu tuyên truyền' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sửa trang «Khẩu hiệu tuyên truyền»' }).waitFor();
    expect(await previewSize(page)).toEqual({ width: 576, height: 288 });
    expect(await page.getByRole('textbox', { name: 'Nội dung' }).isDisabled()).toBe(true);
    for (const name of ['Lưu nháp', 'Gửi duyệt', 'Xoá trang']) expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    await page.goto(`${c.url}/slides/new`);
    await page.getByText('Tài khoản của bạn chỉ được xem, không được soạn trang.').waitFor();
    expect(await page.getByRole('textbox').count()).toBe(0);
  }, 60_000);

  it('every slides page has its words in both languages, no serious accessibility fault, and a visible focus by keyboard', async () => {
    const problems: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      for (const path of ['/slides', '/slides/new', '/slides/khau-hieu', '/slides/ten-cuoc-van-dong']) {
        const page = await open('editor', path, { lang });
        await page.waitForLoadState('networkidle');
        const missing = await missingKeys(page);
        if (missing.length) problems.push(`${lang} ${path}: missing ${missing.join(', ')}`);
        for (const v of await seriousAxe(page)) problems.push(`${lang} ${path}: ${v}`);
        await page.keyboard.press('Tab');
        const focus = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return !!el && el !== document.body && getComputedStyle(el).outlineStyle !== 'none';
        });
        if (!focus) problems.push(`${lang} ${path}: no visible focus after Tab`);
        await page.close();
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('fits a phone without sideways scrolling', async () => {
    for (const path of ['/slides', '/slides/new', '/slides/khau-hieu']) {
      const page = await open('editor', path, { viewport: PHONE });
      await page.waitForLoadState('networkidle');
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
      expect(scroll, `${path} is ${scroll} px wide in a ${client} px screen`).toBeLessThanOrEqual(client);
    }
  }, 60_000);
});
