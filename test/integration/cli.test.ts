import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_CAMPAIGN_FILE } from '../../controller/services/bootstrap.ts';
import { tempDataDir } from '../helpers/controller.ts';

const run = promisify(execFile);
const dataDir = tempDataDir();
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'controller/cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir }, cwd: path.resolve(import.meta.dirname, '../..') }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm run cli -- import', () => {
  it('refuses a bad file with the field and line, and writes nothing', async () => {
    const bad = path.join(dataDir, 'bad.yaml');
    fs.writeFileSync(bad, fs.readFileSync(SEED_CAMPAIGN_FILE, 'utf8').replace('kind: text\n    name: Tên Cuộc vận động', 'kind: video\n    name: Tên Cuộc vận động'));
    const line = fs.readFileSync(bad, 'utf8').split('\n').findIndex((l) => l.includes('kind: video')) + 1;
    const r = await cli('import', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`bad.yaml:${line} slides.1.kind`);
    expect(r.stderr).toContain('nothing was written');
    const list = await cli('board', 'list');
    expect(list.code).toBe(0);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path.join(dataDir, 'ledgate.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM slides').pluck().get()).toBe(0);
    db.close();
  });

  it('imports the seed campaign', async () => {
    const r = await cli('import', SEED_CAMPAIGN_FILE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5 slides, 1 playlists/);
  });
});
