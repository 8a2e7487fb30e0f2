// The report tells the truth: a real player in Chromium plays the campaign for a minute, while the
// test watches its screen (every change of picture, timed in the page). The report for the day
// counts each showing the player made — as many as the screen showed, slide by slide — with
// airtime within one second of what the screen showed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Report } from '../../playlists/api/reports.ts';
import { localDay } from '../../playlists/report-time.ts';
import { DEMO_BOARD } from '../../controller/services/bootstrap.ts';
import { launchBrowser } from '../helpers/browser.ts';
import type { TestController } from '../helpers/controller.ts';
import { startController } from '../helpers/controller.ts';

let c: TestController;
let browser: Browser;
let player: Page | undefined;

beforeAll(async () => {
  c = await startController();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await player?.close().catch(() => undefined);
  await browser?.close();
  await c?.close();
});

describe('the report against the screen', () => {
  it('counts each showing a player made in a minute, with airtime within a second of the truth', { timeout: 180_000 }, async () => {
    // Every change of picture on the board's screen, on the page's clock (the same machine's),
    // watched from before the player's first picture.
    player = await browser.newPage({ viewport: { width: 576, height: 288 } });
    await player.addInitScript(() => {
      const w = window as unknown as { shown: { sha: string; at: number }[] };
      w.shown = [];
      const note = () => {
        const sha = document.querySelector('#stage .layer[data-on]')?.getAttribute('data-sha256');
        if (sha && w.shown.at(-1)?.sha !== sha) w.shown.push({ sha, at: Date.now() });
      };
      document.addEventListener('DOMContentLoaded', () => new MutationObserver(note).observe(document.documentElement, { subtree: true, attributes: true, childList: true, attributeFilter: ['data-on', 'data-sha256'] }));
    });
    await player.goto(`${c.url}/player/?grant=${encodeURIComponent(c.first!.grant)}`);
    await player.waitForFunction(() => (window as unknown as { shown: unknown[] }).shown.length > 0, undefined, { timeout: 15_000 });
    const shown = () => player!.evaluate(() => (window as unknown as { shown: { sha: string; at: number }[] }).shown);
    const began = (await shown())[0]!.at;

    // A minute of play (the screen's own changes say when it has passed).
    await player.waitForFunction((t) => ((window as unknown as { shown: { at: number }[] }).shown.at(-1)?.at ?? 0) >= t, began + 60_000, { timeout: 90_000, polling: 200 });

    // The player sends its records every 30 s: wait until the controller holds every showing that
    // ended within the minute.
    const screen = await shown();
    const minute = screen.filter((s, i) => i > 0 && screen[i + 1] && screen[i + 1]!.at <= began + 60_000);
    const plays = async () =>
      (
        await c.app.inject({ method: 'GET', url: `/api/boards/${DEMO_BOARD.id}/plays?from=${new Date(began - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`, headers: { authorization: `Bearer ${c.adminToken}` } })
      ).json() as { sha256: string; startedAt: string; endedAt: string }[];
    await expect.poll(async () => (await plays()).filter((p) => Date.parse(p.endedAt) <= began + 60_500).length, { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(minute.length + 1);
    // Then the board is switched off: nothing more is reported (the player may still report the
    // showing cut short by the switch-off, as it closes).
    const final = await shown();
    const closedAt = Date.now();
    await player.close();
    player = undefined;

    // The truth: the showings on the screen up to the last one the controller holds (a showing
    // lasts 8 s or more: a second's tolerance for the page noticing a change cannot take in the next).
    const records = await plays();
    const lastStart = Math.max(...records.map((p) => Date.parse(p.startedAt)));
    const lastEnd = Math.max(...records.map((p) => Date.parse(p.endedAt)));
    const truth = final
      .map((s, i) => ({ sha: s.sha, from: s.at, to: final[i + 1]?.at ?? closedAt }))
      .filter((s) => s.from <= lastStart + 1000);
    expect(truth.length).toBeGreaterThanOrEqual(5);

    const day = localDay(began, DEMO_BOARD.timeZone);
    const res = await c.app.inject({ method: 'GET', url: `/api/reports?from=${day}&to=${day}&boardId=${DEMO_BOARD.id}`, headers: { authorization: `Bearer ${c.adminToken}` } });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as Report;
    const board = report.boards[0]!;
    expect(board.totals.showings).toBe(truth.length);
    const airtime = truth.reduce((n, s) => n + (s.to - s.from), 0);
    expect(Math.abs(board.totals.airtimeMs - airtime)).toBeLessThanOrEqual(1000);
    // Slide by slide (by the picture shown).
    const bySha = (list: { sha: string; n: number }[]) => Object.fromEntries(list.reduce((m, x) => m.set(x.sha, (m.get(x.sha) ?? 0) + x.n), new Map<string, number>()));
    expect(bySha(board.slides.map((s) => ({ sha: s.sha256, n: s.showings })))).toEqual(bySha(truth.map((s) => ({ sha: s.sha, n: 1 }))));
    // Lit the whole time, online the whole time it was heard.
    expect(board.totals.share).toBe(1);
    expect(board.totals.onlineMs).toBeGreaterThanOrEqual(lastEnd - began - 1000);
  });
});
