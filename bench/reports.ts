// Reports at a year's scale (issue 11): 100 boards, a year of daily rollups and 30 days of raw
// proof of play (≈ 32 million showings at 8-second slides), plus each board's status history.
// Measures: proof-of-play ingest through the real path (the player's batches: checks, copying the
// slide's words in, growing the day's rollup), rolling up again over 1,000 board-days of 10,800
// records each (the rows and the work of one day of 1,000 boards), the monthly and yearly reports,
// and the database file's size.
// Run: node --import tsx bench/reports.ts [boards]   (npm run bench:reports; boards defaults to 100)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PlayRecord } from '../playlists/protocol.ts';
import { dayBounds, localDay } from '../playlists/report-time.ts';
import { startController } from '../test/helpers/controller.ts';
import { percentile } from './fixtures.ts';

const BOARDS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 100;
// --reports-only: no raw records (a quick look at the reports' speed while working on them).
const REPORTS_ONLY = process.argv.includes('--reports-only');
const RAW_DAYS = 30;
const YEAR_DAYS = 365;
const SLIDE_MS = 8000;
const PER_DAY = 86_400_000 / SLIDE_MS; // 10,800 showings a board a day
const SLIDES = ['khau-hieu', 'ten-cuoc-van-dong', 'dong-gop-hien-ke', 'cong-thong-tin', 'fanpage'];
const ZONE = 'Asia/Ho_Chi_Minh';
const TARGETS = { ingestPerS: 20_000, rollupS: 10, yearlyMs: 2000, monthlyMs: 200 };

const cpus = os.cpus();
console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${new Date().toISOString()}`);

// "Today" is 2026-11-26 in Buôn Ma Thuột; the year ends yesterday.
const today = '2026-11-26';
let clock = dayBounds(today, ZONE).start + 6 * 3_600_000;
const c = await startController({ listen: false, now: () => clock });
const { services, store } = c.ctx;
// The year of data is written straight into the SQLite file (bench:reports measures the embedded default).
const db = store.db;
if (!db) throw new Error('bench:reports writes its year of data into SQLite: run it without DATABASE_URL');
const ms = (t0: number) => performance.now() - t0;

try {
  // Boards, each with a paired device.
  for (let b = 0; b < BOARDS; b++) await store.boards.insert({ id: `bang-${b}`, name: `Bảng ${b + 1}`, width: 576, height: 288, timeZone: ZONE, pitchMm: 10 }, clock);
  const first = dayBounds(today, ZONE).start - YEAR_DAYS * 86_400_000;
  const rawFirst = dayBounds(today, ZONE).start - RAW_DAYS * 86_400_000;

  // 1. Ingest through the player's path: batches of 500, as boxes send them (the clock moves on a
  //    minute between rounds, as it would; each device's allowance refills).
  const INGEST = Math.min(1_000_000, BOARDS * 10_000);
  let made = 0;
  const batchSamples: number[] = [];
  let ingestMs = 0;
  while (made < INGEST) {
    for (let b = 0; b < BOARDS && made < INGEST; b++) {
      const device = { kind: 'device' as const, deviceId: `hop-${b}`, boardId: `bang-${b}`, ip: null };
      const batch: PlayRecord[] = [];
      for (let i = 0; i < 500; i++) {
        const n = made + i;
        const startedAt = clock - 3_600_000 + (n % 400) * SLIDE_MS;
        batch.push({ id: `ingest-${n}`, boardId: device.boardId, slideId: SLIDES[n % SLIDES.length]!, sha256: 'c'.repeat(64), layer: 'campaign', entryIds: ['demo-hien-ke-2020'], playlistId: 'hien-ke-2020', startedAt, endedAt: startedAt + SLIDE_MS });
      }
      const t0 = performance.now();
      await services.telemetry.playRecords(device, batch);
      const t = ms(t0);
      ingestMs += t;
      batchSamples.push(t);
      made += 500;
    }
    clock += 60_000;
  }
  batchSamples.sort((a, b) => a - b);
  const ingestPerS = (made / ingestMs) * 1000;
  console.log(`ingest: ${made.toLocaleString('en')} records in ${(ingestMs / 1000).toFixed(1)} s = ${Math.round(ingestPerS).toLocaleString('en')} records/s (batch of 500: p50 ${percentile(batchSamples, 50).toFixed(1)} ms, p99 ${percentile(batchSamples, 99).toFixed(1)} ms) — target ≥ ${TARGETS.ingestPerS.toLocaleString('en')}/s`);
  db.exec("DELETE FROM proof_of_play WHERE id LIKE 'ingest-%'; DELETE FROM play_daily;");

  // 2. Thirty days of raw records, generated in SQL (the same rows the ingest writes).
  let t0 = performance.now();
  const RAW = REPORTS_ONLY ? 0 : RAW_DAYS;
  const fill = db.prepare(`
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
    INSERT INTO proof_of_play (id, board_id, device_id, slide_id, sha256, layer, entry_ids, playlist_id, started_at, ended_at, received_at, slide_title, campaign_id, playlist_name, board_name, day)
    SELECT ? || '-' || i, ?, ?, 'slide-' || (i % 5), printf('%064d', i % 5), 'campaign', '["demo-hien-ke-2020"]', 'hien-ke-2020',
           ? + i * ${SLIDE_MS}, ? + i * ${SLIDE_MS} + ${SLIDE_MS}, ? + i * ${SLIDE_MS}, 'Khẩu hiệu ' || (i % 5), 'hien-ke-2020', 'Cuộc vận động Hiến kế 2020', ?,
           date((? + i * ${SLIDE_MS}) / 1000 + 7 * 3600, 'unixepoch')
      FROM n`);
  db.transaction(() => {
    for (let b = 0; b < BOARDS && RAW > 0; b++) fill.run(RAW_DAYS * PER_DAY - 1, `r${b}`, `bang-${b}`, `hop-${b}`, rawFirst, rawFirst, rawFirst, `Bảng ${b + 1}`, rawFirst);
  })();
  const raw = db.prepare('SELECT COUNT(*) FROM proof_of_play').pluck().get() as number;
  console.log(`generated ${raw.toLocaleString('en')} raw records (${BOARDS} boards × ${RAW_DAYS} days × ${PER_DAY.toLocaleString('en')}) in ${(ms(t0) / 1000).toFixed(0)} s`);

  // 3. Rolling up again from the raw records (the nightly job, a repair) over 1,000 board-days: 10
  //    days of 100 boards, 10.8 million records — the rows and the work of one day of 1,000 boards.
  const rollDays = Math.ceil(1000 / BOARDS);
  const lastRaw = localDay(dayBounds(today, ZONE).start - 1, ZONE);
  const firstRoll = localDay(dayBounds(today, ZONE).start - Math.min(rollDays, RAW_DAYS) * 86_400_000, ZONE);
  t0 = performance.now();
  const rolled = await services.reports.rollUp(firstRoll, lastRaw);
  const rollMs = ms(t0);
  console.log(`full roll-up (a repair): ${rolled.boardDays} board-days (${(rolled.boardDays * PER_DAY).toLocaleString('en')} records) → ${rolled.rows} rows in ${(rollMs / 1000).toFixed(2)} s — target ≤ ${TARGETS.rollupS} s for one day of 1,000 boards`);
  // The nightly job: the same 1,000 board-days checked against their rollups (none drifted).
  t0 = performance.now();
  const checked = (await store.plays.driftedDays(firstRoll, lastRaw)).length;
  const checkMs = ms(t0);
  console.log(`nightly check: ${rolled.boardDays} board-days (${(rolled.boardDays * PER_DAY).toLocaleString('en')} records) against their rollups in ${(checkMs / 1000).toFixed(2)} s, ${checked} drifted — target ≤ ${TARGETS.rollupS} s for one day of 1,000 boards`);
  // The rest of the raw days, and the year before them, rolled up (generated as rollups directly).
  await services.reports.rollUp(localDay(rawFirst, ZONE), lastRaw);
  const daily = db.prepare(`
    WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < ?), s(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM s WHERE j < 4)
    INSERT OR IGNORE INTO play_daily (board_id, day, slide_id, sha256, playlist_id, layer, campaign_id, slide_title, playlist_name, board_name, showings, airtime_ms)
    SELECT ?, date((? + k * 86400000) / 1000 + 7 * 3600, 'unixepoch'), 'slide-' || j, printf('%064d', j), 'hien-ke-2020', 'campaign', 'hien-ke-2020', 'Khẩu hiệu ' || j,
           'Cuộc vận động Hiến kế 2020', ?, ${PER_DAY / 5}, ${(PER_DAY / 5) * SLIDE_MS}
      FROM d, s`);
  const history = db.prepare('INSERT INTO board_intervals (board_id, state, started_at, ended_at) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let b = 0; b < BOARDS; b++) {
      daily.run(YEAR_DAYS - RAW - 1, `bang-${b}`, first, `Bảng ${b + 1}`);
      // Each day: playing 05:00–22:00 with an hour offline at noon, powered off at night.
      for (let k = 0; k < YEAR_DAYS; k++) {
        const d0 = first + k * 86_400_000;
        history.run(`bang-${b}`, 'power-off', d0 - 2 * 3_600_000, d0 + 5 * 3_600_000);
        history.run(`bang-${b}`, 'playing', d0 + 5 * 3_600_000, d0 + 12 * 3_600_000);
        history.run(`bang-${b}`, 'stale', d0 + 12 * 3_600_000, d0 + 12 * 3_600_000 + 75_000);
        history.run(`bang-${b}`, 'offline', d0 + 12 * 3_600_000 + 75_000, d0 + 13 * 3_600_000);
        history.run(`bang-${b}`, 'playing', d0 + 13 * 3_600_000, d0 + 22 * 3_600_000);
      }
    }
  })();
  db.exec('ANALYZE');

  // 4. The reports, as the API computes them (all boards, the campaign's scope).
  const time = async (from: string, to: string, runs: number) => {
    const samples: number[] = [];
    let showings = 0;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      showings = (await services.reports.report({ from, to, campaignId: 'hien-ke-2020', boardId: undefined, playlistId: undefined })).totals.showings;
      samples.push(ms(s));
    }
    samples.sort((a, b) => a - b);
    return { p50: percentile(samples, 50), max: samples[samples.length - 1]!, showings };
  };
  const yesterday = localDay(dayBounds(today, ZONE).start - 1, ZONE);
  if (process.argv.includes('--parts')) {
    // Where a yearly report's time goes (for work on the report itself).
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      const rows = await store.plays.daily(localDay(first, ZONE), yesterday, null);
      const dailyMs = ms(t);
      t = performance.now();
      let n = 0;
      for (let b = 0; b < BOARDS; b++) n += (await store.history.overlapping(`bang-${b}`, first, clock)).length;
      console.log(`parts: ${rows.length} rollup rows in ${dailyMs.toFixed(0)} ms; ${n} status stretches in ${ms(t).toFixed(0)} ms`);
    }
  }
  const monthly = await time('2026-10-01', '2026-10-31', 10);
  const yearly = await time(localDay(first, ZONE), yesterday, 3);
  const monthRaw = await time(localDay(rawFirst, ZONE), yesterday, 10);
  console.log(`monthly report (October, from rollups): p50 ${monthly.p50.toFixed(0)} ms, max ${monthly.max.toFixed(0)} ms, ${monthly.showings.toLocaleString('en')} showings — target ≤ ${TARGETS.monthlyMs} ms`);
  console.log(`last 30 days report: p50 ${monthRaw.p50.toFixed(0)} ms, max ${monthRaw.max.toFixed(0)} ms, ${monthRaw.showings.toLocaleString('en')} showings`);
  console.log(`yearly report (${YEAR_DAYS} days): p50 ${yearly.p50.toFixed(0)} ms, max ${yearly.max.toFixed(0)} ms, ${yearly.showings.toLocaleString('en')} showings — target ≤ ${TARGETS.yearlyMs} ms`);

  db.pragma('wal_checkpoint(TRUNCATE)');
  const file = path.join(c.dataDir, 'ledgate.sqlite');
  const size = fs.statSync(file).size;
  const counts = db.prepare('SELECT (SELECT COUNT(*) FROM proof_of_play) AS raw, (SELECT COUNT(*) FROM play_daily) AS daily, (SELECT COUNT(*) FROM board_intervals) AS intervals').get() as { raw: number; daily: number; intervals: number };
  console.log(`database: ${(size / 2 ** 30).toFixed(2)} GiB (${counts.raw.toLocaleString('en')} raw records, ${counts.daily.toLocaleString('en')} rollup rows, ${counts.intervals.toLocaleString('en')} status stretches)`);

  const ok = ingestPerS >= TARGETS.ingestPerS && checkMs / 1000 <= TARGETS.rollupS * (rolled.boardDays / 1000) && yearly.p50 <= TARGETS.yearlyMs && monthly.p50 <= TARGETS.monthlyMs;
  console.log(ok ? 'all targets met' : 'TARGET MISSED');
} finally {
  await c.close();
}
