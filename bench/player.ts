// Player timing in headless Chromium: how close each switch is to its scheduled instant, how far
// apart two players on the same playlist switch, and a soak: the JS heap over 100,000 switches
// (accelerated clock), measured at checkpoints so the curve shows whether it plateaus.
// Run: node --import tsx bench/player.ts [switches] [--heap-only] [--soak=N]
import { systemActor } from '../controller/services/actor.ts';
import os from 'node:os';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/helpers/browser.ts';
import { startController } from '../test/helpers/controller.ts';
import type { TestController } from '../test/helpers/controller.ts';
import { percentile } from './fixtures.ts';

const args = process.argv.slice(2);
const SWITCHES = Number(args.find((a) => /^\d+$/.test(a)) ?? 200);
const HEAP_ONLY = args.includes('--heap-only');
/** How far the soak goes: --soak=N switches (default 100,000). */
const SOAK = Number(args.find((a) => a.startsWith('--soak='))?.slice(7) ?? 100_000);
const SLIDE_MS = 2000;
const BOARD = 'cua-ngo-phia-bac-ql14';

async function setUp(c: TestController): Promise<void> {
  const api = (method: 'POST' | 'PUT', url: string, payload: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });
  for (const [id, text] of [
    ['mot', 'Một'],
    ['hai', 'Hai'],
    ['ba', 'Ba'],
  ]) {
    await api('POST', '/api/slides', { id, kind: 'text', text, durationSeconds: SLIDE_MS / 1000 });
  }
  await api('PUT', '/api/playlists/hien-ke-2020', { name: 'Bench', items: [{ slideId: 'mot' }, { slideId: 'hai' }, { slideId: 'ba' }] });
}

/** Records, in the page, the wall-clock instant of every change of the slide on screen. */
async function watch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { switches: { at: number; slide: string }[] };
    w.switches = [];
    const stage = document.getElementById('stage')!;
    new MutationObserver(() => {
      const on = stage.querySelectorAll('.layer[data-on]');
      const slide = (on[on.length - 1] as HTMLElement | undefined)?.dataset.slideId ?? '';
      if (slide && w.switches[w.switches.length - 1]?.slide !== slide) w.switches.push({ at: performance.timeOrigin + performance.now(), slide });
    }).observe(stage, { subtree: true, attributes: true, attributeFilter: ['data-on', 'data-slide-id'] });
  });
}

async function accuracyAndSkew(): Promise<{ errors: number[]; skews: number[] }> {
  const c = await startController();
  await setUp(c);
  const browser = await launchBrowser();
  const pages: Page[] = [];
  for (let i = 0; i < 2; i++) {
    const grant = (await c.ctx.services.pairing.createGrant(systemActor('test'), BOARD)).grant;
    const page = await browser.newPage({ viewport: { width: 576, height: 288 } });
    await page.goto(`${c.url}/player/?grant=${encodeURIComponent(grant)}`);
    await page.waitForFunction(() => ['mot', 'hai', 'ba'].includes(document.querySelector('#stage .layer[data-on]')?.getAttribute('data-slide-id') ?? ''), undefined, { timeout: 20_000 });
    await watch(page);
    pages.push(page);
  }
  const manifest = await c.ctx.services.publisher.current(BOARD);
  const seg = manifest.segments.find((s) => s.kind === 'play' && s.from <= Date.now() && Date.now() < s.to);
  if (!seg || seg.kind !== 'play') throw new Error('no playing segment');
  process.stderr.write(`waiting for ${SWITCHES} switches (${((SWITCHES * SLIDE_MS) / 1000).toFixed(0)} s)…\n`);
  await pages[0]!.waitForFunction((n) => (window as unknown as { switches: unknown[] }).switches.length >= n, SWITCHES + 1, { timeout: SWITCHES * SLIDE_MS + 60_000, polling: 1000 });
  const runs = await Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as { switches: { at: number; slide: string }[] }).switches)));
  // Scheduled instants: the loop's boundaries, anchored where the segment says.
  const scheduled = (t: number) => seg.anchorAt + Math.round((t - seg.anchorAt) / SLIDE_MS) * SLIDE_MS;
  const errors = runs[0]!.slice(1, SWITCHES + 1).map((s) => Math.abs(s.at - scheduled(s.at)));
  const other = new Map(runs[1]!.map((s) => [`${scheduled(s.at)}`, s.at]));
  const skews = runs[0]!.slice(1, SWITCHES + 1).flatMap((s) => {
    const t = other.get(`${scheduled(s.at)}`);
    return t === undefined ? [] : [Math.abs(s.at - t)];
  });
  await browser.close();
  await c.close();
  return { errors, skews };
}

interface HeapFigures {
  /** Runtime.getHeapUsage after a forced GC: everything, compiled code included. */
  used: number;
  /** From a heap snapshot: the page's objects (JS and DOM), compiled code left out. */
  objects: number;
  code: number;
}

/** Where the soak measures the heap: a curve, so a plateau can be told from a slow climb. */
const CHECKPOINTS = [100, 1_000, 5_000, 10_000, 25_000, 50_000, 75_000, 100_000].filter((n) => n <= SOAK);

async function heap(): Promise<{ switches: number; figures: HeapFigures }[]> {
  const c = await startController();
  await setUp(c);
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 576, height: 288 } });
  await context.clock.install();
  const page = await context.newPage();
  await page.goto(`${c.url}/player/?grant=${encodeURIComponent(c.first!.grant)}`);
  await page.waitForFunction(() => ['mot', 'hai', 'ba'].includes(document.querySelector('#stage .layer[data-on]')?.getAttribute('data-slide-id') ?? ''), undefined, { timeout: 20_000 });
  await page.evaluate(() => {
    const w = window as unknown as { count: number };
    w.count = 0;
    new MutationObserver(() => w.count++).observe(document.getElementById('stage')!, { subtree: true, attributes: true, attributeFilter: ['data-slide-id'] });
  });
  const cdp = await context.newCDPSession(page);
  const used = async (): Promise<HeapFigures> => {
    await cdp.send('HeapProfiler.collectGarbage');
    const total = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    let chunks = '';
    const onChunk = (e: { chunk: string }) => {
      chunks += e.chunk;
    };
    cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    const snap = JSON.parse(chunks) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
    const fields = snap.snapshot.meta.node_fields;
    const types = snap.snapshot.meta.node_types[0];
    const [nf, ti, si] = [fields.length, fields.indexOf('type'), fields.indexOf('self_size')];
    let objects = 0;
    let code = 0;
    for (let i = 0; i < snap.nodes.length; i += nf) {
      if (types[snap.nodes[i + ti]!] === 'code') code += snap.nodes[i + si]!;
      else objects += snap.nodes[i + si]!;
    }
    return { used: total, objects, code };
  };
  const count = () => page.evaluate(() => (window as unknown as { count: number }).count);
  const runTo = async (n: number) => {
    let seen = await count();
    while (seen < n) {
      await page.clock.runFor(SLIDE_MS);
      // Image decoding is real (not faked): give it a few real milliseconds to reveal the slide.
      for (let i = 0; i < 50; i++) {
        const now = await count();
        if (now > seen) {
          seen = now;
          break;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  };
  const curve: { switches: number; figures: HeapFigures }[] = [];
  for (const n of CHECKPOINTS) {
    await runTo(n);
    curve.push({ switches: n, figures: await used() });
    process.stderr.write(`  ${n} switches measured\n`);
  }
  await browser.close();
  await c.close();
  return curve;
}

const fmt = (x: number) => `${x.toFixed(1)} ms`;
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${new Date().toISOString()}`);
if (!HEAP_ONLY) {
  const { errors, skews } = await accuracyAndSkew();
  errors.sort((a, b) => a - b);
  skews.sort((a, b) => a - b);
  console.log(`switch accuracy over ${errors.length} switches: p50 ${fmt(percentile(errors, 50))}, p99 ${fmt(percentile(errors, 99))}, max ${fmt(errors[errors.length - 1]!)} (target p99 ≤ 17 ms)`);
  console.log(`skew between two players over ${skews.length} switches: p50 ${fmt(percentile(skews, 50))}, p99 ${fmt(percentile(skews, 99))}, max ${fmt(skews[skews.length - 1]!)} (target p99 ≤ 20 ms)`);
}
const curve = await heap();
const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;
console.log(`player soak: JS heap after a forced collection, by switches (accelerated clock)`);
console.log('| switches | heap used | objects | compiled code |');
console.log('|---|---|---|---|');
for (const { switches, figures } of curve) console.log(`| ${switches.toLocaleString('en')} | ${mib(figures.used)} | ${mib(figures.objects)} | ${mib(figures.code)} |`);
