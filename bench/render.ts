// Rendering speed: a text slide drawn cold to PNG at three board sizes, a repeated request for a
// rendition already drawn (the Renditions cache), and a 12 MP phone photo brought to board size.
// Run: node --import tsx bench/render.ts   (npm run bench:render)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { BoardSize } from '../playlists/board.ts';
import { TextSlideSchema } from '../playlists/slide.ts';
import { loadFonts } from '../controller/render/fonts.ts';
import { fitToBoard, normaliseUpload } from '../controller/render/image-pipeline.ts';
import { Renditions } from '../controller/render/renditions.ts';
import { DEFAULT_STYLE, renderText } from '../controller/render/text-slide.ts';
import { openDatabase } from '../controller/store/database.ts';
import { SqliteSql } from '../controller/store/sqlite.ts';
import { MediaRepo } from '../controller/store/media-repo.ts';
import { SLOGAN } from '../test/fixtures/seed.ts';
import { percentile } from './fixtures.ts';

const TEXT_SIZES: BoardSize[] = [
  { width: 576, height: 288 },
  { width: 1216, height: 400 },
  { width: 1920, height: 1080 },
];
const TEXT_RUNS = 30;
const WARM_UP = 5;
const CACHED_RUNS = 2000;
const PHOTO_RUNS = 10;
const PHOTO = { width: 4000, height: 3000 };
const BOARD: BoardSize = { width: 1216, height: 400 };

interface Row {
  measure: string;
  p50: number;
  p99?: number;
  max: number;
  runs: number;
  target?: string;
  met?: boolean;
}

function stats(samples: number[]): { p50: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1]! };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** renderText has no cache of its own: each call lays out, paints and encodes from scratch. */
async function coldText(rows: Row[]): Promise<void> {
  const drawing = { text: SLOGAN, style: DEFAULT_STYLE };
  for (const size of TEXT_SIZES) {
    // Warm-up, not counted: the font files are read and registered with Skia on the first call, and
    // V8 compiles the layout code on the first few.
    for (let i = 0; i < WARM_UP; i++) await renderText(drawing, size);
    const samples: number[] = [];
    for (let i = 0; i < TEXT_RUNS; i++) samples.push(await time(() => renderText(drawing, size)));
    const s = stats(samples);
    const target = size.width === 1216 ? 40 : undefined;
    rows.push({ measure: `text slide, cold render to PNG, ${size.width} × ${size.height}`, ...s, runs: TEXT_RUNS, ...(target ? { target: `p50 ≤ ${target} ms`, met: s.p50 <= target } : {}) });
  }
}

/** A rendition already drawn, asked for again: the in-memory hit, and the hit after a restart. */
async function cached(rows: Row[], dir: string): Promise<void> {
  const db = openDatabase(dir);
  const repo = new MediaRepo(new SqliteSql(db));
  const mediaDir = path.join(dir, 'media');
  const slide = TextSlideSchema.parse({ id: 'khau-hieu', kind: 'text', text: SLOGAN });
  const renditions = new Renditions(repo, mediaDir);
  await renditions.get(slide, BOARD); // drawn and stored once
  for (let i = 0; i < 200; i++) await renditions.get(slide, BOARD);
  const hot: number[] = [];
  for (let i = 0; i < CACHED_RUNS; i++) hot.push(await time(() => renditions.get(slide, BOARD)));
  const h = stats(hot);
  rows.push({ measure: `cached request, renditions.get(), same process, ${BOARD.width} × ${BOARD.height}`, ...h, runs: CACHED_RUNS, target: 'p50 ≤ 1 ms', met: h.p50 <= 1 });

  // After a restart the process has no memo: cache key (sha256 of the slide), SQLite row, file check.
  const restart: number[] = [];
  for (let i = 0; i < 200; i++) {
    const fresh = new Renditions(repo, mediaDir);
    restart.push(await time(() => fresh.get(slide, BOARD)));
  }
  const r = stats(restart);
  rows.push({ measure: 'cached request, first after a restart (key + SQLite + file check)', ...r, runs: restart.length, target: 'p50 ≤ 1 ms', met: r.p50 <= 1 });
  db.close();
}

/** A gradient with grain: not trivially compressible, about the size of a phone's JPEG. */
async function photo(): Promise<Buffer> {
  const { width, height } = PHOTO;
  const raw = Buffer.alloc(width * height * 3);
  let seed = 0x2f6b3c1d;
  const rand = () => {
    // xorshift32: deterministic, so every run uses the same picture.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const grain = (rand() - 0.5) * 48;
      raw[i] = Math.max(0, Math.min(255, (x / width) * 255 + grain));
      raw[i + 1] = Math.max(0, Math.min(255, (y / height) * 255 + grain));
      raw[i + 2] = Math.max(0, Math.min(255, 128 + 96 * Math.sin((x + y) / 180) + grain));
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'LEDGate bench', Model: 'synthetic 12 MP' } })
    .toBuffer();
}

async function photoToBoard(rows: Row[]): Promise<string> {
  const jpeg = await photo();
  const fit = { fit: 'cover' as const, background: '#000000' };
  // Warm-up: libvips loads its codecs and sizes its thread pool on first use.
  const warm = await normaliseUpload(jpeg);
  await fitToBoard(warm.data, BOARD, fit);
  const normalise: number[] = [];
  const fitted: number[] = [];
  const total: number[] = [];
  let masterBytes = 0;
  for (let i = 0; i < PHOTO_RUNS; i++) {
    const t0 = performance.now();
    const master = await normaliseUpload(jpeg);
    const t1 = performance.now();
    await fitToBoard(master.data, BOARD, fit);
    const t2 = performance.now();
    normalise.push(t1 - t0);
    fitted.push(t2 - t1);
    total.push(t2 - t0);
    masterBytes = master.data.length;
  }
  const n = stats(normalise);
  const f = stats(fitted);
  const t = stats(total);
  const label = `12 MP photo (${PHOTO.width} × ${PHOTO.height} JPEG)`;
  rows.push({ measure: `${label}: normaliseUpload (check, strip metadata, JPEG master)`, p50: n.p50, max: n.max, runs: PHOTO_RUNS });
  rows.push({ measure: `${label}: fitToBoard, master → ${BOARD.width} × ${BOARD.height} WebP`, p50: f.p50, max: f.max, runs: PHOTO_RUNS });
  rows.push({ measure: `${label}: total, upload → board size`, p50: t.p50, max: t.max, runs: PHOTO_RUNS, target: 'p50 ≤ 300 ms', met: t.p50 <= 300 });
  return `photo: JPEG ${(jpeg.length / 2 ** 20).toFixed(1)} MiB, master ${(masterBytes / 2 ** 20).toFixed(1)} MiB`;
}

const ms = (x: number | undefined) => (x === undefined ? '—' : x < 1 ? `${x.toFixed(3)} ms` : x < 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(0)} ms`);

const cpus = os.cpus();
console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, sharp ${sharp.versions.sharp ?? '?'} / libvips ${sharp.versions.vips}; ${new Date().toISOString()}`);
console.log(`warm-up: ${WARM_UP} renders per size and one photo pass before timing (font loading and JIT not counted)`);
loadFonts();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-bench-render-'));
const rows: Row[] = [];
try {
  await coldText(rows);
  await cached(rows, dir);
  console.log(await photoToBoard(rows));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log('');
console.log('| measure | p50 | p99 | max | runs | target |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const target = r.target ? `${r.target} ${r.met ? '✓' : '✗ missed'}` : '—';
  console.log(`| ${r.measure} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.runs} | ${target} |`);
}
