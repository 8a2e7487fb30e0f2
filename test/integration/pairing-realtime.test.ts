import { systemActor } from '../../controller/services/actor.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Manifest } from '../../playlists/manifest.ts';
import { adminApi, playingNow } from '../helpers/api.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect, connectError, nextEvent } from '../helpers/sockets.ts';

const play = playingNow;

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
const sockets: Socket[] = [];
const open = (ns: string, auth?: Record<string, unknown>) => {
  const s = connect(c.url, ns, auth);
  sockets.push(s);
  return s;
};
const api = adminApi(() => c);

beforeAll(async () => {
  c = await startController();
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.close();
});
afterAll(async () => {
  await c.close();
});

async function pairWithCode(): Promise<{ token: string; boardId: string }> {
  const pairing = open('/pairing');
  const { code } = await nextEvent<{ code: string }>(pairing, 'pairing:code');
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
  const approved = nextEvent<{ token: string; boardId: string }>(pairing, 'pairing:approved');
  const res = await api('POST', '/api/pairings/approve', { code: code.toLowerCase(), boardId: BOARD });
  expect(res.statusCode).toBe(200);
  return approved;
}

describe('pairing', () => {
  it('gives a waiting player its token when an admin approves its code, and the token opens /player', async () => {
    const { token, boardId } = await pairWithCode();
    expect(boardId).toBe(BOARD);
    const player = open('/player', { token });
    const manifest = await nextEvent<Manifest>(player, 'manifest');
    expect(manifest.boardId).toBe(BOARD);
    expect(manifest.board).toMatchObject({ width: 576, height: 288 });
    expect(play(manifest).items.map((i) => i.slideId)[0]).toBe('khau-hieu');
  });

  it('stores the device token hashed only', async () => {
    const { token } = await pairWithCode();
    const raw = (await c.ctx.store.sql.column('SELECT token_hash FROM devices')) as string[];
    expect(raw.some((h) => h.includes(token))).toBe(false);
    expect(raw.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });

  it('refuses an unknown code with a message saying what to do', async () => {
    const res = await api('POST', '/api/pairings/approve', { code: 'ZZZ-999', boardId: BOARD });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/Read the code on the board's screen again/);
    expect(res.json().messageVi).toMatch(/mã/);
  });

  it('refuses a badly formed code and an unknown board with 4xx, pairing nothing', async () => {
    const before = (await c.ctx.store.sql.value('SELECT COUNT(*) FROM devices'));
    expect((await api('POST', '/api/pairings/approve', { code: '!!', boardId: BOARD })).statusCode).toBe(400);
    const pairing = open('/pairing');
    const { code } = await nextEvent<{ code: string }>(pairing, 'pairing:code');
    const res = await api('POST', '/api/pairings/approve', { code, boardId: 'khong-co-bang' });
    expect(res.statusCode).toBe(404);
    expect((await c.ctx.store.sql.value('SELECT COUNT(*) FROM devices'))).toBe(before);
  });

  it('redeems a one-time grant once, and only once', async () => {
    const grant = await api('POST', `/api/boards/${BOARD}/grants`, {});
    expect(grant.statusCode).toBe(201);
    const g = new URL(grant.json().url).searchParams.get('grant')!;
    const first = await c.app.inject({ method: 'POST', url: '/player-api/grants/redeem', payload: { grant: g } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ boardId: BOARD, token: expect.stringMatching(/^lgd_/) });
    const again = await c.app.inject({ method: 'POST', url: '/player-api/grants/redeem', payload: { grant: g } });
    expect(again.statusCode).toBe(401);
    expect(again.json().message).toMatch(/used already or has expired/);
  });
});

describe('the /player namespace', () => {
  it('refuses a socket without a token or with a made-up one', async () => {
    expect((await connectError(open('/player'))).message).toBe('unauthorized');
    expect((await connectError(open('/player', { token: 'lgd_not-a-real-token-at-all' }))).message).toBe('unauthorized');
  });

  it('cuts a revoked device off at once and refuses it afterwards', async () => {
    const { token } = await pairWithCode();
    const player = open('/player', { token });
    await nextEvent(player, 'manifest');
    const device = (await c.ctx.services.pairing.authenticateDevice(token))!;
    const disconnected = nextEvent(player, 'disconnect');
    const res = await api('POST', `/api/devices/${device.deviceId}/revoke`);
    expect(res.statusCode).toBe(200);
    await disconnected;
    expect((await connectError(open('/player', { token }))).message).toBe('unauthorized');
  });

  it('pushes a new manifest version when the playlist changes, and records the acknowledgements', async () => {
    const { token } = await pairWithCode();
    const player = open('/player', { token });
    const first = await nextEvent<Manifest>(player, 'manifest');

    const created = await api('POST', '/api/slides', { id: 'thu-nghiem', kind: 'text', text: 'Chào mừng đến Buôn Ma Thuột', durationSeconds: 6 });
    expect(created.statusCode).toBe(201);
    const pushed = nextEvent<Manifest>(player, 'manifest');
    const put = await api('PUT', '/api/playlists/hien-ke-2020', { name: 'Thử nghiệm', items: [{ slideId: 'thu-nghiem' }, { slideId: 'khau-hieu' }] });
    expect(put.statusCode).toBe(200);
    const second = await pushed;
    expect(second.version).not.toBe(first.version);
    expect(play(second).items.map((i) => i.slideId)).toEqual(['thu-nghiem', 'khau-hieu']);
    expect(play(second).items[0]!.durationMs).toBe(6000);

    // Truthful delivery: pending until the player itself says it holds and has cached it.
    const state = async () => (await api('GET', `/api/boards/${BOARD}`)).json().delivery;
    expect((await state()).state).toBe('pending');
    player.emit('ack', { version: second.version, state: 'delivered' });
    await expect.poll(async () => (await state()).state).toBe('delivered');
    player.emit('ack', { version: second.version, state: 'ready' });
    await expect.poll(async () => (await state()).state).toBe('ready');
    expect((await state()).readyAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('serves each rendition at an immutable, content-addressed URL', async () => {
    const manifest = (await api('GET', `/api/boards/${BOARD}/manifest`)).json() as Manifest;
    const item = play(manifest).items[0]!;
    if (item.type === 'clock') throw new Error('expected a picture');
    const res = await fetch(`${c.url}${item.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const bytes = Buffer.from(await res.arrayBuffer());
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(item.sha256);
    expect((await fetch(`${c.url}/media/${'0'.repeat(64)}.png`)).status).toBe(404);
    // Traversal attempts never reach the file system (the URL parser would fold a plain "..").
    for (const url of ['/media/..%2fledgate.sqlite', '/media/%2e%2e%2fledgate.sqlite', `/media/${item.sha256}.png%00.txt`]) {
      expect((await c.app.inject({ method: 'GET', url })).statusCode, url).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('proof of play over the socket', () => {
  it('stores each record once, whole milliseconds, and drops what is not this board’s', async () => {
    const { token } = await c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(systemActor('test'), BOARD)).grant, null);
    const player = open('/player', { token });
    await nextEvent(player, 'manifest');
    const t = Date.UTC(2026, 10, 26, 1, 0, 0);
    const rec = (i: number, over: object = {}) => ({ id: `pop-test-${i}`, boardId: BOARD, slideId: 'khau-hieu', sha256: 'a'.repeat(64), layer: 'campaign', entryIds: ['demo-hien-ke-2020'], playlistId: 'hien-ke-2020', startedAt: t + i * 10_000 + 0.5, endedAt: t + i * 10_000 + 9_999.5, ...over });
    const batch = [rec(1), rec(2), rec(3, { boardId: 'bang-khac' }), rec(4, { sha256: 'not a hash' })];
    const send = () => new Promise<string[]>((resolve) => player.emit('pop', batch, resolve));
    // Every record is answered (so the box forgets it), but only this board's valid ones are kept.
    expect(await send()).toEqual(batch.map((r) => r.id));
    expect(await send()).toEqual(batch.map((r) => r.id)); // a lost acknowledgement: sent again
    const plays = (await api('GET', `/api/boards/${BOARD}/plays?from=${new Date(t).toISOString()}&to=${new Date(t + 60_000).toISOString()}`)).json();
    expect(plays.map((p: { id: string }) => p.id)).toEqual(['pop-test-1', 'pop-test-2']);
    expect(plays[0]).toMatchObject({ slideId: 'khau-hieu', playlistId: 'hien-ke-2020', entryIds: ['demo-hien-ke-2020'], startedAt: new Date(t + 10_001).toISOString() });
  });
});
