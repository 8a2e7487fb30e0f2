// Governance in the web app, as its users meet it: an editor's change waits in the approver's queue;
// the approver sees the approved and proposed versions on a board and approves; nobody decides on
// a change they wrote or edited (the button says why; the server's refusal is shown); an edit made
// while the approver looked is reported with a way to reload; a rejection needs a reason, which its
// author reads; the audit trail lists all of it, filters by who, and exports CSV for Excel; an admin
// creates an account whose temporary password is shown once and must be changed at first sign-in;
// two-step verification is turned on with a code from the secret the page shows.
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../controller/services/auth.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { missingKeys, signedIn } from '../helpers/web.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
let c: TestController;
let browser: Browser;
const contexts: BrowserContext[] = [];
const users = { editor: { token: '', password: '' }, approver: { token: '', password: '' }, coEditor: { token: '', password: '' } };
const as = (token: string) => (method: Method, url: string, payload?: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}` } });
const admin = (method: Method, url: string, payload?: unknown) => as(c.adminToken)(method, url, payload);

const signedInAs = new Map<string, BrowserContext>();
/**
 * A page of one of the accounts, closed in afterAll. Each account signs in once (sign-in is limited
 * to 10 attempts a minute per address, and every test here runs from the same one).
 */
async function open(username: string, password: string, path: string): Promise<Page> {
  let context = signedInAs.get(username);
  if (!context) {
    context = (await signedIn(browser, c, { username, password })).context;
    signedInAs.set(username, context);
    contexts.push(context);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${c.url}${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
  return page;
}

beforeAll(async () => {
  c = await startController({ approval: true });
  browser = await launchBrowser();
  users.editor = await c.user('bien-tap', ['editor']);
  users.approver = await c.user('phe-duyet', ['approver']);
  // Writes and approves: may review others' changes, never one they touched.
  users.coEditor = await c.user('tong-bien-tap', ['editor', 'approver']);
}, 60_000);
afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser?.close();
  await c?.close();
});

describe('approvals', { timeout: 60_000 }, () => {
  let first = '';

  it("puts an editor's change in the approver's queue; the approver sees both versions on the board and approves", async () => {
    const saved = await as(users.editor.token)('PUT', '/api/slides/khau-hieu?submit=true', { kind: 'text', name: 'Khẩu hiệu tuyên truyền', text: 'Toàn dân tham gia hiến kế xây dựng Đắk Lắk' });
    expect(saved.statusCode).toBe(200);
    first = saved.json().change.id;

    const page = await open('phe-duyet', users.approver.password, '/approvals');
    const row = page.locator(`[data-change="${first}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('bien-tap');
    await row.getByRole('link', { name: 'Trang nội dung «Khẩu hiệu tuyên truyền»' }).click();

    await page.getByRole('heading', { level: 1, name: 'Trang nội dung «Khẩu hiệu tuyên truyền»' }).waitFor();
    // Both versions as the demo board draws them, at its exact size, and the next 48 hours with and without.
    for (const side of ['preview-current', 'preview-proposed']) {
      const img = page.getByTestId(side).locator('img').first();
      await img.waitFor();
      await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
      expect(await img.evaluate((el) => [(el as HTMLImageElement).naturalWidth, (el as HTMLImageElement).naturalHeight])).toEqual([576, 288]);
    }
    expect(await page.getByTestId('timeline-current').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('timeline-proposed').locator('li').count()).toBeGreaterThan(0);
    await page.getByRole('cell', { name: 'Toàn dân tham gia hiến kế xây dựng Đắk Lắk' }).waitFor();

    await page.getByRole('button', { name: 'Duyệt và đưa lên bảng' }).click();
    await page.getByText('Thay đổi đã được duyệt và đang có hiệu lực trên các bảng.').waitFor();
    expect((await admin('GET', '/api/slides/khau-hieu')).json().text).toBe('Toàn dân tham gia hiến kế xây dựng Đắk Lắk');
    expect(await missingKeys(page)).toEqual([]);
  });

  it('never lets anyone decide on their own change: the button says why, and the server’s refusal is shown', async () => {
    // Admin writes it: the admin may review, but not this one.
    const own = (await admin('POST', '/api/slides?submit=true', { id: 'tu-duyet', kind: 'text', text: 'Bản do quản trị tự soạn' })).json().change.id as string;
    const page = await open('admin', c.first!.adminPassword!, `/approvals/${own}`);
    const approve = page.getByRole('button', { name: 'Duyệt và đưa lên bảng' });
    await approve.waitFor();
    expect(await approve.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Từ chối' }).isDisabled()).toBe(true);
    await page.getByText('Bạn đã soạn hoặc sửa thay đổi này nên không thể tự duyệt hay từ chối.').waitFor();

    // Edited by someone who is not its author: the page cannot know; the server refuses, and says why.
    const draft = (await as(users.editor.token)('POST', '/api/slides', { id: 'dong-soan', kind: 'text', text: 'Bản nháp hai người soạn' })).json().change.id as string;
    expect((await as(users.coEditor.token)('PUT', '/api/slides/dong-soan?submit=true', { kind: 'text', text: 'Bản nháp hai người cùng soạn' })).statusCode).toBe(200);
    const co = await open('tong-bien-tap', users.coEditor.password, `/approvals/${draft}`);
    await co.getByRole('button', { name: 'Duyệt và đưa lên bảng' }).click();
    await co.getByRole('alert').filter({ hasText: 'Không ai được tự duyệt thay đổi do mình soạn hoặc sửa: hãy nhờ một người phê duyệt khác.' }).waitFor();
    expect((await admin('GET', `/api/changes/${draft}`)).json().status).toBe('submitted');
  });

  it('reports an edit made while the approver looked, and approves the new version after a reload', async () => {
    const id = (await as(users.editor.token)('POST', '/api/slides?submit=true', { id: 'an-toan', kind: 'text', text: 'Đội mũ bảo hiểm khi đi xe máy' })).json().change.id as string;
    const page = await open('phe-duyet', users.approver.password, `/approvals/${id}`);
    await page.getByText('Bạn đang xem bản 1.', { exact: false }).waitFor();
    expect((await as(users.editor.token)('PUT', '/api/slides/an-toan?submit=true', { kind: 'text', text: 'Đội mũ bảo hiểm đạt chuẩn khi đi xe máy' })).statusCode).toBe(200);

    await page.getByRole('button', { name: 'Duyệt và đưa lên bảng' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Thay đổi đã được sửa sau khi bạn xem' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('bạn xem bản 1, hiện là bản 2');
    await alert.getByRole('button', { name: 'Tải lại bản mới nhất' }).click();
    await page.getByText('Bạn đang xem bản 2.', { exact: false }).waitFor();
    await page.getByRole('cell', { name: 'Đội mũ bảo hiểm đạt chuẩn khi đi xe máy' }).first().waitFor();
    await page.getByRole('button', { name: 'Duyệt và đưa lên bảng' }).click();
    await page.getByText('Thay đổi đã được duyệt và đang có hiệu lực trên các bảng.').waitFor();
    expect((await admin('GET', '/api/slides/an-toan')).json().text).toBe('Đội mũ bảo hiểm đạt chuẩn khi đi xe máy');
  });

  it('needs a reason to reject, and the author reads it in their own list', async () => {
    const id = (await as(users.editor.token)('POST', '/api/slides?submit=true', { id: 'giu-gin', kind: 'text', text: 'Giữ gìn vệ sinh chung' })).json().change.id as string;
    const page = await open('phe-duyet', users.approver.password, `/approvals/${id}`);
    await page.getByRole('button', { name: 'Từ chối' }).click();
    const send = page.getByRole('button', { name: 'Gửi từ chối' });
    expect(await send.isDisabled()).toBe(true);
    await page.getByLabel('Lý do từ chối').fill('Câu khẩu hiệu quá ngắn, hãy viết đầy đủ theo văn bản của tỉnh.');
    await send.click();
    await page.getByText('phe-duyet đã từ chối thay đổi này').waitFor();

    const author = await open('bien-tap', users.editor.password, '/approvals');
    await author.getByRole('tab', { name: /Của tôi/ }).click();
    const row = author.locator(`[data-change="${id}"]`);
    await row.getByText('Lý do từ chối: Câu khẩu hiệu quá ngắn, hãy viết đầy đủ theo văn bản của tỉnh.').waitFor();
    expect(await row.locator('[data-status="rejected"]').count()).toBe(1);
  });

  it('lets an admin switch approval off only after a warning, and back on', async () => {
    const page = await open('admin', c.first!.adminPassword!, '/approvals');
    await page.getByText('Đang bật: mọi thay đổi phải được một người khác duyệt').waitFor();
    await page.getByRole('switch', { name: 'Yêu cầu phê duyệt' }).click({ force: true });
    const dialog = page.getByRole('dialog', { name: 'Tắt chế độ duyệt hai người?' });
    await dialog.waitFor();
    expect((await admin('GET', '/api/settings')).json().approvalRequired).toBe(true);
    await dialog.getByRole('button', { name: 'Tắt chế độ duyệt' }).click();
    await page.getByText('Đang tắt: mỗi lần lưu được đưa lên bảng ngay').waitFor();
    expect((await admin('GET', '/api/settings')).json().approvalRequired).toBe(false);
    await page.getByRole('switch', { name: 'Yêu cầu phê duyệt' }).click({ force: true });
    await page.getByText('Đang bật: mọi thay đổi phải được một người khác duyệt').waitFor();
    expect((await admin('GET', '/api/settings')).json().approvalRequired).toBe(true);
  });
});

describe('audit trail', { timeout: 60_000 }, () => {
  it('lists those actions, filters by who, and exports the selection as CSV with a BOM', async () => {
    const page = await open('admin', c.first!.adminPassword!, '/audit');
    for (const action of ['change.approve', 'change.reject', 'slide.submit', 'settings.update']) await page.locator(`[data-action="${action}"]`).first().waitFor();

    await page.getByRole('combobox', { name: 'Người thực hiện' }).fill('phe-duyet');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/actor=phe-duyet/);
    await page.locator('[data-action="change.reject"]').first().waitFor();
    const actions = await page.locator('tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions).not.toContain('slide.submit');
    expect(actions.filter((a) => a === 'change.approve')).toHaveLength(2);
    const actors = await page.locator('tr[data-action] td:nth-child(3) p:first-child').allInnerTexts();
    expect(new Set(actors)).toEqual(new Set(['phe-duyet']));

    // The expandable before → after of the rejection.
    const reject = page.locator('tr[data-action="change.reject"]').first();
    await reject.getByRole('button', { name: /Chi tiết bản ghi/ }).click();
    await page.getByRole('cell', { name: 'rejected' }).first().waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Xuất CSV' }).click()]);
    const file = await download.path();
    const bytes = fs.readFileSync(file!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('change.reject');
    expect(text).not.toContain('slide.submit');
    expect(download.suggestedFilename()).toMatch(/^ledgate-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});

describe('accounts', { timeout: 60_000 }, () => {
  it('shows a new account’s temporary password once; at first sign-in its user must change it, then goes on', async () => {
    const page = await open('admin', c.first!.adminPassword!, '/users');
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
    await dialog.getByLabel('Tên đăng nhập').fill('nguyen.van.an');
    await dialog.getByRole('checkbox', { name: 'Biên tập' }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Vận hành' }).check();
    await dialog.getByRole('switch', { name: 'Giao quyền khẩn cấp' }).check({ force: true });
    await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const shown = page.getByRole('dialog', { name: 'Đã tạo tài khoản nguyen.van.an' });
    const temporary = (await shown.getByTestId('temporary-password').innerText()).trim();
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    await shown.getByText('Mật khẩu này chỉ hiện một lần.', { exact: false }).waitFor();
    await shown.getByRole('button', { name: 'Đã ghi lại, đóng' }).click();
    const row = page.locator('[data-user="nguyen.van.an"]');
    await row.getByText('Chờ đổi mật khẩu tạm').waitFor();
    await row.getByText('Quyền khẩn cấp').waitFor();
    expect(await page.content()).not.toContain(temporary);
    const created = (await admin('GET', '/api/users/nguyen.van.an')).json() as { roles: string[]; duties: string[]; mustChangePassword: boolean; createdAt: string };
    expect(created).toMatchObject({ roles: ['operator'], duties: ['overrides'], mustChangePassword: true });

    // The user's first sign-in, through the sign-in page.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    contexts.push(context);
    const user = await context.newPage();
    user.setDefaultTimeout(15_000);
    await user.goto(`${c.url}/sign-in`);
    await user.getByRole('button', { name: 'Đăng nhập' }).waitFor({ timeout: 30_000 });
    await user.getByLabel('Tên đăng nhập').fill('nguyen.van.an');
    await user.getByLabel('Mật khẩu').fill(temporary);
    await user.getByRole('button', { name: 'Đăng nhập' }).click();
    await user.waitForURL(/\/account\?required=1$/);
    await user.getByText('Hãy đổi mật khẩu tạm thời').waitFor();
    await user.getByRole('textbox', { name: 'Mật khẩu tạm thời' }).fill(temporary);
    await user.getByRole('textbox', { name: /^Mật khẩu mới/ }).fill('ngắn quá');
    await user.getByLabel('Nhập lại mật khẩu mới').fill('ngắn quá');
    await user.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await user.getByText('Mật khẩu cần ít nhất 12 ký tự.').waitFor();
    await user.getByRole('textbox', { name: /^Mật khẩu mới/ }).fill('cổng thành Buôn Ma Thuột sáng đèn');
    await user.getByLabel('Nhập lại mật khẩu mới').fill('cổng thành Buôn Ma Thuột sáng đèn');
    await user.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await user.waitForURL(`${c.url}/`);
    await user.getByRole('heading', { level: 1, name: 'Bảng tin' }).waitFor();
    const changed = (await admin('GET', '/api/users/nguyen.van.an')).json() as { mustChangePassword: boolean; passwordChangedAt: string };
    expect(changed.mustChangePassword).toBe(false);
    expect(Date.parse(changed.passwordChangedAt)).toBeGreaterThan(Date.parse(created.createdAt));
  });

  it('turns two-step verification on with a code from the secret the page shows, and shows the ten recovery codes once', async () => {
    const { password } = await c.user('tran.thi.binh', ['viewer']);
    const page = await open('tran.thi.binh', password, '/account');
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    const qr = page.getByRole('img', { name: 'Mã QR để thêm tài khoản vào ứng dụng xác thực' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await qr.elementHandle());
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');

    await page.getByLabel('Mã 6 số từ ứng dụng').fill('000000');
    await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await page.getByText('Mã không đúng.', { exact: false }).waitFor();

    await page.getByLabel('Mã 6 số từ ứng dụng').fill(await AuthService.totpNow(secret));
    await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    const codes = await page.getByTestId('recovery-codes').locator('code').allInnerTexts();
    expect(codes).toHaveLength(10);
    await page.getByRole('button', { name: 'Tôi đã cất giữ các mã' }).click();
    await page.getByText('Còn 10 mã khôi phục chưa dùng.').waitFor();
    expect(await page.getByTestId('recovery-codes').count()).toBe(0);

    expect((await admin('GET', '/api/users/tran.thi.binh')).json().totpEnabled).toBe(true);
    // A recovery code signs in instead of the app's code.
    expect((await c.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'tran.thi.binh', password, totp: codes[0] } })).statusCode).toBe(200);
  });

  it('keeps the page signed in when one changes one’s own password (other sessions end; the live view comes back)', async () => {
    const password = `mat-khau-thu-nghiem-${'tran.thi.binh'.length}-dai`;
    const page = await open('tran.thi.binh', password, '/account');
    await page.getByRole('textbox', { name: /^Mật khẩu hiện tại/ }).fill(password);
    await page.getByRole('textbox', { name: /^Mật khẩu mới/ }).fill('đèn đường Buôn Ma Thuột luôn sáng');
    await page.getByRole('textbox', { name: /^Nhập lại mật khẩu mới/ }).fill('đèn đường Buôn Ma Thuột luôn sáng');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.').waitFor();
    // The live view was cut with the old session; it connects again with the new one, without asking.
    await page.getByRole('link', { name: 'Bảng tin' }).click();
    await page.getByRole('status').filter({ hasText: 'Trực tiếp' }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('dialog', { name: 'Phiên đăng nhập đã hết' }).count()).toBe(0);
  });
});
