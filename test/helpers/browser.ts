// Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags this
// machine needs. playwright-core gives every launch a fresh temporary profile (--user-data-dir)
// and removes it on close.
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A board-sized page that has opened a pairing link and shows its first slide. */
export async function openPairedPlayer(browser: Browser, url: string, grant: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 576, height: 288 } });
  await page.goto(`${url}/player/?grant=${encodeURIComponent(grant)}`);
  await page.waitForFunction(() => document.querySelector('#stage .layer[data-on]'), undefined, { timeout: 15_000 });
  return page;
}

/**
 * Resolves with the instant (the page's clock) a player page shows the given slide. `already`: a
 * slide on screen now counts; otherwise only its appearing from now on does.
 */
export function slideShownAt(page: Page, slideId: string, timeoutMs: number, opts: { already?: boolean } = {}): Promise<number> {
  return page.evaluate(
    ({ slideId, timeoutMs, already }) =>
      new Promise<number>((resolve, reject) => {
        const stage = document.getElementById('stage')!;
        const onNow = () => stage.querySelector(`.layer[data-on][data-slide-id="${slideId}"]`);
        if (already && onNow()) return resolve(Date.now());
        const obs = new MutationObserver(() => {
          if (onNow()) {
            obs.disconnect();
            resolve(Date.now());
          }
        });
        obs.observe(stage, { subtree: true, attributes: true, attributeFilter: ['data-on', 'data-slide-id'] });
        setTimeout(() => {
          obs.disconnect();
          reject(new Error(`${slideId} not shown within ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    { slideId, timeoutMs, already: opts.already ?? false },
  );
}

/**
 * From now on, at every change of the picture, checks that exactly one layer is on screen with a
 * decoded image (else a "blank" is noted) and notes the switch; read them with screenRecord().
 */
export async function watchScreen(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { switches: { at: number; slide: string }[]; blanks: string[] };
    w.switches = [];
    w.blanks = [];
    const stage = document.getElementById('stage')!;
    new MutationObserver(() => {
      const on = stage.querySelectorAll('.layer[data-on]');
      const top = on[on.length - 1] as HTMLElement | undefined;
      const img = top?.querySelector('img') as HTMLImageElement | undefined;
      if (!top || !img || !(img.naturalWidth > 0)) w.blanks.push(`${Date.now()}: ${on.length} layers on`);
      const slide = top?.dataset.slideId ?? '';
      if (slide && w.switches[w.switches.length - 1]?.slide !== slide) w.switches.push({ at: Date.now(), slide });
    }).observe(stage, { subtree: true, attributes: true, attributeFilter: ['data-on', 'data-slide-id'] });
  });
}

/** What watchScreen() saw: the switches (instant, slide) and the blank frames. */
export function screenRecord(page: Page): Promise<{ switches: { at: number; slide: string }[]; blanks: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { switches: { at: number; slide: string }[]; blanks: string[] };
    return { switches: w.switches, blanks: w.blanks };
  });
}
