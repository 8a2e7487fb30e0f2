// Publish latency: from the API write that changes a schedule to every affected player's "ready"
// acknowledgement, with N simulated players (a separate process) on one controller; beside it the
// floor: a bare socket.io server sending the same manifest to as many of the same simulated players
// and waiting for their acks, in the same run (what any controller on socket.io would need); plus
// the time to compile manifests for 1,000 boards. Run: node --import tsx bench/publish.ts [N ...]
// [--postgres] (the controller on PostgreSQL at TEST_PG_URL, default 127.0.0.1:5432/test's server).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server } from 'socket.io';
import type { Manifest } from '../playlists/manifest.ts';
import { benchController, GROUP, ON_POSTGRES, percentile } from './fixtures.ts';

const ROUNDS = 5;
/** Rounds run first and not counted, on both sides alike: the first pushes after a start also warm the JIT up (the controller's and the simulated players'). */
const WARM_UP = 1;
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const counts = sizes.length ? sizes : [100, 1000, 5000];

async function publishLatency(n: number): Promise<{ n: number; p50: number; p99: number; max: number; samples: number; manifest: Manifest }> {
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

  const phases = { emits: [] as number[], recv: [] as number[] };
  c.ctx.services.events.on('manifest', () => phases.emits.push(performance.now()));
  const tel = c.ctx.services.telemetry; const origAck = tel.ack.bind(tel);
  tel.ack = (d, p) => { if ((p as {state?: string}).state === 'ready') phases.recv.push(performance.now()); return origAck(d, p); };
  const file = path.join(os.tmpdir(), `ledgate-bench-tokens-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify([...tokens.values()]));
  const child = fork(path.join(import.meta.dirname, 'sim-players.ts'), [c.url, file], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));

  const latencies: number[] = [];
  const boards = [...tokens.keys()];
  const profiler = await startProfile();
  for (let round = -WARM_UP; round < ROUNDS; round++) {
    const playlistId = (round + WARM_UP) % 2 === 0 ? 'bench-alt' : 'hien-ke-2020';
    readyAt.clear(); // versions come back every other round: count only this round's acks
    phases.emits = []; phases.recv = [];
    const t0 = performance.now(); (globalThis as any).T0 = t0;
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
    const rs = boards.map((b) => readyAt.get(want.get(b)!)!.get(b)! - t0).sort((a, b) => a - b);
    if (round >= 0) for (const b of boards) latencies.push(readyAt.get(want.get(b)!)!.get(b)! - t0);
    const e = phases.emits.map((x) => x - t0), r = phases.recv.map((x) => x - t0).sort((a, b) => a - b);
    console.log(`round ${round}: first emit ${e[0]?.toFixed(0)} last emit ${e.at(-1)?.toFixed(0)} (${e.length}); ready recv first ${r[0]?.toFixed(0)} p50 ${r[r.length >> 1]?.toFixed(0)} last ${r.at(-1)?.toFixed(0)}; recorded first ${rs[0]!.toFixed(0)} p50 ${rs[rs.length>>1]!.toFixed(0)} last ${rs.at(-1)!.toFixed(0)}`);
    phases.emits = []; phases.recv = [];
  }
  await profiler?.stop(`publish-${n}`);
  child.send('close');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(file, { force: true });
  const manifest = (await c.ctx.store.manifests.latest(boards[0]!))!;
  await c.close();
  latencies.sort((a, b) => a - b);
  return { n, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1]!, samples: latencies.length, manifest };
}

/**
 * The floor: a bare socket.io server (websocket transport, the /player namespace) sends the manifest
 * to each of n simulated players (the same client process as above) and times their "ready" acks.
 * No database, no compile, no authentication: only the fan-out and the round trip.
 */
async function floorLatency(n: number, manifest: Manifest): Promise<{ n: number; p50: number; p99: number; max: number }> {
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
  for (let round = -WARM_UP; round < ROUNDS; round++) {
    current = { ...manifest, version: `${manifest.version.slice(0, 60)}${String(round + WARM_UP).padStart(4, '0')}` };
    const t0 = performance.now();
    // One emit per board, as the controller sends each board its own manifest.
    for (const socket of nsp.sockets.values()) socket.emit('manifest', current);
    console.log(`floor emit loop ${(performance.now() - t0).toFixed(1)} ms`);
    const deadline = Date.now() + 60_000;
    while ((readyAt.get(current.version)?.size ?? 0) < n) {
      if (Date.now() > deadline) throw new Error(`floor: only ${readyAt.get(current.version)?.size ?? 0}/${n} ready after 60 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    if (round >= 0) for (const at of readyAt.get(current.version)!.values()) latencies.push(at - t0);
  }
  child.send('close');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(file, { force: true });
  await new Promise<void>((resolve) => {
    void io.close(() => resolve());
  });
  latencies.sort((a, b) => a - b);
  return { n, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1]! };
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
  console.log(`publish → ready, ${n} players: p50 ${fmt(r.p50)}, p99 ${fmt(r.p99)}, max ${fmt(r.max)} (${r.samples} acks over ${ROUNDS} changes)`);
  const f = await floorLatency(n, r.manifest);
  console.log(`  floor (bare socket.io, same manifest, same players): p50 ${fmt(f.p50)}, p99 ${fmt(f.p99)}, max ${fmt(f.max)} — LEDGate at ${(r.p99 / f.p99).toFixed(1)} × the floor (p99)`);
}
