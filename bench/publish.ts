// Publish latency: from the API write that changes a schedule to every affected player's "ready"
// acknowledgement, with N simulated players (a separate process) on one controller; beside it the
// floor: a bare socket.io server sending the same manifest to as many of the same simulated players
// and waiting for their acks, in the same run (what any controller on socket.io would need); plus
// the time to compile manifests for 1,000 boards. Run: node --import tsx bench/publish.ts [N ...]
// [--postgres] [--rounds=10] [--warm-up=3] (--postgres: the controller on PostgreSQL at TEST_PG_URL,
// default 127.0.0.1:5432/test's server).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server } from 'socket.io';
import type { Manifest } from '../playlists/manifest.ts';
import { limitHeapGrowth } from '../controller/heap.ts';
import { benchController, GROUP, ON_POSTGRES, percentile } from './fixtures.ts';

/** `--name=N` on the command line, or the default. */
const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
/**
 * Changes counted. The p99 of a few rounds is the slowest round's (a garbage collection there
 * decides it, on either side): ten steady it. Before 27/11/2026 the benchmark counted 5 after 1
 * warm-up (`--rounds=5 --warm-up=1` gives that method).
 */
const ROUNDS = flag('rounds', 10);
/**
 * Changes run first and not counted, on both sides alike: the first pushes after a start warm the
 * JIT up (the controller's and the simulated players'), and a running controller is warm. Three
 * cover both playlists the rounds alternate between. The first one's slowest board is printed.
 */
const WARM_UP = flag('warm-up', 3);
const sizes = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number).filter((n) => n > 0);
const counts = sizes.length ? sizes : [100, 1000, 5000];

async function publishLatency(n: number): Promise<{ n: number; p50: number; p99: number; max: number; samples: number; first: number; manifest: Manifest }> {
  const { c, tokens } = await benchController(n);
  const api = (method: 'POST' | 'PUT', url: string, payload: unknown) => c.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${c.adminToken}` } });
  const playlist = (await c.ctx.store.content.getPlaylist('hien-ke-2020'))!;
  await api('PUT', '/api/playlists/bench-alt', { name: 'Bench alt', items: [...playlist.items].reverse() });
  await api('POST', '/api/schedule-entries', { id: 'bench-entry', playlistId: 'hien-ke-2020', targets: { groupIds: [GROUP] } });

  // Every ready acknowledgement, timed when the controller has recorded it (the delivery event
  // follows the write's commit).
  const readyAt = new Map<string, Map<string, number>>();
  c.ctx.services.events.on('delivery', (boardId, report) => {
    if (report?.kind !== 'ack' || report.state !== 'ready') return;
    let m = readyAt.get(report.version);
    if (!m) readyAt.set(report.version, (m = new Map()));
    if (!m.has(boardId)) m.set(boardId, performance.now());
  });

  const file = path.join(os.tmpdir(), `ledgate-bench-tokens-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify([...tokens.values()]));
  const child = fork(path.join(import.meta.dirname, 'sim-players.ts'), [c.url, file], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));

  const latencies: number[] = [];
  let first = 0;
  const boards = [...tokens.keys()];
  const profiler = await startProfile();
  for (let round = -WARM_UP; round < ROUNDS; round++) {
    const playlistId = (round + WARM_UP) % 2 === 0 ? 'bench-alt' : 'hien-ke-2020';
    readyAt.clear(); // versions come back every other round: count only this round's acks
    const t0 = performance.now();
    const res = await api('PUT', '/api/schedule-entries/bench-entry', { playlistId, targets: { groupIds: [GROUP] } });
    if (res.statusCode !== 200) throw new Error(res.body);
    // One query, not one per board: the bench shares the controller's thread.
    const want = await c.ctx.store.manifests.versionsOf(boards);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const done = boards.filter((b) => readyAt.get(want.get(b)!)?.has(b)).length;
      if (done === boards.length) break;
      if (Date.now() > deadline) throw new Error(`only ${done}/${boards.length} ready after 60 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    if (round >= 0) for (const b of boards) latencies.push(readyAt.get(want.get(b)!)!.get(b)! - t0);
    if (round === -WARM_UP) first = Math.max(...boards.map((b) => readyAt.get(want.get(b)!)!.get(b)! - t0));
  }
  await profiler?.stop(`publish-${n}`);
  child.send('close');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(file, { force: true });
  const manifest = (await c.ctx.store.manifests.latest(boards[0]!))!;
  await c.close();
  latencies.sort((a, b) => a - b);
  return { n, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1]!, samples: latencies.length, first, manifest };
}

/**
 * The floor: a bare socket.io server (websocket transport, the /player namespace) sends the manifest
 * to each of n simulated players (the same client process as above) and times their "ready" acks.
 * No database, no compile, no authentication: only the fan-out and the round trip.
 */
async function floorLatency(n: number, manifest: Manifest): Promise<{ n: number; p50: number; p99: number; max: number; first: number }> {
  // Node as it comes: the controller's heap setting (benchStart) is LEDGate's, not the floor's.
  limitHeapGrowth(0);
  // The simulated players fetch each image once; here any URL answers at once.
  const server = http.createServer((_req, res) => res.end(''));
  const io = new Server(server, { transports: ['websocket'] });
  const nsp = io.of('/player');
  const readyAt = new Map<string, Map<string, number>>();
  let current: Manifest = manifest;
  nsp.on('connection', (socket) => {
    socket.on('ack', (a: { version: string; state: string }) => {
      if (a.state !== 'ready') return;
      let m = readyAt.get(a.version);
      if (!m) readyAt.set(a.version, (m = new Map()));
      if (!m.has(socket.id)) m.set(socket.id, performance.now());
    });
    socket.emit('manifest', current);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const file = path.join(os.tmpdir(), `ledgate-bench-floor-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(Array.from({ length: n }, (_, i) => `floor-${i}`)));
  const child = fork(path.join(import.meta.dirname, 'sim-players.ts'), [url, file], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));

  const latencies: number[] = [];
  let first = 0;
  for (let round = -WARM_UP; round < ROUNDS; round++) {
    current = { ...manifest, version: `${manifest.version.slice(0, 60)}${String(round + WARM_UP).padStart(4, '0')}` };
    const t0 = performance.now();
    // One emit per board, as the controller sends each board its own manifest.
    for (const socket of nsp.sockets.values()) socket.emit('manifest', current);
    const deadline = Date.now() + 60_000;
    while ((readyAt.get(current.version)?.size ?? 0) < n) {
      if (Date.now() > deadline) throw new Error(`floor: only ${readyAt.get(current.version)?.size ?? 0}/${n} ready after 60 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    if (round >= 0) for (const at of readyAt.get(current.version)!.values()) latencies.push(at - t0);
    if (round === -WARM_UP) first = Math.max(...[...readyAt.get(current.version)!.values()].map((at) => at - t0));
  }
  child.send('close');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(file, { force: true });
  await new Promise<void>((resolve) => {
    void io.close(() => resolve());
  });
  latencies.sort((a, b) => a - b);
  return { n, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1]!, first };
}

/**
 * With PROFILE=<dir>, a CPU profile of the controller's side of the publish rounds only (not the
 * set-up, not the floor), written as <dir>/publish-<n>.cpuprofile for Chrome's DevTools.
 */
async function startProfile(): Promise<{ stop(name: string): Promise<void> } | null> {
  const dir = process.env.PROFILE;
  if (!dir) return null;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function compileTime(n: number): Promise<{ n: number; p50: number; runs: number[] }> {
  const { c } = await benchController(n);
  const { services } = c.ctx;
  const ids = await c.ctx.store.content.boardsForTargets({ boardIds: [], groupIds: [GROUP] });
  await services.publisher.recompile(ids); // renders once
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    // A real change each time, so every manifest gets a new version and is saved.
    await c.ctx.store.groups.save({ id: GROUP, name: 'Bench', boardIds: ids, defaultPlaylistId: i % 2 ? 'hien-ke-2020' : null }, Date.now());
    const t0 = performance.now();
    await services.publisher.recompile(ids);
    runs.push(performance.now() - t0);
  }
  await c.close();
  const sorted = [...runs].sort((a, b) => a - b);
  return { n, p50: percentile(sorted, 50), runs };
}

const fmt = (x: number) => `${x.toFixed(0)} ms`;
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${new Date().toISOString()}; store: ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'}`);
const compiled = await compileTime(1000);
console.log(`compile 1000 boards (changed, saved, announced): p50 ${fmt(compiled.p50)} (runs: ${compiled.runs.map((r) => r.toFixed(0)).join(', ')})`);
for (const n of counts) {
  const r = await publishLatency(n);
  console.log(`publish → ready, ${n} players: p50 ${fmt(r.p50)}, p99 ${fmt(r.p99)}, max ${fmt(r.max)} (${r.samples} acks over ${ROUNDS} changes after ${WARM_UP} not counted; the first change after the start: all ready in ${fmt(r.first)})`);
  const f = await floorLatency(n, r.manifest);
  console.log(`  floor (bare socket.io, same manifest, same players): p50 ${fmt(f.p50)}, p99 ${fmt(f.p99)}, max ${fmt(f.max)} (first: ${fmt(f.first)}) — LEDGate at ${(r.p99 / f.p99).toFixed(2)} × the floor (p99)`);
}
