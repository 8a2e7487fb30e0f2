// Slide kinds, typography rules and the picture library through the HTTP API.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest, ManifestItem } from '../../playlists/manifest.ts';
import { segmentAt } from '../../playlists/timeline.ts';
import { adminApi } from '../helpers/api.ts';
import { startController } from '../helpers/controller.ts';
import type { TestController } from '../helpers/controller.ts';

const BOARD = 'cua-ngo-phia-bac-ql14';
let c: TestController;
const api = adminApi(() => c);
const upload = (bytes: Buffer, name = 'anh.png', contentType = 'image/png') =>
  c.app.inject({ method: 'POST', url: `/api/media?name=${encodeURIComponent(name)}`, payload: bytes, headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': contentType } });
const playing = (m: Manifest): ManifestItem[] => {
  const s = segmentAt(m, Date.now());
  if (s?.kind !== 'play') throw new Error('expected a playing segment');
  return s.items;
};

/** Puts a slide alone on the demo board and returns the manifest item it became. */
async function onBoard(slideId: string): Promise<ManifestItem> {
  expect((await api('PUT', '/api/playlists/hien-ke-2020', { name: 'Thử', items: [{ slideId }] })).statusCode).toBe(200);
  return playing((await api('GET', `/api/boards/${BOARD}/manifest`)).json() as Manifest)[0]!;
}

beforeAll(async () => {
  c = await startController({ listen: false });
});
afterAll(async () => {
  await c.close();
});

describe('typography rules', () => {
  it('refuses text pasted from TCVN3 and from VNI, offering the converted text, and saves nothing', async () => {
    const tcvn = await api('POST', '/api/slides', { id: 'tcvn', kind: 'text', text: 'M­êng Kh­¬ng' });
    expect(tcvn.statusCode).toBe(422);
    expect(tcvn.json().details.legacyEncoding).toEqual([{ path: 'text', encoding: 'tcvn3', converted: 'Mường Khương' }]);
    expect(tcvn.json().messageVi).toContain('«Mường Khương»');
    const vni = await api('POST', '/api/slides', { id: 'vni', kind: 'text', text: 'Xin chaøo caùc baïn' });
    expect(vni.statusCode).toBe(422);
    expect(vni.json().details.legacyEncoding[0]).toMatchObject({ encoding: 'vni', converted: 'Xin chào các bạn' });
    expect((await api('GET', '/api/slides/tcvn')).statusCode).toBe(404);
    // Confirmed by the user: saved as typed.
    expect((await api('POST', '/api/slides', { id: 'tcvn', kind: 'text', text: 'M­êng Kh­¬ng', acceptLegacyLookingText: true })).statusCode).toBe(201);
  });

  it('never flags ordinary Vietnamese or English', async () => {
    for (const [id, text] of [
      ['viet', 'Toàn dân tích cực hưởng ứng, tham gia Cuộc vận động'],
      ['anh', 'Welcome to Buon Ma Thuot, the coffee capital – café, naïve, façade'],
    ]) {
      expect((await api('POST', '/api/slides', { id, kind: 'text', text })).statusCode, text).toBe(201);
    }
  });

  it('refuses a character the chosen font lacks, naming it', async () => {
    const res = await api('POST', '/api/slides', { id: 'tofu', kind: 'text', text: 'Đắk Lắk ☕ 中' });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain('中 (U+4E2D)');
    expect(res.json().details.missing).toEqual(expect.arrayContaining(['中']));
  });

  it('refuses an unknown font, listing the fonts on offer', async () => {
    const res = await api('POST', '/api/slides', { id: 'font', kind: 'text', text: 'Xin chào', style: { font: 'comic-sans' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/No font "comic-sans".*be-vietnam-pro-bold/);
    const fonts = (await api('GET', '/api/fonts')).json();
    expect(fonts.map((f: { family: string }) => f.family)).toEqual(expect.arrayContaining(['Be Vietnam Pro', 'Roboto', 'Noto Sans']));
  });

  it('reports legibility per board and warns when a slide is too short to read', async () => {
    expect((await api('POST', '/api/slides', { id: 'nhanh', kind: 'text', text: 'Toàn dân tích cực hưởng ứng, tham gia Cuộc vận động hiến kế xây dựng tỉnh nhà', durationSeconds: 4 })).statusCode).toBe(201);
    await onBoard('nhanh');
    const [r] = (await api('GET', '/api/slides/nhanh/legibility')).json();
    expect(r.boardId).toBe(BOARD);
    expect(r.report.capHeightMm).toBe(r.report.capHeightPx * 10);
    expect(r.report.readableFromM.max).toBeGreaterThan(r.report.readableFromM.min);
    expect(r.report.warnings.map((w: { code: string }) => w.code)).toContain('too_short_to_read');
  });
});

describe('slide kinds', () => {
  it('styles text with a preset and overrides, and draws a second line', async () => {
    const res = await api('POST', '/api/slides', { id: 'trang-den', kind: 'text', text: 'Hiến kế xây dựng tỉnh nhà', secondLine: 'daklak.gov.vn/hien-ke-xay-dung-tinh', style: { preset: 'thong-tin', background: '#000000', uppercase: true } });
    expect(res.statusCode).toBe(201);
    const item = await onBoard('trang-den');
    expect(item.type).toBe('image');
    const png = (await api('GET', '/api/slides/trang-den/preview?board=' + BOARD)).rawPayload;
    const { channels } = await sharp(png).stats();
    // Black background with white text: the darkest pixel is black, the brightest white.
    expect(channels.slice(0, 3).map((ch) => [ch.min, ch.max])).toEqual([
      [0, 255],
      [0, 255],
      [0, 255],
    ]);
  });

  it('makes a scrolling strip as wide as the line, long enough to cross the board', async () => {
    expect((await api('POST', '/api/slides', { id: 'chay', kind: 'text', mode: 'scroll', scrollPxPerSecond: 120, text: 'Toàn dân tích cực hưởng ứng, tham gia Cuộc vận động “Hiến kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”' })).statusCode).toBe(201);
    const item = await onBoard('chay');
    if (item.type !== 'scroll') throw new Error(`expected a scroll item, got ${item.type}`);
    expect(item.stripWidth).toBeGreaterThan(576 * 3);
    expect(item.durationMs).toBeGreaterThanOrEqual(Math.ceil(((item.stripWidth + 576) / 120) * 1000));
    const meta = await sharp((await api('GET', '/api/slides/chay/preview?board=' + BOARD)).rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([item.stripWidth, 288]);
  });

  it('draws a QR code a phone can read: whole-pixel modules, at least 2 px', async () => {
    expect((await api('POST', '/api/slides', { id: 'qr', kind: 'qr', data: 'https://daklak.gov.vn/hien-ke-xay-dung-tinh', caption: 'Gửi hiến kế tại Cổng thông tin điện tử tỉnh' })).statusCode).toBe(201);
    expect((await onBoard('qr')).type).toBe('image');
    const res = await api('GET', '/api/slides/qr/preview?w=576&h=288');
    expect(res.statusCode).toBe(200);
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([576, 288]);
    const tooLong = await api('POST', '/api/slides', { id: 'qr-dai', kind: 'qr', data: 'https://daklak.gov.vn/'.padEnd(480, 'x') });
    expect(tooLong.statusCode).toBe(201);
    const refused = await api('GET', '/api/slides/qr-dai/preview?w=64&h=32');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toMatch(/too dense/);
  });

  it('sends a clock as settings for the player, with a bundled font it can load', async () => {
    expect((await api('POST', '/api/slides', { id: 'dong-ho', kind: 'clock', style: { preset: 'khau-hieu' } })).statusCode).toBe(201);
    const item = await onBoard('dong-ho');
    if (item.type !== 'clock') throw new Error('expected a clock item');
    expect(item).toMatchObject({ timeZone: 'Asia/Ho_Chi_Minh', color: '#ffd500', background: '#a50e0e', showDate: true });
    const font = await c.app.inject({ method: 'GET', url: item.fontUrl });
    expect(font.statusCode).toBe(200);
    expect(font.rawPayload.length).toBeGreaterThan(50_000);
  });
});

describe('picture uploads', () => {
  const photo = () =>
    sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 20, g: 120, b: 60 } } })
      .composite([{ input: Buffer.from('<svg width="800" height="600"><circle cx="400" cy="300" r="250" fill="yellow"/></svg>'), top: 300, left: 400 }])
      .jpeg()
      .withExif({ IFD0: { Artist: 'Nguyen Van A', Copyright: 'So VHTTDL' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '12/1 40/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '108/1 3/1 0/1' } })
      .toBuffer();

  it('accepts a JPEG named .png, strips its metadata (GPS included) and shows it on the board', async () => {
    const res = await upload(await photo(), 'anh-cua-ngo.png', 'image/png');
    expect(res.statusCode).toBe(201);
    const media = res.json();
    expect(media).toMatchObject({ width: 1600, height: 1200, originalName: 'anh-cua-ngo.png', thumbnailUrl: expect.stringMatching(/^\/media\/thumbs\/[0-9a-f]{64}\.webp$/) });
    const thumb = await c.app.inject({ method: 'GET', url: media.thumbnailUrl });
    expect(thumb.statusCode).toBe(200);
    expect((await api('POST', '/api/slides', { id: 'anh-cua-ngo', kind: 'image', mediaId: media.id, fit: 'contain', background: '#000000' })).statusCode).toBe(201);
    const item = await onBoard('anh-cua-ngo');
    if (item.type !== 'image') throw new Error('expected an image item');
    expect(item.url).toMatch(/\.webp$/);
    const shown = await c.app.inject({ method: 'GET', url: item.url });
    const meta = await sharp(shown.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 576, 288]);
    expect(meta.exif).toBeUndefined();
    const master = await c.ctx.services.renditions.master(media.id);
    const masterMeta = await sharp(master).metadata();
    expect(masterMeta.exif).toBeUndefined();
    expect(master.includes(Buffer.from('Nguyen Van A'))).toBe(false);
  });

  it('accepts a WebP', async () => {
    const webp = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } }).webp().toBuffer();
    expect((await upload(webp, 'x.webp', 'image/webp')).statusCode).toBe(201);
  });

  it('refuses SVG (415), a pixel bomb (422), a truncated file (422) and an oversized upload (413)', async () => {
    const svg = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg', 'image/svg+xml');
    expect(svg.statusCode).toBe(415);
    expect(svg.json().messageVi).toMatch(/PNG, JPEG hoặc WebP/);
    // A valid PNG header claiming 30,000 × 30,000 pixels, a few hundred bytes long.
    const { bomb } = await import('../fixtures/png-bomb.ts');
    const b = await upload(bomb(30_000, 30_000));
    expect(b.statusCode).toBe(422);
    const jpeg = await photo();
    const cut = await upload(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'cut.jpg', 'image/jpeg');
    expect(cut.statusCode).toBe(422);
    const big = await upload(Buffer.alloc(21 * 1024 * 1024, 1), 'big.jpg', 'image/jpeg');
    expect(big.statusCode).toBe(413);
    const before = (await api('GET', '/api/media')).json().length;
    expect(before).toBe(2);
  });

  it('refuses an image slide for a picture not in the library', async () => {
    const res = await api('POST', '/api/slides', { id: 'khong-anh', kind: 'image', mediaId: 'a'.repeat(64) });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('upload it first');
  });
});

describe('renditions', () => {
  it('are drawn once: a repeated request and a restart are served from the cache', async () => {
    const count = async () => (await c.ctx.store.sql.value('SELECT COUNT(*) FROM renditions')) as number;
    await api('GET', '/api/slides/khau-hieu/preview?w=800&h=200');
    const n = await count();
    const again = await api('GET', '/api/slides/khau-hieu/preview?w=800&h=200');
    expect(again.statusCode).toBe(200);
    expect(await count()).toBe(n);
    const dataDir = c.dataDir;
    await c.close({ keepData: true });
    c = await startController({ dataDir, listen: false });
    const afterRestart = await api('GET', '/api/slides/khau-hieu/preview?w=800&h=200');
    expect(afterRestart.rawPayload.equals(again.rawPayload)).toBe(true);
    expect(await count()).toBe(n);
  });
});

describe('the prune job', () => {
  it('deletes renditions no manifest uses, and keeps those on the boards', async () => {
    const { pruneJob } = await import('../../controller/jobs/prune.ts');
    await api('GET', '/api/slides/khau-hieu/preview?w=700&h=300');
    const onBoards = await c.ctx.store.manifests.referencedMedia();
    const rows = async () => (await c.ctx.store.sql.all('SELECT sha256, ext FROM renditions')) as { sha256: string; ext: string }[];
    const unused = (await rows()).filter((r) => !onBoards.has(r.sha256));
    expect(unused.length).toBeGreaterThan(0);
    // Pretend a day has passed.
    await c.ctx.store.sql.run('UPDATE renditions SET created_at = created_at - ?', 2 * 86_400_000);
    const summary = await pruneJob.run(c.ctx.services);
    expect(summary).toMatch(new RegExp(`${unused.length} unused rendition`));
    const fs = await import('node:fs');
    for (const r of unused) expect(fs.existsSync(c.ctx.services.renditions.filePath(r.sha256, r.ext as 'png'))).toBe(false);
    const left = await rows();
    for (const sha of onBoards) expect(left.some((r) => r.sha256 === sha)).toBe(true);
  });
});

describe('a text slide over a picture', () => {
  it('draws the picture behind the text, covering the board', async () => {
    const green = await sharp({ create: { width: 800, height: 400, channels: 3, background: { r: 0, g: 160, b: 60 } } }).png().toBuffer();
    const media = (await upload(green, 'nen.png')).json();
    expect((await api('POST', '/api/slides', { id: 'nen-anh', kind: 'text', text: 'Buôn Ma Thuột', style: { preset: 'khau-hieu', backgroundImage: media.id } })).statusCode).toBe(201);
    const png = (await api('GET', '/api/slides/nen-anh/preview?w=576&h=288')).rawPayload;
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    // The corner is the picture's green, not the preset's red.
    expect([data[0], data[1], data[2]]).toEqual([0, 160, 60]);
  });
});

describe('legibility and playlist durations', () => {
  it('judges reading time on the duration the playlist gives the slide', async () => {
    expect((await api('POST', '/api/slides', { id: 'doc-lau', kind: 'text', text: 'Hiến kế xây dựng tỉnh nhà giàu đẹp văn minh', durationSeconds: 12 })).statusCode).toBe(201);
    expect((await api('PUT', '/api/playlists/hien-ke-2020', { name: 'Thử', items: [{ slideId: 'doc-lau', durationSeconds: 3 }] })).statusCode).toBe(200);
    const [r] = (await api('GET', '/api/slides/doc-lau/legibility')).json();
    expect(r.report.durationSeconds).toBe(3);
    expect(r.report.warnings.map((w: { code: string }) => w.code)).toContain('too_short_to_read');
  });
});
