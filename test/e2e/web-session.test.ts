// Signing in and out of the web app: a link opened without a session comes back to its page after
// sign-in; a session that ends while a page is open asks for the password over the page, and what
// was typed is still there afterwards; signing out ends the session.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { DESKTOP } from '../helpers/web.ts';

let c: TestController;
let browser: Browser;
let password = '';

beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
  password = (await c.user('van-hanh', ['operator'])).password;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe('signing in', () => {
  it('brings a link opened without a session back to its page, and refuses a wrong password in words', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${c.url}/boards`);
    await page.waitForURL(/\/sign-in\?next=%2Fboards$/);
    await page.getByLabel('Tên đăng nhập').fill('van-hanh');
    await page.getByLabel('Mật khẩu').fill('mat khau sai roi');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${c.url}/boards`);
    await context.close();
  });

  it('asks for the password over the page when the session ends, keeping what was typed; signing out ends it', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${c.url}/sign-in`);
    await page.getByLabel('Tên đăng nhập').fill('van-hanh');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const search = page.getByRole('textbox', { name: 'Tìm bảng' });
    await search.fill('cửa ngõ phía');

    // An admin ends every session of this user (a stolen laptop, say): the live view is cut at once.
    const ended = await c.app.inject({ method: 'DELETE', url: '/api/users/van-hanh/sessions', headers: { authorization: `Bearer ${c.adminToken}` } });
    expect(ended.statusCode).toBe(200);
    const dialog = page.getByRole('dialog', { name: 'Phiên đăng nhập đã hết' });
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.getByLabel('Mật khẩu').fill(password);
    await dialog.getByRole('button', { name: 'Đăng nhập' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await search.inputValue()).toBe('cửa ngõ phía');
    expect(page.url()).toBe(`${c.url}/`);
    await expect.poll(() => page.locator('[data-board]').count(), { timeout: 10_000 }).toBe(1);

    await page.getByRole('button', { name: 'Tài khoản của tôi' }).click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/sign-in/);
    const cookies = await context.cookies();
    const res = await context.request.get(`${c.url}/api/me`, { headers: { cookie: cookies.map((k) => `${k.name}=${k.value}`).join('; ') } });
    expect(res.status()).toBe(401);
    await context.close();
  });
});
