import { systemActor } from '../../controller/services/actor.ts';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest, PlaySegment } from '../../playlists/manifest.ts';
import { SEED_CAMPAIGN_FILE } from '../../controller/services/bootstrap.ts';
import { startController, tempDataDir } from '../helpers/controller.ts';
import { connect, nextEvent } from '../helpers/sockets.ts';
import { cli } from '../helpers/cli.ts';

/** The segment in force now, which must be a playing one. */
const play = (m: Manifest): PlaySegment => {
  const s = m.segments.find((x) => x.from <= Date.now() && Date.now() < x.to) ?? m.segments[0];
  if (s?.kind !== 'play') throw new Error(`expected a playing segment, got ${JSON.stringify(s)}`);
  return s;
};

const dirs: string[] = [];
const dir = () => {
  const d = tempDataDir();
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('npm run cli -- import', () => {
  it('refuses a bad file with the field and line, and writes nothing', async () => {
    const dataDir = dir();
    const bad = path.join(dataDir, 'bad.yaml');
    fs.writeFileSync(bad, fs.readFileSync(SEED_CAMPAIGN_FILE, 'utf8').replace('kind: text\n    name: Tên Cuộc vận động', 'kind: video\n    name: Tên Cuộc vận động'));
    const line = fs.readFileSync(bad, 'utf8').split('\n').findIndex((l) => l.includes('kind: video')) + 1;
    const r = await cli(dataDir, 'import', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`bad.yaml:${line} slides.1.kind`);
    expect(r.stderr).toContain('nothing was written');
    expect(r.stderr).toContain('không có gì được ghi');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path.join(dataDir, 'ledgate.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM slides').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a slide that would not fit a board it plays on, naming the slide, board and line', async () => {
    const c = await startController({ dataDir: dir(), listen: false });
    await c.close({ keepData: true });
    const long = path.join(c.dataDir, 'long.yaml');
    const text = fs.readFileSync(SEED_CAMPAIGN_FILE, 'utf8');
    const slogan = text.split('\n').find((l) => l.includes('text: Toàn dân'))!;
    fs.writeFileSync(long, text.replace(slogan, `${slogan} ${'Toàn dân tích cực hưởng ứng, '.repeat(40)}`));
    const line = fs.readFileSync(long, 'utf8').split('\n').findIndex((l) => l.includes('text: Toàn dân')) + 1;
    const r = await cli(c.dataDir, 'import', long);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`long.yaml:${line} slides.0.text: does not fit board "Cửa ngõ phía Bắc – Quốc lộ 14"`);
    expect(r.stderr).toContain('nothing was written');
  });

  it('imports a campaign file while the controller runs, and the change reaches connected players', async () => {
    const c = await startController({ dataDir: dir() });
    try {
      const grant = await c.ctx.services.pairing.createGrant(systemActor('test'), 'cua-ngo-phia-bac-ql14');
      const { token } = await c.ctx.services.pairing.redeemGrant(grant.grant, null);
      const player = connect(c.url, '/player', { token });
      const first = await nextEvent<Manifest>(player, 'manifest');
      expect(play(first).items[0]!.durationMs).toBe(12_000);

      const edited = path.join(c.dataDir, 'edited.yaml');
      fs.writeFileSync(edited, fs.readFileSync(SEED_CAMPAIGN_FILE, 'utf8').replace('durationSeconds: 12', 'durationSeconds: 15'));
      const pushed = nextEvent<Manifest>(player, 'manifest', 10_000);
      const r = await cli(c.dataDir, 'import', edited);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/5 slides, 1 playlists; 1 boards recompiled/);
      const second = await pushed;
      expect(second.version).not.toBe(first.version);
      expect(play(second).items[0]!.durationMs).toBe(15_000);
      player.close();
    } finally {
      await c.close();
    }
  });
});
