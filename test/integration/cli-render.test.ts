import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_CAMPAIGN_FILE } from '../../controller/services/bootstrap.ts';
import { cli } from '../helpers/cli.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-render-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));


describe('npm run cli -- render', () => {
  it('draws --text to one PNG at the board size, without a server or a database', async () => {
    const base = tempDir();
    const out = path.join(base, 'out');
    const dataDir = path.join(base, 'no-data');
    const r = await cli(dataDir, 'render', '--text', 'Toàn dân tích cực hưởng ứng', '--size', '576x288', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['text-576x288.png']);
    const meta = await sharp(path.join(out, 'text-576x288.png')).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 576, height: 288 });
    expect(r.stdout).toContain('1 file written to');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('draws every slide of the seed campaign at each size, named <slideId>-<w>x<h>.png', async () => {
    const base = tempDir();
    const out = path.join(base, 'out');
    const r = await cli(path.join(base, 'no-data'), 'render', SEED_CAMPAIGN_FILE, '--size', '576x288', '--size', '1216x400', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const slides = ['khau-hieu', 'ten-cuoc-van-dong', 'dong-gop-hien-ke', 'cong-thong-tin', 'fanpage'];
    const expected = slides.flatMap((id) => [`${id}-576x288.png`, `${id}-1216x400.png`]).sort();
    expect(fs.readdirSync(out).sort()).toEqual(expected);
    for (const name of expected) {
      const [, w, h] = /-(\d+)x(\d+)\.png$/.exec(name)!;
      expect(await sharp(path.join(out, name)).metadata(), name).toMatchObject({ format: 'png', width: Number(w), height: Number(h) });
    }
    // Not a TTY: one line per file, then the summary.
    expect(r.stdout.split('\n').filter((l) => l.startsWith('✓'))).toHaveLength(10);
    expect(r.stdout).toContain('10 files written to');
    expect(r.stdout).toContain('0 refused');
  });

  it('refuses a bad size in Vietnamese and English', async () => {
    const base = tempDir();
    const out = path.join(base, 'out');
    const bad = await cli(path.join(base, 'no-data'), 'render', '--text', 'Xin chào', '--size', '576*288', '--out', out);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Kích thước "576*288" không hợp lệ');
    expect(bad.stderr).toContain('Size "576*288" is not valid');
    const small = await cli(path.join(base, 'no-data'), 'render', '--text', 'Xin chào', '--size', '10x10', '--out', out);
    expect(small.code).toBe(1);
    expect(small.stderr).toContain('ít nhất 16 px');
    expect(small.stderr).toContain('at least 16 px');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses 2,000 characters that cannot fit, naming the minimum size', async () => {
    const base = tempDir();
    const out = path.join(base, 'out');
    const text = 'Toàn dân tích cực hưởng ứng, tham gia Cuộc vận động hiến kế. '.repeat(40).slice(0, 2000);
    expect(text).toHaveLength(2000);
    const r = await cli(path.join(base, 'no-data'), 'render', '--text', text, '--size', '576x288', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cỡ chữ tối thiểu \d+ px/);
    expect(r.stderr).toMatch(/minimum legible size of \d+ px/);
    expect(r.stdout).toContain('0 files written to');
    expect(r.stdout).toContain('1 refused');
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
