// The staff web app in Chromium, signed in as a given user (the session cookie set by a real
// sign-in), at a desktop or phone size. Missing translations are collected by the app itself.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestController } from './controller.ts';

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function signedIn(browser: Browser, c: TestController, user: { username: string; password: string }, opts: { viewport?: { width: number; height: number }; lang?: 'vi' | 'en' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: opts.viewport ?? DESKTOP, locale: opts.lang === 'en' ? 'en-GB' : 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const res = await context.request.post(`${c.url}/auth/login`, { data: user });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
  const page = await context.newPage();
  if (opts.lang) await page.addInitScript((lang) => localStorage.setItem('ledgate.lang', lang), opts.lang);
  return { context, page };
}

/** Translation keys the app looked up and did not find, since the page loaded. */
export function missingKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__missingKeys ?? []);
}

declare global {
  interface Window {
    __missingKeys?: string[];
  }
}
