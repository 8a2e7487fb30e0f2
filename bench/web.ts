// The web app's budgets, measured in Chromium against a real controller with 1,000 boards:
// - the JavaScript the first screen loads (gzip), from the production build;
// - the board wall interactive after sign-in (the sign-in button pressed → the first cards drawn and
//   the search answering), with every board sending heartbeats;
// - a state change on the wall after the player reports it (a heartbeat saying "black: blackout" →
//   the card's state), 20 times.
// Run: node --import tsx bench/web.ts [boards]
import os from 'node:os';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { launchBrowser } from '../test/helpers/browser.ts';
import { buildWeb, INITIAL_JS_BUDGET } from '../web/build.ts';
import { benchController, percentile } from './fixtures.ts';

const N = Number(process.argv[2] ?? 1000);
const RUNS = 5;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const { initialJsGzip } = await buildWeb();
const { c, tokens } = await benchController(N);
const { password } = await c.user('van-hanh', ['operator']);

// Every board has a player that reported once (a wall of live boards, not of "never connected").
const players: Socket[] = [];
const heartbeat = (black: boolean) => ({ version: null, slideId: black ? null : 'khau-hieu', black, clockOffsetMs: 0, rttMs: 5, uptimeS: 10, screen: { width: 576, height: 288 }, userAgent: 'bench', lastError: null, layer: black ? null : 'campaign', blackReason: black ? 'blackout' : null });
for (const token of tokens.values()) {
  const s = io(`${c.url}/player`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  players.push(s);
  await new Promise<void>((resolve) => s.once('manifest', () => resolve()));
  s.emit('heartbeat', heartbeat(false));
}

const browser = await launchBrowser();
const interactive: number[] = [];
const change: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${c.url}/sign-in`);
  await page.getByLabel('Tên đăng nhập').fill('van-hanh');
  await page.getByLabel('Mật khẩu').fill(password);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('[data-board]').first().waitFor();
  await page.getByRole('textbox', { name: 'Tìm bảng' }).fill('bang-00999');
  await page.waitForFunction(() => document.querySelectorAll('[data-board]').length === 1);
  interactive.push(Date.now() - t0);

  // A player reports black; the wall shows it.
  const board = [...tokens.keys()][N - 1]!;
  await page.getByRole('textbox', { name: 'Tìm bảng' }).fill(board);
  await page.locator(`[data-board="${board}"]`).waitFor();
  for (let i = 0; i < 4; i++) {
    const black = i % 2 === 0;
    const want = black ? 'blackout' : 'playing';
    const sent = Date.now();
    players[N - 1]!.emit('heartbeat', heartbeat(black));
    await page.waitForFunction(([b, s]) => document.querySelector(`[data-board="${b}"]`)?.getAttribute('data-state') === s, [board, want] as const, { polling: 'raf' });
    change.push(Date.now() - sent);
  }
  await context.close();
}
await browser.close();
for (const s of players) s.close();
await c.close();

const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
const cpu = os.cpus();
process.stdout.write(
  [
    `machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, Chromium (playwright-core); ${new Date().toISOString()}`,
    `first screen JavaScript (gzip): ${kb(initialJsGzip)} (budget ${kb(INITIAL_JS_BUDGET)})`,
    `wall with ${N} boards interactive after sign-in: p50 ${percentile(sorted(interactive), 50)} ms, max ${Math.max(...interactive)} ms (runs: ${interactive.join(', ')}) (budget 1500 ms)`,
    `state change on the wall after the player reports it: p50 ${percentile(sorted(change), 50)} ms, p99 ${percentile(sorted(change), 99)} ms, max ${Math.max(...change)} ms over ${change.length} changes (budget 1000 ms)`,
    '',
  ].join('\n'),
);
