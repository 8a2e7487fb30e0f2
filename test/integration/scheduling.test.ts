import { systemActor } from '../../controller/services/actor.ts';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../playlists/manifest.ts';
import { segmentAt } from '../../playlists/timeline.ts';
import { adminApi } from '../helpers/api.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';
import { connect, connectError, nextEvent } from '../helpers/sockets.ts';

const NORTH = 'cua-ngo-phia-bac-ql14';
let c: TestController;
const sockets: Socket[] = [];
const api = adminApi(() => c);
const manifestOf = async (boardId: string) => (await c.ctx.store.manifests.latest(boardId))!;
const nowSegment = (m: Manifest) => segmentAt(m, Date.now())!;

async function player(boardId: string): Promise<{ socket: Socket; first: Manifest }> {
  const { token } = await c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(systemActor('test'), boardId)).grant, null);
  const socket = connect(c.url, '/player', { token });
  sockets.push(socket);
  return { socket, first: await nextEvent<Manifest>(socket, 'manifest') };
}

beforeAll(async () => {
  c = await startController();
  for (const [id, name, width, height] of [
    ['cua-ngo-phia-nam', 'Cửa ngõ phía Nam – Quốc lộ 14', 1216, 400],
    ['cua-ngo-phia-dong', 'Cửa ngõ phía Đông – Quốc lộ 26', 576, 288],
  ] as const) {
    expect((await api('POST', '/api/boards', { id, name, width, height })).statusCode).toBe(201);
  }
  expect((await api('PUT', '/api/groups/cua-ngo-nam', { name: 'Cửa ngõ phía Nam', boardIds: ['cua-ngo-phia-nam'] })).statusCode).toBe(200);
  expect((await api('POST', '/api/slides', { id: 'atgt', kind: 'text', text: 'Giảm tốc độ – Chú ý an toàn giao thông' })).statusCode).toBe(201);
  expect((await api('PUT', '/api/playlists/an-toan-giao-thong', { name: 'An toàn giao thông', items: [{ slideId: 'atgt' }] })).statusCode).toBe(200);
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.close();
});
afterAll(async () => {
  await c.close();
});

describe('schedule changes', () => {
  it('reach only the boards they affect', async () => {
    const north = await player(NORTH);
    const south = await player('cua-ngo-phia-nam');
    const east = await player('cua-ngo-phia-dong');
    const southGets = nextEvent<Manifest>(south.socket, 'manifest');
    const northGets: Manifest[] = [];
    const eastGets: Manifest[] = [];
    north.socket.on('manifest', (m: Manifest) => northGets.push(m));
    east.socket.on('manifest', (m: Manifest) => eastGets.push(m));

    const res = await api('POST', '/api/schedule-entries', { id: 'atgt-nam', playlistId: 'an-toan-giao-thong', targets: { groupIds: ['cua-ngo-nam'] }, layer: 'interrupt' });
    expect(res.statusCode).toBe(201);
    const m = await southGets;
    expect(nowSegment(m)).toMatchObject({ kind: 'play', layer: 'interrupt', entryIds: ['atgt-nam'] });

    // Barrier: a change for the east board only; when it arrives, anything for north would have too.
    const eastNext = nextEvent<Manifest>(east.socket, 'manifest');
    expect((await api('PATCH', '/api/boards/cua-ngo-phia-dong', { defaultPlaylistId: 'an-toan-giao-thong' })).statusCode).toBe(200);
    await eastNext;
    expect(northGets).toEqual([]);
    expect(eastGets).toHaveLength(1);
    expect((await api('DELETE', '/api/schedule-entries/atgt-nam')).statusCode).toBe(200);
  });

  it('reports overlapping entries of equal layer and priority as warnings, and rotates them together', async () => {
    const res = await api('POST', '/api/schedule-entries', { id: 'trung', playlistId: 'an-toan-giao-thong', targets: { boardIds: [NORTH] } });
    expect(res.statusCode).toBe(201);
    expect(res.json().warnings).toEqual([expect.objectContaining({ boardId: NORTH, otherEntryId: 'demo-hien-ke-2020' })]);
    expect(res.json().warnings[0].vi).toMatch(/luân phiên/);
    expect(nowSegment(await manifestOf(NORTH))).toMatchObject({ kind: 'play', layer: 'campaign', entryIds: ['demo-hien-ke-2020', 'trung'] });
    expect((await api('DELETE', '/api/schedule-entries/trung')).statusCode).toBe(200);
  });

  it('warns of an equal rival on each board the two share and overlap on, and of no other entry', async () => {
    const SOUTH = 'cua-ngo-phia-nam';
    const daily = (start: string, end: string) => ({ kind: 'daily', window: { start, end } });
    const others = [
      // Rotates with the new entry on the south board (through its group).
      { id: 'song-song', playlistId: 'an-toan-giao-thong', targets: { groupIds: ['cua-ngo-nam'] } },
      // Same layer and priority on the north board, but in the afternoon only: never overlaps.
      { id: 'buoi-chieu', playlistId: 'an-toan-giao-thong', targets: { boardIds: [NORTH] }, recurrence: daily('14:00', '16:00') },
      // Overlaps on the north board, but outranks it: no rotation.
      { id: 'uu-tien-cao', playlistId: 'an-toan-giao-thong', targets: { boardIds: [NORTH] }, priority: 60 },
      // An equal rival on a board the new entry does not reach.
      { id: 'phia-dong', playlistId: 'an-toan-giao-thong', targets: { boardIds: ['cua-ngo-phia-dong'] } },
    ];
    for (const e of others) expect((await api('POST', '/api/schedule-entries', e)).statusCode).toBe(201);
    const res = await api('POST', '/api/schedule-entries', { id: 'buoi-sang', playlistId: 'an-toan-giao-thong', targets: { boardIds: [NORTH], groupIds: ['cua-ngo-nam'] }, recurrence: daily('08:00', '10:00') });
    expect(res.statusCode).toBe(201);
    const warnings = (res.json() as { warnings: { boardId: string; otherEntryId: string; en: string }[] }).warnings;
    expect(warnings.map((w) => [w.boardId, w.otherEntryId])).toEqual([
      [NORTH, 'demo-hien-ke-2020'],
      [SOUTH, 'song-song'],
    ]);
    expect(warnings[1]!.en).toContain('Cửa ngõ phía Nam – Quốc lộ 14');
    // The same warnings when the entry is read back.
    expect(((await api('GET', '/api/schedule-entries/buoi-sang')).json() as { warnings: unknown[] }).warnings).toEqual(warnings);
    for (const id of ['buoi-sang', ...others.map((e) => e.id)]) expect((await api('DELETE', `/api/schedule-entries/${id}`)).statusCode).toBe(200);
  });

  it('previews what a board shows at an instant and lists its timeline', async () => {
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(
      (await api('POST', '/api/schedule-entries', { id: 'toi', playlistId: 'an-toan-giao-thong', targets: { boardIds: [NORTH] }, layer: 'interrupt', startDate: today, recurrence: { kind: 'daily', window: { start: '19:00', end: '21:00' } } })).statusCode,
    ).toBe(201);
    const at = new Date(`${today}T19:30:00+07:00`).toISOString();
    const p = (await api('GET', `/api/boards/${NORTH}/preview?at=${encodeURIComponent(at)}`)).json();
    expect(p).toMatchObject({ layer: 'interrupt', entryIds: ['toi'], slideId: 'atgt', black: false, imageUrl: expect.stringMatching(/^\/media\/[0-9a-f]{64}\.png$/) });
    const tl = (await api('GET', `/api/boards/${NORTH}/timeline?from=${encodeURIComponent(`${today}T00:00:00+07:00`)}&to=${encodeURIComponent(`${today}T23:59:59+07:00`)}`)).json();
    expect(tl.map((s: { from: string; layer: string }) => [s.from, s.layer])).toContainEqual([new Date(`${today}T19:00:00+07:00`).toISOString(), 'interrupt']);
    expect((await api('DELETE', '/api/schedule-entries/toi')).statusCode).toBe(200);
  });
});

describe('bad input is refused with 400 and changes nothing', () => {
  const cases: [string, unknown][] = [
    ['end before start', { startDate: '2026-07-30', endDate: '2026-07-01' }],
    ['zero-length window', { recurrence: { kind: 'daily', window: { start: '07:00', end: '07:00' } } }],
    ['unknown playlist', { playlistId: 'khong-co' }],
    ['unknown board', { targets: { boardIds: ['khong-co'] } }],
    ['unknown group', { targets: { groupIds: ['khong-co'] } }],
    ['invalid cron', { recurrence: { kind: 'cron', expression: '61 * * * *', durationMinutes: 30 } }],
    ['cron with seconds', { recurrence: { kind: 'cron', expression: '0 30 7 * * *', durationMinutes: 30 } }],
    ['priority out of range', { priority: 101 }],
    ['weekday 8', { recurrence: { kind: 'daily', weekdays: [8] } }],
    ['bad time', { recurrence: { kind: 'daily', window: { start: '24:00', end: '05:00' } } }],
  ];
  for (const [name, patch] of cases) {
    it(name, async () => {
      const before = { entries: (await api('GET', '/api/schedule-entries')).json(), version: (await manifestOf(NORTH)).version };
      const res = await api('POST', '/api/schedule-entries', { playlistId: 'an-toan-giao-thong', targets: { boardIds: [NORTH] }, ...(patch as object) });
      expect(res.statusCode).toBe(400);
      expect(res.json().message.length).toBeGreaterThan(10);
      expect(res.json().messageVi.length).toBeGreaterThan(10);
      expect((await api('GET', '/api/schedule-entries')).json()).toEqual(before.entries);
      expect((await manifestOf(NORTH)).version).toBe(before.version);
    });
  }

  it('targets among which one board or group does not exist: the first missing one is named, with its place in the list', async () => {
    const before = (await api('GET', '/api/schedule-entries')).json();
    const board = await api('POST', '/api/schedule-entries', { playlistId: 'an-toan-giao-thong', targets: { boardIds: [NORTH, 'cua-ngo-phia-nam', 'khong-co', 'cung-khong-co'], groupIds: ['khong-co-nhom'] } });
    expect(board.statusCode).toBe(400);
    expect(board.json()).toMatchObject({ message: 'No board "khong-co".', messageVi: 'Không có bảng "khong-co".', details: { path: 'targets.boardIds.2' } });
    const group = await api('POST', '/api/schedule-entries', { playlistId: 'an-toan-giao-thong', targets: { boardIds: [NORTH], groupIds: ['cua-ngo-nam', 'khong-co-nhom'] } });
    expect(group.statusCode).toBe(400);
    expect(group.json()).toMatchObject({ message: 'No board group "khong-co-nhom".', details: { path: 'targets.groupIds.1' } });
    expect((await api('GET', '/api/schedule-entries')).json()).toEqual(before);
  });

  it('an invalid time zone', async () => {
    const res = await api('PATCH', `/api/boards/${NORTH}`, { timeZone: 'Asia/Buon_Ma_Thuot' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('IANA time zone');
    expect((await api('GET', `/api/boards/${NORTH}`)).json().timeZone).toBe('Asia/Ho_Chi_Minh');
  });

  it('an emergency without expiry', async () => {
    const res = await api('POST', '/api/emergencies', { targets: { all: true }, text: 'Cảnh báo' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('needs an expiry');
    expect((await api('GET', '/api/emergencies')).json()).toEqual([]);
  });
});

describe('emergency and blackout', () => {
  it('are for admins, and operators only with the emergency duty', async () => {
    const { token } = await c.user('van-hanh', ['operator']);
    expect((await api('POST', '/api/blackouts', { targets: { all: true } }, token)).statusCode).toBe(403);
    expect((await api('POST', '/api/emergencies', { targets: { all: true }, text: 'x', durationMinutes: 5 }, token)).statusCode).toBe(403);
  });

  it('reach a connected player at once, persist across a restart, and end when cleared', async () => {
    const p = await player(NORTH);
    let pushed = nextEvent<Manifest>(p.socket, 'manifest');
    const em = await api('POST', '/api/emergencies', { targets: { boardIds: [NORTH] }, text: 'Cảnh báo: đường ngập, đề nghị đi đường khác', durationMinutes: 30, reason: 'mưa lớn' });
    expect(em.statusCode).toBe(201);
    expect(em.json().boards).toEqual([NORTH]);
    expect(nowSegment(await pushed)).toMatchObject({ kind: 'play', layer: 'emergency', entryIds: [em.json().id] });

    pushed = nextEvent<Manifest>(p.socket, 'manifest');
    const bo = await api('POST', '/api/blackouts', { targets: { groupIds: ['tat-ca-cua-ngo'] }, reason: 'nội dung lạ trên bảng' });
    expect(bo.statusCode).toBe(201);
    expect(nowSegment(await pushed)).toMatchObject({ kind: 'black', reason: 'blackout', overrideId: bo.json().id });
    p.socket.close();

    // Restart: a reconnecting player still gets the blackout (it is in the manifest).
    const dataDir = c.dataDir;
    await c.close({ keepData: true });
    c = await startController({ dataDir });
    const again = await player(NORTH);
    expect(nowSegment(again.first)).toMatchObject({ kind: 'black', reason: 'blackout' });

    pushed = nextEvent<Manifest>(again.socket, 'manifest');
    expect((await api('DELETE', `/api/blackouts/${bo.json().id}`)).statusCode).toBe(200);
    expect(nowSegment(await pushed)).toMatchObject({ kind: 'play', layer: 'emergency' });
    pushed = nextEvent<Manifest>(again.socket, 'manifest');
    expect((await api('DELETE', `/api/emergencies/${em.json().id}`)).statusCode).toBe(200);
    expect(nowSegment(await pushed)).toMatchObject({ kind: 'play', layer: 'campaign' });
  });
});

describe('truthful delivery state', () => {
  it('moves pending → delivered → ready → playing only as the player says so, live on /ops', async () => {
    const ops = connect(c.url, '/ops', { token: c.adminToken });
    sockets.push(ops);
    const snapshot = await nextEvent<{ id: string }[]>(ops, 'boards');
    expect(snapshot.map((b) => b.id)).toContain(NORTH);
    expect((await connectError(connect(c.url, '/ops', { token: 'lgt_nope' }))).message).toBe('unauthorized');

    const { token } = await c.ctx.services.pairing.redeemGrant((await c.ctx.services.pairing.createGrant(systemActor('test'), NORTH)).grant, null);
    const socket = connect(c.url, '/player', { token });
    sockets.push(socket);
    const m = await nextEvent<Manifest>(socket, 'manifest');
    const state = async () => (await api('GET', `/api/boards/${NORTH}/status`)).json();
    const opsState = (s: string) => nextEvent<{ id: string; delivery: { state: string } }>(ops, 'board', 5000, (b) => b.id === NORTH && b.delivery.state === s);

    // A new version arrives: the board is pending until its player acknowledges that version.
    const next = nextEvent<Manifest>(socket, 'manifest');
    expect((await api('PUT', `/api/boards/${NORTH}/display`, { brightness: [{ window: { start: '22:00', end: '05:00' }, level: 40 }] })).statusCode).toBe(200);
    const m2 = await next;
    expect(m2.version).not.toBe(m.version);
    expect(m2.brightness.length).toBeGreaterThan(0);
    expect((await state()).state).toBe('pending');

    let seen = opsState('delivered');
    socket.emit('ack', { version: m2.version, state: 'delivered' });
    await seen;
    expect((await state()).state).toBe('delivered');
    seen = opsState('ready');
    socket.emit('ack', { version: m2.version, state: 'ready' });
    await seen;
    seen = opsState('playing');
    socket.emit('heartbeat', { version: m2.version, slideId: 'khau-hieu', black: false, clockOffsetMs: 3, rttMs: 2, uptimeS: 10, screen: { width: 576, height: 288 }, userAgent: 'test', lastError: null });
    await seen;
    const s = await state();
    expect(s).toMatchObject({ state: 'playing', playingVersion: m2.version, heartbeat: { slideId: 'khau-hieu', clockOffsetMs: 3 } });
    expect(Date.parse(s.deliveredAt) <= Date.parse(s.readyAt) && Date.parse(s.readyAt) <= Date.parse(s.playingAt)).toBe(true);

    // An acknowledgement of an old version never makes the board look up to date.
    socket.emit('ack', { version: m.version, state: 'ready' });
    await expect.poll(async () => (await state()).readyVersion).toBe(m.version);
    expect((await state()).state).toBe('playing');
  });

  it('the board list and the live view give each board its own state, as its own page does', async () => {
    // Boards in different states at once: one playing, one delivered, one never compiled.
    const playing = await player('cua-ngo-phia-nam');
    playing.socket.emit('heartbeat', { version: playing.first.version, slideId: null, black: false, clockOffsetMs: 0, rttMs: 1, uptimeS: 1, screen: { width: 1216, height: 400 }, userAgent: 'test', lastError: null });
    const delivered = await player('cua-ngo-phia-dong');
    delivered.socket.emit('ack', { version: delivered.first.version, state: 'delivered' });
    expect((await api('POST', '/api/boards', { id: 'chua-bien-dich', name: 'Chưa biên dịch', width: 576, height: 288 })).statusCode).toBe(201);
    await c.ctx.store.sql.run('DELETE FROM manifests WHERE board_id = ?', 'chua-bien-dich');
    await expect.poll(async () => (await api('GET', '/api/boards/cua-ngo-phia-dong/status')).json().state).toBe('delivered');
    await expect.poll(async () => (await api('GET', '/api/boards/cua-ngo-phia-nam/status')).json().state).toBe('playing');

    const list = (await api('GET', '/api/boards')).json() as { id: string; delivery: { state: string; version: string | null } }[];
    const ops = connect(c.url, '/ops', { token: c.adminToken });
    sockets.push(ops);
    const live = await nextEvent<{ id: string; delivery: unknown }[]>(ops, 'boards');
    expect(list.map((b) => b.id).sort()).toEqual(live.map((b) => b.id).sort());
    // All but the heartbeat's age, which grows between the reads.
    const settled = (b: unknown) => {
      const { live, ...rest } = b as { live: { heartbeatAgeMs?: number } };
      return { ...rest, live: { ...live, heartbeatAgeMs: undefined } };
    };
    for (const b of list) {
      const own = settled((await api('GET', `/api/boards/${b.id}`)).json());
      expect(settled(b), b.id).toEqual(own);
      expect(settled(live.find((l) => l.id === b.id)), b.id).toEqual(own);
    }
    const byId = new Map(list.map((b) => [b.id, b.delivery]));
    expect(byId.get('cua-ngo-phia-nam')).toMatchObject({ state: 'playing', version: playing.first.version });
    expect(byId.get('cua-ngo-phia-dong')).toMatchObject({ state: 'delivered', version: delivered.first.version });
    expect(byId.get('chua-bien-dich')).toMatchObject({ state: 'unknown', version: null });
    expect((await api('DELETE', '/api/boards/chua-bien-dich')).statusCode).toBe(200);
  });
});
