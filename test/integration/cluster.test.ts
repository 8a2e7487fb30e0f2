// Two controller processes' worth of servers (two apps, two database connections to one data
// directory) sharing their sockets through a Redis of the test's own: what one does reaches the
// players and operators connected to the other, and Redis going away loses no board's version.
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../controller/services/actor.ts';
import type { Manifest } from '../../playlists/manifest.ts';
import { adminApi, playingNow } from '../helpers/api.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { startRedis } from '../helpers/redis.ts';
import type { TestRedis } from '../helpers/redis.ts';
import { connect, nextEvent } from '../helpers/sockets.ts';

let redis: TestRedis;
let a: TestController;
let b: TestController;
const sockets: Socket[] = [];
const viaA = adminApi(() => a);
const viaB = adminApi(() => b);

/** A simulated player paired with a board, connected to controller c; it keeps the last manifest it got. */
async function player(c: TestController, boardId: string): Promise<{ socket: Socket; latest: () => Manifest }> {
  const { token } = await c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(systemActor('test'), boardId)).grant, null);
  const socket = connect(c.url, '/player', { token });
  sockets.push(socket);
  let latest = await nextEvent<Manifest>(socket, 'manifest');
  socket.on('manifest', (m: Manifest) => {
    latest = m;
    socket.emit('ack', { version: m.version, state: 'delivered' });
  });
  return { socket, latest: () => latest };
}

function heartbeat(socket: Socket, version: string): void {
  socket.emit('heartbeat', { version, slideId: null, black: false, clockOffsetMs: 0, rttMs: 1, uptimeS: 1, screen: { width: 576, height: 288 }, userAgent: 'test', lastError: null });
}

beforeAll(async () => {
  redis = await startRedis();
  a = await startController({ redisUrl: redis.url });
  b = await startController({ dataDir: a.dataDir, redisUrl: redis.url });
  expect((await viaA('POST', '/api/slides', { id: 'giam-toc', kind: 'text', text: 'Giảm tốc độ – Chú ý an toàn giao thông' })).statusCode).toBe(201);
  expect((await viaA('PUT', '/api/playlists/an-toan', { name: 'An toàn giao thông', items: [{ slideId: 'giam-toc' }] })).statusCode).toBe(200);
}, 30_000);
afterEach(() => {
  while (sockets.length) sockets.pop()!.close();
});
afterAll(async () => {
  await b?.close({ keepData: true });
  await a?.close();
  await redis?.kill();
});

describe('two controllers behind one Redis', () => {
  it('a schedule change made through B reaches a player connected to A', async () => {
    const board = a.first!.boardId;
    const p = await player(a, board);
    const before = p.latest().version;
    const next = nextEvent<Manifest>(p.socket, 'manifest', 5000, (m) => m.version !== before);
    const res = await viaB('POST', '/api/schedule-entries', { id: 'an-toan-b', playlistId: 'an-toan', targets: { boardIds: [board] }, layer: 'interrupt' });
    expect(res.statusCode).toBe(201);
    const m = await next;
    expect(m.version).toBe((await b.ctx.store.manifests.latest(board))!.version);
    expect(playingNow(m).entryIds).toEqual(['an-toan-b']);
    expect((await viaB('DELETE', '/api/schedule-entries/an-toan-b')).statusCode).toBe(200);
  });

  it('an emergency raised through B is on a player connected to A, and its clearing too', async () => {
    const board = a.first!.boardId;
    const p = await player(a, board);
    const raised = nextEvent<Manifest>(p.socket, 'manifest', 5000, (m) => playingNow(m).layer === 'emergency');
    const res = await viaB('POST', '/api/emergencies', { targets: { all: true }, text: 'Đường ngập – đi đường khác', durationMinutes: 30 });
    expect(res.statusCode).toBe(201);
    await raised;
    const cleared = nextEvent<Manifest>(p.socket, 'manifest', 5000, (m) => playingNow(m).layer !== 'emergency');
    expect((await viaB('DELETE', `/api/emergencies/${(res.json() as { id: string }).id}`)).statusCode).toBe(200);
    await cleared;
  });

  it('a compile that read before a change made through the other process never saves over it', async () => {
    const board = a.first!.boardId;
    // A compiles for its own change; once it has read everything, and before it saves, an
    // emergency is raised through B (which compiles and saves it).
    const { publisher } = a.ctx.services;
    const recompile = publisher.recompile.bind(publisher);
    let compiling = false;
    publisher.recompile = (ids) => {
      compiling = true;
      return recompile(ids);
    };
    let raised: ReturnType<typeof viaB> | null = null;
    const store = a.ctx.store;
    const transaction = store.transaction.bind(store);
    store.transaction = (async (fn: Parameters<typeof transaction>[0]) => {
      if (compiling && !raised) {
        raised = viaB('POST', '/api/emergencies', { targets: { boardIds: [board] }, text: 'Cầu Sêrêpốk tạm đóng', durationMinutes: 30 });
        await raised;
        await b.ctx.services.publisher.recompile([]); // B's compile of it saved
      }
      return transaction(fn);
    }) as typeof store.transaction;
    try {
      expect((await viaA('POST', '/api/schedule-entries', { id: 'an-toan-a', playlistId: 'an-toan', targets: { boardIds: [board] }, layer: 'interrupt' })).statusCode).toBe(201);
      await a.ctx.services.publisher.recompile([]);
      expect(raised).not.toBeNull();
      const emergency = await raised!;
      expect(emergency.statusCode).toBe(201);
      // A's compile read the board before the emergency: it is compiled again, not saved over it.
      const saved = (await a.ctx.store.manifests.latest(board))!;
      expect(playingNow(saved).layer).toBe('emergency');
      expect(saved.version).toBe((await b.ctx.services.publisher.current(board)).version);
      expect((await viaB('DELETE', `/api/emergencies/${(emergency.json() as { id: string }).id}`)).statusCode).toBe(200);
      expect(playingNow((await a.ctx.store.manifests.latest(board))!).entryIds).toEqual(['an-toan-a']);
    } finally {
      publisher.recompile = recompile;
      store.transaction = transaction;
      await viaA('DELETE', '/api/schedule-entries/an-toan-a');
    }
  });

  it('a compile of many boards never saves a later chunk compiled from what it read before a change through the other process', async () => {
    // Boards are compiled in chunks of 250 (each saved, then pushed); 300 make two.
    const ids = Array.from({ length: 300 }, (_, i) => `nhieu-${String(i).padStart(3, '0')}`);
    const last = ids.at(-1)!;
    const store = a.ctx.store;
    await store.transaction(async (tx) => {
      for (const id of ids) await tx.boards.insert({ id, name: `Bảng ${id}`, width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh', pitchMm: 10 }, Date.now());
      await tx.groups.save({ id: 'nhieu', name: 'Nhiều bảng', boardIds: ids, defaultPlaylistId: 'an-toan' }, Date.now());
    });
    const transaction = store.transaction.bind(store);
    let raised: ReturnType<typeof viaB> | null = null;
    // Once A has saved its first chunk (its second is compiled by then, from what the batch read
    // first), an emergency for the last board is raised through B, which compiles and saves it.
    store.transaction = (async (fn: Parameters<typeof transaction>[0]) => {
      const result = await transaction(fn);
      if (!raised) {
        raised = viaB('POST', '/api/emergencies', { targets: { boardIds: [last] }, text: 'Cầu Sêrêpốk tạm đóng', durationMinutes: 30 });
        expect((await raised).statusCode).toBe(201);
      }
      return result;
    }) as typeof store.transaction;
    try {
      await a.ctx.services.publisher.recompile(ids);
    } finally {
      store.transaction = transaction;
    }
    expect(raised).not.toBeNull();
    const saved = (await store.manifests.latest(last))!;
    expect(playingNow(saved).layer).toBe('emergency');
    expect(saved.version).toBe((await b.ctx.services.publisher.current(last)).version);
    expect((await viaB('DELETE', `/api/emergencies/${((await raised!).json() as { id: string }).id}`)).statusCode).toBe(200);
    await store.transaction(async (tx) => {
      await tx.groups.delete('nhieu');
      for (const id of ids) await tx.boards.delete(id);
    });
  });

  it('an operator watching through B sees a player on A become ready', async () => {
    const board = a.first!.boardId;
    const ops = connect(b.url, '/ops', { token: b.adminToken });
    sockets.push(ops);
    await nextEvent(ops, 'boards');
    const p = await player(a, board);
    const version = p.latest().version;
    const seen = nextEvent<{ id: string; delivery: { readyVersion: string | null } }>(ops, 'board', 5000, (s) => s.id === board && s.delivery.readyVersion === version);
    p.socket.emit('ack', { version, state: 'ready' });
    await seen;
  });

  it('pairs a player waiting on A with a code approved through B', async () => {
    const pairing = connect(a.url, '/pairing');
    sockets.push(pairing);
    const { code } = await nextEvent<{ code: string }>(pairing, 'pairing:code');
    const approved = nextEvent<{ token: string; boardId: string }>(pairing, 'pairing:approved');
    const res = await viaB('POST', '/api/pairings/approve', { code, boardId: a.first!.boardId });
    expect(res.statusCode).toBe(200);
    const { token, boardId } = await approved;
    expect(boardId).toBe(a.first!.boardId);
    // The token works on either process; the code is spent on both.
    const onB = connect(b.url, '/player', { token });
    sockets.push(onB);
    await nextEvent<Manifest>(onB, 'manifest');
    expect((await viaA('POST', '/api/pairings/approve', { code, boardId })).statusCode).toBe(404);
  });

  it('counts sign-in attempts from one address across both processes', async () => {
    const login = (c: TestController, i: number) => c.app.inject({ method: 'POST', url: '/auth/login', payload: { username: `khong-co-${i}`, password: 'sai-mat-khau-12345' } });
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await login(i % 2 ? a : b, i)).statusCode);
    expect(codes).toEqual(Array(10).fill(401));
    // The eleventh, on either process, is over the limit of 10 a minute.
    const refused = await login(a, 11);
    expect(refused.statusCode).toBe(429);
    expect((await login(b, 12)).statusCode).toBe(429);
  });

  it('pauses an account guessed at from many addresses, whichever process answers', async () => {
    const { password } = await a.user('nhan-vien', ['viewer']);
    const login = (c: TestController, i: number, pw: string) => c.app.inject({ method: 'POST', url: '/auth/login', remoteAddress: `10.0.0.${i + 1}`, payload: { username: 'nhan-vien', password: pw } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login(i % 2 ? a : b, i, 'doan-mo-mat-khau-123')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401]);
    // Five failures counted together, on two processes: paused; even the right password waits, on either.
    for (const c of [a, b]) {
      const paused = await login(c, 20, password);
      expect(paused.statusCode).toBe(429);
      expect(paused.json().message).toMatch(/this account is paused, try again in \d+ s/);
    }
  });

  it('/readyz answers for the database and Redis, and 503 naming Redis while it is away', async () => {
    expect((await a.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ ok: true, database: 'ok', redis: 'ok' });
    await redis.kill();
    const down = await a.app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ code: 'unavailable', message: 'Not ready: redis out of reach.', messageVi: 'Chưa sẵn sàng: không kết nối được Redis.' });
    // /healthz only says the process is alive: a load balancer keeps it, and stops sending it work.
    expect((await a.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await redis.start();
    await expect.poll(async () => (await a.app.inject({ method: 'GET', url: '/readyz' })).statusCode, { timeout: 10_000 }).toBe(200);
  });

  it('Redis restarted empty during a publish: every board still gets the new version', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `cong-${i + 1}`);
    for (const id of ids) expect((await viaA('POST', '/api/boards', { id, name: `Cổng ${id}`, width: 576, height: 288 })).statusCode).toBe(201);
    expect((await viaA('PUT', '/api/groups/cac-cong', { name: 'Các cổng', boardIds: ids })).statusCode).toBe(200);
    const players = await Promise.all(ids.map((id) => player(a, id)));
    // Players beat as real ones do, reporting the version they hold (faster than every 15 s here).
    const beating = setInterval(() => players.forEach((p) => heartbeat(p.socket, p.latest().version)), 500);
    try {
      await redis.kill();
      const res = await viaB('POST', '/api/schedule-entries', { id: 'cac-cong', playlistId: 'an-toan', targets: { groupIds: ['cac-cong'] }, layer: 'interrupt' });
      expect(res.statusCode).toBe(201);
      await redis.start();
      const want = new Map<string, string>();
      for (const id of ids) want.set(id, (await b.ctx.store.manifests.latest(id))!.version);
      await expect.poll(() => ids.filter((id, i) => players[i]!.latest().version !== want.get(id)), { timeout: 20_000 }).toEqual([]);
    } finally {
      clearInterval(beating);
    }
  }, 40_000);
});
