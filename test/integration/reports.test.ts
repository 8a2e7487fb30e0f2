// The campaign report from what boards reported: showings and airtime per board and local day equal
// the proof-of-play records; hours online, stale, offline and unknown follow the heartbeats exactly;
// the rollups, a repair and the raw records' retention never change a figure; deleting the slide,
// the playlist or the board never changes a past report.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../playlists/api/reports.ts';
import type { PlayRecord } from '../../playlists/protocol.ts';
import { dayBounds } from '../../playlists/report-time.ts';
import { systemActor } from '../../controller/services/actor.ts';
import { DEMO_BOARD, DEMO_GROUP_ID } from '../../controller/services/bootstrap.ts';
import type { TestController } from '../helpers/controller.ts';
import { startController } from '../helpers/controller.ts';
import { cli } from '../helpers/cli.ts';

const ZONE = 'Asia/Ho_Chi_Minh';
const DAY1 = '2026-07-01';
const DAY2 = '2026-07-02';
const SHA = 'a'.repeat(64);
const SHA2 = 'b'.repeat(64);
const admin = systemActor('test');

let c: TestController;
let clock: number;
const device = { kind: 'device' as const, deviceId: 'hop-phat-1', boardId: DEMO_BOARD.id, ip: null };
const beat = (black = false, layer: string | null = 'campaign') => ({ version: null, slideId: 'khau-hieu', black, clockOffsetMs: 0, rttMs: 1, uptimeS: 1, screen: { width: 576, height: 288 }, userAgent: 't', lastError: null, layer, blackReason: black ? 'power-off' : null });
let seq = 0;
const record = (slideId: string, startedAt: number, seconds: number, o: Partial<PlayRecord> = {}): PlayRecord => ({
  id: `rec-${(seq += 1).toString().padStart(6, '0')}`,
  boardId: DEMO_BOARD.id,
  slideId,
  sha256: SHA,
  layer: 'campaign',
  entryIds: ['demo-hien-ke-2020'],
  playlistId: 'hien-ke-2020',
  startedAt,
  endedAt: startedAt + seconds * 1000,
  ...o,
});

beforeEach(async () => {
  seq = 0;
  clock = dayBounds(DAY1, ZONE).start + 8 * 3_600_000; // 08:00 on day 1
  c = await startController({ listen: false, now: () => clock });
});
afterEach(() => c.close());

const report = async (query: string): Promise<Report> => {
  const res = await c.app.inject({ method: 'GET', url: `/api/reports?${query}`, headers: { authorization: `Bearer ${c.adminToken}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
};
const send = async (records: PlayRecord[]) => {
  // The records arrive as a player sends them: checked against the controller's clock.
  clock = Math.max(clock, ...records.map((r) => r.endedAt));
  expect(await c.ctx.services.telemetry.playRecords(device, records)).toHaveLength(records.length);
};

describe('the report', () => {
  it('counts each showing and its airtime per board and local day, a slide’s share of lit time, and what is in the campaign', async () => {
    const d1 = dayBounds(DAY1, ZONE).start;
    const d2 = dayBounds(DAY2, ZONE).start;
    await send([
      record('khau-hieu', d1 + 9 * 3_600_000, 12),
      record('khau-hieu', d1 + 9 * 3_600_000 + 12_000, 12),
      record('fanpage', d1 + 9 * 3_600_000 + 24_000, 8),
      // 23:59:55 local on day 1: belongs to day 1 though it ends on day 2 (and at 16:59:55 UTC).
      record('khau-hieu', d2 - 5_000, 12),
      // Not the campaign's: an emergency slide shown from no playlist.
      record('khan-cap-1', d2 + 3_600_000, 30, { layer: 'emergency', playlistId: undefined, entryIds: [], sha256: SHA2 }),
    ]);
    const all = await report(`from=${DAY1}&to=${DAY2}&boardId=${DEMO_BOARD.id}`);
    const board = all.boards[0]!;
    expect(board.boardName).toBe(DEMO_BOARD.name);
    expect(board.days.map((d) => [d.day, d.showings, d.airtimeMs])).toEqual([
      [DAY1, 4, 44_000],
      [DAY2, 1, 30_000],
    ]);
    expect(board.days[0]!.slides).toEqual([
      { slideId: 'khau-hieu', title: 'Khẩu hiệu tuyên truyền', sha256: SHA, showings: 3, airtimeMs: 36_000 },
      { slideId: 'fanpage', title: 'Trang Fanpage của Cuộc vận động', sha256: SHA, showings: 1, airtimeMs: 8_000 },
    ]);
    expect(all.totals).toMatchObject({ showings: 5, airtimeMs: 74_000, litMs: 74_000, share: 1 });

    const campaign = await report(`from=${DAY1}&to=${DAY2}&campaignId=hien-ke-2020`);
    expect(campaign.scope).toMatchObject({ kind: 'campaign', id: 'hien-ke-2020' });
    expect(campaign.scope.name).toContain('Hiến kế');
    const b = campaign.boards.find((x) => x.boardId === DEMO_BOARD.id)!;
    expect(b.days[1]).toMatchObject({ showings: 0, airtimeMs: 0, litMs: 30_000, share: 0 });
    expect(b.totals).toMatchObject({ showings: 4, airtimeMs: 44_000, litMs: 74_000 });
    expect(b.totals.share).toBeCloseTo(44 / 74, 10);

    const playlist = await report(`from=${DAY1}&to=${DAY1}&playlistId=hien-ke-2020`);
    expect(playlist.totals).toMatchObject({ showings: 4, airtimeMs: 44_000 });
  });

  it('gives the same figures rolled up again, after a repair of a drifted rollup, with a late record, and once raw records are past retention; deleting the slide, playlist and board changes nothing', async () => {
    const d1 = dayBounds(DAY1, ZONE).start;
    await send(Array.from({ length: 50 }, (_, i) => record(i % 2 ? 'khau-hieu' : 'ten-cuoc-van-dong', d1 + 10 * 3_600_000 + i * 10_000, 10)));
    const q = `from=${DAY1}&to=${DAY1}&campaignId=hien-ke-2020`;
    const before = await report(q);
    expect(before.totals.showings).toBe(50);

    // Rolled up again from the raw records (the nightly job, a repair): the same figures.
    const strip = (r: Report) => ({ ...r, generatedAt: '' });
    expect(await c.ctx.services.reports.rollUp(DAY1, DAY1)).toEqual({ boardDays: 1, rows: 2 });
    expect(strip(await report(q))).toEqual(strip(before));
    // A rollup that drifted (a restored backup, a bug) is put right by rolling it up again.
    (await c.ctx.store.sql.run('UPDATE play_daily SET showings = 0, airtime_ms = 0'));
    expect((await report(q)).totals.showings).toBe(0);
    // The nightly check (the next morning) finds it and rolls that day up again; then all is well.
    const saved = clock;
    clock = dayBounds(DAY2, ZONE).start + 40 * 60_000;
    expect(await c.ctx.services.reports.checkRecentDays()).toMatchObject({ boardDays: 1, rows: 2 });
    expect(await c.ctx.services.reports.checkRecentDays()).toMatchObject({ boardDays: 0 });
    clock = saved;
    expect(strip(await report(q))).toEqual(strip(before));

    // A record arriving late for an earlier day (a box back from offline) counts at once.
    await send([record('khau-hieu', d1 + 20 * 3_600_000, 10)]);
    const withLate = await report(q);
    expect(withLate.totals.showings).toBe(51);
    expect(withLate.totals.airtimeMs).toBe(before.totals.airtimeMs + 10_000);

    // 91 days later the raw records go; the rollups stay, and a repair cannot empty them.
    clock += 91 * 86_400_000;
    expect(await c.ctx.services.reports.pruneRaw(20)).toBe(51);
    expect((await c.ctx.services.reports.rollUp(DAY1, DAY1)).boardDays).toBe(0);
    const late = await report(q);
    expect(late.boards.find((b) => b.boardId === DEMO_BOARD.id)!.days[0]!.slides).toEqual(withLate.boards.find((b) => b.boardId === DEMO_BOARD.id)!.days[0]!.slides);

    const s = c.ctx.services;
    await s.schedule.deleteEntry(admin, 'demo-hien-ke-2020');
    await s.schedule.deleteGroup(admin, DEMO_GROUP_ID);
    await s.content.deletePlaylist(admin, 'hien-ke-2020');
    await s.content.deleteSlide(admin, 'khau-hieu');
    await s.content.deleteSlide(admin, 'ten-cuoc-van-dong');
    await s.boards.delete(admin, DEMO_BOARD.id);
    const afterDelete = await report(q);
    const gone = afterDelete.boards.find((b) => b.boardId === DEMO_BOARD.id)!;
    expect(gone.boardName).toBe(DEMO_BOARD.name);
    expect(gone.totals.showings).toBe(51);
    expect(gone.days[0]!.slides.map((s) => s.title)).toEqual(['Khẩu hiệu tuyên truyền', 'Tên Cuộc vận động']);
  });

  it('divides the board’s time exactly into online, stale, offline, dark and unknown (the controller’s own downtime)', async () => {
    const d1 = dayBounds(DAY1, ZONE).start;
    const h = c.ctx.services.history;
    // Before the first heartbeat nothing is known. 08:00: heard, playing; beats every 15 s to 09:00.
    for (let t = d1 + 8 * 3_600_000; t <= d1 + 9 * 3_600_000; t += 15_000) {
      clock = t;
      await c.ctx.services.telemetry.heartbeat(device, beat());
      if ((t / 15_000) % 20 === 0) await h.sweep();
    }
    // Silent from 09:00: stale at 09:00:45, offline at 09:02, seen by a sweep at 09:30.
    clock = d1 + 9.5 * 3_600_000;
    await h.sweep();
    // 10:00: back, in a scheduled power-off (black) until 11:00.
    for (let t = d1 + 10 * 3_600_000; t <= d1 + 11 * 3_600_000; t += 15_000) {
      clock = t;
      await c.ctx.services.telemetry.heartbeat(device, beat(true));
    }
    // The controller is down from 11:00:05 to 13:00 (the board beats on, unheard).
    clock = d1 + 11 * 3_600_000 + 5_000;
    await h.sweep();
    clock = d1 + 13 * 3_600_000;
    await h.start();
    for (let t = d1 + 13 * 3_600_000 + 3_000; t <= d1 + 14 * 3_600_000; t += 15_000) {
      clock = t;
      await c.ctx.services.telemetry.heartbeat(device, beat());
    }
    clock = d1 + 14 * 3_600_000;

    const r = await report(`from=${DAY1}&to=${DAY1}&boardId=${DEMO_BOARD.id}`);
    const day = r.boards[0]!.days[0]!;
    const min = 60_000;
    expect(day.onlineMs).toBe(60 * min + 45_000 + 60 * min + 5_000 + 60 * min - 3_000);
    expect(day.staleMs).toBe(75_000);
    expect(day.offlineMs).toBe(58 * min);
    expect(day.darkMs).toBe(60 * min + 5_000);
    expect(day.unknownMs).toBe(8 * 3_600_000 + 2 * 3_600_000 - 5_000 + 3_000);
    expect(day.onlineMs + day.staleMs + day.offlineMs + day.unknownMs).toBe(14 * 3_600_000);
  });

  it('counts a restart as unknown from the last thing heard, even a heartbeat after the controller’s last sign of life', async () => {
    const d1 = dayBounds(DAY1, ZONE).start;
    const h = c.ctx.services.history;
    clock = d1 + 8 * 3_600_000;
    await c.ctx.services.telemetry.heartbeat(device, beat());
    await h.sweep();
    // 3 s after the last sweep the board powers off, and the controller dies before its next sweep.
    clock += 3_000;
    await c.ctx.services.telemetry.heartbeat(device, beat(true));
    clock = d1 + 16 * 3_600_000;
    await h.start();
    const day = (await report(`from=${DAY1}&to=${DAY1}&boardId=${DEMO_BOARD.id}`)).boards[0]!.days[0]!;
    // Not eight hours "online and dark": nobody could tell.
    expect(day.darkMs).toBe(0);
    expect(day.onlineMs).toBe(3_000);
    expect(day.unknownMs).toBe(16 * 3_600_000 - 3_000);
  });

  it('counts nothing as unknown when another process takes the jobs over while boards are heard', async () => {
    const d1 = dayBounds(DAY1, ZONE).start;
    const h = c.ctx.services.history;
    // Process A runs the jobs and hears the board from 08:00; A dies at 09:00 just after a sweep.
    for (let t = d1 + 8 * 3_600_000; t <= d1 + 9 * 3_600_000; t += 15_000) {
      clock = t;
      await c.ctx.services.telemetry.heartbeat(device, beat());
      await h.sweep();
    }
    // Process B hears the board on (a heartbeat through it every 15 s) and takes the jobs at 09:00:40.
    for (let t = d1 + 9 * 3_600_000 + 15_000; t <= d1 + 9 * 3_600_000 + 30_000; t += 15_000) {
      clock = t;
      await c.ctx.services.telemetry.heartbeat(device, beat());
    }
    clock = d1 + 9 * 3_600_000 + 40_000;
    await h.start();
    for (let t = d1 + 9 * 3_600_000 + 45_000; t <= d1 + 10 * 3_600_000; t += 15_000) {
      clock = t;
      await c.ctx.services.telemetry.heartbeat(device, beat());
      await h.sweep();
    }
    const day = (await report(`from=${DAY1}&to=${DAY1}&boardId=${DEMO_BOARD.id}`)).boards[0]!.days[0]!;
    expect(day.unknownMs).toBe(8 * 3_600_000);
    expect(day.onlineMs).toBe(2 * 3_600_000);
    expect(day.staleMs + day.offlineMs).toBe(0);
  });

  it('ends as unknown the history of a board made again under the id of a deleted one', async () => {
    const board = { id: 'bang-tam', name: 'Bảng tạm', width: 576, height: 288, timeZone: ZONE, pitchMm: 10 };
    const s = c.ctx.services;
    await s.boards.create(admin, board);
    await s.telemetry.heartbeat({ ...device, boardId: board.id }, beat());
    expect((await c.ctx.store.history.open(board.id))?.state).toBe('playing');
    await s.boards.delete(admin, board.id);
    await s.boards.create(admin, board);
    clock += 1_000;
    await s.history.sweep();
    expect(await c.ctx.store.history.open(board.id)).toMatchObject({ state: 'unknown', startedAt: clock });
  });

  it('follows the configured thresholds: the board list, the history and the report agree', async () => {
    await c.close();
    const d1 = dayBounds(DAY1, ZONE).start;
    clock = d1 + 8 * 3_600_000;
    c = await startController({ listen: false, now: () => clock, liveThresholds: { onlineMs: 60_000, staleMs: 300_000 } });
    await c.ctx.services.telemetry.heartbeat(device, beat());
    const state = async () => (await c.ctx.services.boards.status(DEMO_BOARD.id)).live.state;
    clock += 50_000;
    expect(await state()).toBe('playing');
    clock += 20_000;
    expect(await state()).toBe('stale');
    await c.ctx.services.history.sweep();
    clock += 240_000;
    expect(await state()).toBe('offline');
    await c.ctx.services.history.sweep();
    const day = (await report(`from=${DAY1}&to=${DAY1}&boardId=${DEMO_BOARD.id}`)).boards[0]!.days[0]!;
    expect([day.onlineMs, day.staleMs, day.offlineMs]).toEqual([60_000, 240_000, 10_000]);
  });

  it('refuses a bad period or scope in both languages, and an unknown campaign or board', async () => {
    const bad = async (query: string, status: number) => {
      const res = await c.app.inject({ method: 'GET', url: `/api/reports?${query}`, headers: { authorization: `Bearer ${c.adminToken}` } });
      expect(res.statusCode, query).toBe(status);
      const body = res.json() as { message: string; messageVi: string };
      expect(body.message.length).toBeGreaterThan(5);
      expect(body.messageVi.length).toBeGreaterThan(5);
      return body;
    };
    expect((await bad(`from=${DAY2}&to=${DAY1}`, 400)).messageVi).toContain('ngày kết thúc');
    await bad('from=2026-01-01&to=2027-06-01', 400);
    await bad('from=01/07/2026&to=2026-07-02', 400);
    await bad(`from=${DAY1}&to=${DAY2}&campaignId=hien-ke-2020&playlistId=hien-ke-2020`, 400);
    await bad(`from=${DAY1}&to=${DAY2}&campaignId=khong-co`, 404);
    await bad(`from=${DAY1}&to=${DAY2}&boardId=khong-co`, 404);
  });

  it('is written by the command line (dates as staff write them), and a bad date is refused in both languages', async () => {
    const d1 = dayBounds(DAY1, ZONE).start;
    await send([record('khau-hieu', d1 + 9 * 3_600_000, 12), record('fanpage', d1 + 9 * 3_600_000 + 12_000, 8)]);
    const out = path.join(c.dataDir, 'bao-cao.csv');
    const r = await cli(c.dataDir, 'report', '--from', '01/07/2026', '--to', '01/07/2026', '--format', 'csv', '--campaign', 'hien-ke-2020', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(out);
    const csv = fs.readFileSync(out, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('Khẩu hiệu tuyên truyền');
    expect(csv).toContain(DEMO_BOARD.name);

    const bad = await cli(c.dataDir, 'report', '--from', '31/02/2026', '--to', '01/03/2026');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--from/);
    const reversed = await cli(c.dataDir, 'report', '--from', '02/07/2026', '--to', '01/07/2026');
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toContain('ngày kết thúc phải sau');
    expect(reversed.stderr).toContain('the last day must be on or after the first');
  });
});
