// Builds the player bundle into player/dist: one ES2017 script for old Chromium (Android boxes),
// the page, and a report of the gzip size (the whole player must stay small for slow links).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

export async function buildPlayer(): Promise<{ files: Record<string, number>; gzipTotal: number }> {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  // The page's script and its service worker, both for old Chromium on player boxes.
  for (const [entry, out] of [
    ['src/main.ts', 'player.js'],
    ['src/sw.ts', 'sw.js'],
  ] as const) {
    await build({
      entryPoints: [path.join(here, entry)],
      outfile: path.join(dist, out),
      bundle: true,
      minify: true,
      format: 'iife',
      target: ['es2017', 'chrome61'],
      platform: 'browser',
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
  fs.copyFileSync(path.join(here, 'index.html'), path.join(dist, 'index.html'));
  const files: Record<string, number> = {};
  let gzipTotal = 0;
  for (const f of fs.readdirSync(dist)) {
    const size = zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
    files[f] = size;
    gzipTotal += size;
  }
  return { files, gzipTotal };
}

/** What a board downloads (page, script, service worker, socket.io client included), gzip. */
export const MAX_GZIP_BYTES = 60 * 1024;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, gzipTotal } = await buildPlayer();
  const list = Object.entries(files).map(([f, s]) => `${f} ${(s / 1024).toFixed(1)} KB`).join(', ');
  process.stdout.write(`player built in player/dist: ${list} (gzip), total ${(gzipTotal / 1024).toFixed(1)} KB of ${MAX_GZIP_BYTES / 1024} KB allowed\n`);
  if (gzipTotal > MAX_GZIP_BYTES) {
    process.stderr.write(`The player is too big for slow links: ${(gzipTotal / 1024).toFixed(1)} KB gzip > ${MAX_GZIP_BYTES / 1024} KB. Trim it.\n`);
    process.exit(1);
  }
}
