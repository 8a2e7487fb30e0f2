// Builds the web app into web/dist with Vite and reports the gzip size of what the first screen
// loads (the budget: 250 KB of JavaScript); each page's own code loads when it is opened.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.join(here, 'dist');
export const INITIAL_JS_BUDGET = 250 * 1024;

/** The scripts index.html loads at once (its entry and the chunks the entry imports statically). */
export function initialScripts(dist: string = WEB_DIST): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) visit(i);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
}

export const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

export async function buildWeb(): Promise<{ initialJsGzip: number; files: number }> {
  await build({ configFile: path.join(here, 'vite.config.ts'), logLevel: 'warn', build: { manifest: true } });
  const initial = initialScripts().reduce((sum, f) => sum + gzipSize(path.join(WEB_DIST, f)), 0);
  return { initialJsGzip: initial, files: fs.readdirSync(path.join(WEB_DIST, 'assets')).length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { initialJsGzip, files } = await buildWeb();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  process.stdout.write(`web app built in web/dist: ${files} files; first screen loads ${kb(initialJsGzip)} of JavaScript (gzip) of ${kb(INITIAL_JS_BUDGET)} allowed\n`);
  if (initialJsGzip > INITIAL_JS_BUDGET) {
    process.stderr.write('The first screen loads more JavaScript than the budget allows: load the rest on demand.\n');
    process.exit(1);
  }
}
