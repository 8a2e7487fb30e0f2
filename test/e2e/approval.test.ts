// Two-person approval seen on a real screen: an editor's change stays off the board until an
// approver approves it and then reaches the paired player at once; a rejected change never reaches
// it, and its author can read why.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../playlists/manifest.ts';
import { playingNow } from '../helpers/api.ts';
import type { Method } from '../helpers/api.ts';
import { launchBrowser, openPairedPlayer } from '../helpers/browser.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
const PLAYLIST = 'hien-ke-2020';

let c: TestController;
let browser: Browser;
let page: Page;
const tokens = { editor: '', coEditor: '', approver: '' };
/** Every manifest the controller announced for the board (what its players were pushed). */
const pushed: Manifest[] = [];
/** The slides the approved playlist held before the editor's change (set in the first test). */
let approvedSlides: string[] = [];

/** The API as one of the accounts (tokens are set in beforeAll). */
const as = (token: string) => (method: Method, url: string, payload?: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}` } });
const editor = (method: Method, url: string, payload?: unknown) => as(tokens.editor)(method, url, payload);
const approver = (method: Method, url: string, payload?: unknown) => as(tokens.approver)(method, url, payload);
/** The version of a change its reviewer sees. */
const seen = async (id: string) => (await approver('GET', `/api/changes/${id}`)).json().version as number;

const slidesOf = (m: Manifest) => [...new Set([...m.segments.flatMap((s) => (s.kind === 'play' ? s.items : [])), ...(m.fallback?.items ?? [])].map((i) => i.slideId))].sort();
const manifestNow = async () => (await editor('GET', `/api/boards/${BOARD}/manifest`)).json() as Manifest;

/**
 * `m` is still the manifest `before`: the same version or, if the hourly horizon roll ran in
 * between (each horizon starts on the hour, so every board gets a new version then), the same
 * slides over the later horizon.
 */
function expectSameContent(m: Manifest | null, before: Manifest): void {
  expect(m).not.toBeNull();
  if (m!.horizon.from === before.horizon.from) expect(m!.version).toBe(before.version);
  else expect(slidesOf(m!)).toEqual(slidesOf(before));
}

interface Shown {
  slideId: string;
  sha256: string;
  /** Page clock, ms: when the layer was put on screen. */
  at: number;
}
type Recorder = { shownLog: Shown[] };

/** From now on, the page logs every picture put on screen (a layer gaining data-on), in order. */
function recordScreen(p: Page): Promise<void> {
  return p.evaluate(() => {
    const w = window as unknown as Recorder;
    w.shownLog = [];
    const stage = document.getElementById('stage')!;
    const log = (el: HTMLElement) => w.shownLog.push({ slideId: el.dataset.slideId ?? '', sha256: el.dataset.sha256 ?? '', at: Date.now() });
    const top = [...stage.querySelectorAll<HTMLElement>('.layer[data-on]')].sort((a, b) => Number(b.style.zIndex) - Number(a.style.zIndex))[0];
    if (top) log(top);
    new MutationObserver((records) => {
      for (const r of records) if (r.oldValue === null && (r.target as HTMLElement).hasAttribute('data-on')) log(r.target as HTMLElement);
    }).observe(stage, { subtree: true, attributes: true, attributeFilter: ['data-on'], attributeOldValue: true });
  });
}

const screenLog = (): Promise<Shown[]> => page.evaluate(() => (window as unknown as Recorder).shownLog);

/** The picture on top now, and what the page holds. */
function onScreen(p: Page) {
  return p.evaluate(() => {
    const on = [...document.querySelectorAll<HTMLElement>('#stage .layer[data-on]')].sort((a, b) => Number(b.style.zIndex) - Number(a.style.zIndex));
    const img = on[0]?.querySelector('img');
    const stored = localStorage.getItem('ledgate.manifest');
    return {
      slideId: on[0]?.dataset.slideId ?? null,
      sha256: on[0]?.dataset.sha256 ?? null,
      natural: img ? [img.naturalWidth, img.naturalHeight] : null,
      /** The manifest the player has (kept once all its files are cached). */
      stored: stored ? (JSON.parse(stored) as Manifest) : null,
    };
  });
}

beforeAll(async () => {
  c = await startController({ approval: true });
  tokens.editor = (await c.user('bien-tap', ['editor'])).token;
  tokens.coEditor = (await c.user('truong-ban', ['editor', 'approver'])).token;
  tokens.approver = (await c.user('phe-duyet', ['approver'])).token;
  c.ctx.services.events.on('manifest', (m) => {
    if (m.boardId === BOARD) pushed.push(m);
  });
  browser = await launchBrowser();
  page = await openPairedPlayer(browser, c.url, c.first!.grant);
  await recordScreen(page);
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe('two-person approval on a paired player in Chromium', () => {
  it('never puts a rejected change on the board, and tells its author why', async () => {
    approvedSlides = (await editor('GET', `/api/playlists/${PLAYLIST}`)).json().items.map((i: { slideId: string }) => i.slideId);
    expect(approvedSlides).toContain('khau-hieu');
    const before = await manifestNow();

    // The slide on its own reaches no board: approving it changes no manifest.
    const slide = await editor('POST', '/api/slides?submit=true', { id: 'quang-cao', kind: 'text', text: 'Khuyến mãi lớn – giảm giá 50% tại cửa hàng' });
    expect(slide.statusCode).toBe(201);
    expect((await approver('POST', `/api/changes/${slide.json().change.id}/approve`, { version: await seen(slide.json().change.id) })).json().status).toBe('approved');
    // The playlist that would put it on the gateway board.
    const put = await editor('PUT', `/api/playlists/${PLAYLIST}?submit=true`, { name: 'Quảng cáo', items: [{ slideId: 'quang-cao' }] });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ published: false, change: { status: 'submitted', kind: 'playlist', targetId: PLAYLIST } });
    const changeId: string = put.json().change.id;

    const reason = 'Bảng tuyên truyền công cộng không phát quảng cáo thương mại.';
    const rejected = await approver('POST', `/api/changes/${changeId}/reject`, { version: await seen(changeId), reason });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason });

    // Its author reads the verdict and the reason.
    const read = await editor('GET', `/api/changes/${changeId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ status: 'rejected', reason, reviewer: 'phe-duyet', author: 'bien-tap', proposed: { items: [{ slideId: 'quang-cao' }] } });
    expect(read.json().published.items.map((i: { slideId: string }) => i.slideId)).toEqual(approvedSlides);
    // A rejected change cannot be approved afterwards: it must be submitted again first.
    expect((await approver('POST', `/api/changes/${changeId}/approve`, { version: await seen(changeId) })).statusCode).toBe(409);

    // Nothing was compiled or pushed for the board, and the player still has the approved version.
    expectSameContent(await manifestNow(), before);
    expect(pushed.filter((m) => slidesOf(m).includes('quang-cao'))).toEqual([]);
    const now = await onScreen(page);
    expectSameContent(now.stored, before);
    expect(approvedSlides).toContain(now.slideId);

    // The editor drops it; the approved playlist plays on.
    expect((await editor('DELETE', `/api/changes/${changeId}`)).json().status).toBe('discarded');
  });

  it("keeps an editor's change off the board until an approver approves it, then shows it at once", async () => {
    const before = await manifestNow();
    const slide = await editor('POST', '/api/slides?submit=true', { id: 'chao-mung', kind: 'text', text: 'Chào mừng quý khách đến Buôn Ma Thuột' });
    expect(slide.statusCode).toBe(201);
    expect((await approver('POST', `/api/changes/${slide.json().change.id}/approve`, { version: await seen(slide.json().change.id) })).json().status).toBe('approved');
    expectSameContent(await manifestNow(), before);

    // The board must then show this one slide and nothing else: unambiguous on screen.
    const put = await editor('PUT', `/api/playlists/${PLAYLIST}?submit=true`, { name: 'Chào mừng', items: [{ slideId: 'chao-mung' }] });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ published: false, change: { status: 'submitted' } });
    const changeId: string = put.json().change.id;

    // Submitted, not published: same manifest on the controller, nothing pushed, the player still
    // holds the approved version, and its next slide (a player event, up to one 12 s slide away)
    // comes from the approved timeline.
    expectSameContent(await manifestNow(), before);
    expect(pushed.filter((m) => slidesOf(m).includes('chao-mung'))).toEqual([]);
    expectSameContent((await onScreen(page)).stored, before);
    const seenSoFar = (await screenLog()).length;
    await page.waitForFunction((n) => (window as unknown as Recorder).shownLog.length > n, seenSoFar, { timeout: 15_000 });
    const next = (await screenLog())[seenSoFar]!;
    expect(approvedSlides).toContain(next.slideId);

    // Nobody approves their own change: not the editor (no reviewer role), nor a reviewer who edited it.
    const own = await editor('POST', `/api/changes/${changeId}/approve`, { version: await seen(changeId) });
    expect(own.statusCode).toBe(403);
    const coEdit = await as(tokens.coEditor)('PUT', `/api/playlists/${PLAYLIST}?submit=true`, { name: 'Chào mừng quý khách', items: [{ slideId: 'chao-mung' }] });
    expect(coEdit.json().change).toMatchObject({ id: changeId, status: 'submitted', contributors: 2 });
    const ownEdit = await as(tokens.coEditor)('POST', `/api/changes/${changeId}/approve`, { version: await seen(changeId) });
    expect(ownEdit.statusCode).toBe(403);
    expect(ownEdit.json().message).toContain('Nobody reviews a change they wrote or edited');
    expectSameContent(await manifestNow(), before);

    // An approver approves: from then, the board shows the new slide.
    const logged = (await screenLog()).length;
    const t0 = Date.now();
    const approved = await approver('POST', `/api/changes/${changeId}/approve`, { version: await seen(changeId) });
    const t1 = Date.now();
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', reviewer: 'phe-duyet' });
    await page.waitForFunction(
      (n) => (window as unknown as Recorder).shownLog.slice(n).some((s) => s.slideId === 'chao-mung'),
      logged,
      { timeout: 5000, polling: 10 },
    );
    const shown = (await screenLog()).slice(logged).find((s) => s.slideId === 'chao-mung')!;
    // Recorded, not asserted (tests never assert wall-clock time): the API promises "within a second".
    console.log(`approve → new slide on screen: ${shown.at - t0} ms from the approve request, ${shown.at - t1} ms after its response`);

    // Exactly the approved version: the controller's new manifest plays only this slide, and the
    // screen shows its image, at the board's size.
    const after = await manifestNow();
    expect(after.version).not.toBe(before.version);
    const items = playingNow(after).items;
    expect(items.map((i) => i.slideId)).toEqual(['chao-mung']);
    expect(shown.sha256).toBe(items[0]!.sha256);
    const screen = await onScreen(page);
    expect(screen).toMatchObject({ slideId: 'chao-mung', sha256: items[0]!.sha256, natural: [576, 288] });
    expect(screen.stored?.version).toBe(after.version);
    // And the board says so in its heartbeat.
    await expect.poll(async () => (await editor('GET', `/api/boards/${BOARD}/status`)).json().heartbeat?.version, { timeout: 5000 }).toBe(after.version);
  }, 60_000);

  it('showed only approved content throughout', async () => {
    // The approval's manifest reached the page after the rejection and after the submit (one
    // socket, in order), so anything pushed before it would be in this log.
    const log = await screenLog();
    const firstNew = log.findIndex((s) => s.slideId === 'chao-mung');
    expect(firstNew).toBeGreaterThan(0);
    expect(log.slice(0, firstNew).every((s) => approvedSlides.includes(s.slideId))).toBe(true);
    expect(log.slice(firstNew).every((s) => s.slideId === 'chao-mung')).toBe(true);
    expect(log.some((s) => s.slideId === 'quang-cao')).toBe(false);
    expect(pushed.some((m) => slidesOf(m).includes('quang-cao'))).toBe(false);
  });
});
