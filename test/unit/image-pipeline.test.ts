// The picture-slide upload pipeline against hostile and awkward uploads. Every fixture is made
// here with sharp (or by hand, for files sharp will not write), so no binary lives in the repo.
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../controller/errors.ts';
import {
  withDecodeSlot,
  DEFAULT_IMAGE_LIMITS,
  fitToBoard,
  inspectUpload,
  normaliseUpload,
  thumbnail,
} from '../../controller/render/image-pipeline.ts';

const BOARDS = [
  { width: 576, height: 288 },
  { width: 1216, height: 400 },
  { width: 1920, height: 1080 },
];

function solid(width: number, height: number, background = '#336699') {
  return sharp({ create: { width, height, channels: 3, background } });
}

/** A picture with structure (left half red, right half blue), so rotation and cropping show. */
function halves(width: number, height: number) {
  const half = Math.floor(width / 2);
  return sharp({ create: { width, height, channels: 3, background: '#0000ff' } }).composite([
    { input: { create: { width: half, height, channels: 3, background: '#ff0000' } }, left: 0, top: 0 },
  ]);
}

async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const o = (y * info.width + x) * info.channels;
  return [data[o]!, data[o + 1]!, data[o + 2]!];
}

function near(actual: number[], expected: number[], tolerance = 12): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance);
}

/** Resolves to the AppError the promise rejected with, after checking both languages are present. */
async function appError(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const app = err as AppError;
  expect(app.messages.vi.length).toBeGreaterThan(10);
  expect(app.messages.en.length).toBeGreaterThan(10);
  expect(app.messages.vi).not.toEqual(app.messages.en);
  return app;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A PNG whose header claims 30000×30000. A complete one cannot be small (deflate tops out near
 * 1000:1, so even 1-bit pixels need ~110 KB and sharp's 8-bit one is ~870 KB and takes seconds),
 * so only a few rows of data follow: a decompression bomb's header on a tiny file.
 */
function giantPngHeader(): Buffer {
  const side = 30_000;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rowBytes = 1 + Math.ceil(side / 8);
  const idat = deflateSync(Buffer.alloc(rowBytes * 64), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('inspectUpload: format comes from content', () => {
  it('accepts a JPEG even when it was uploaded as "photo.png"', async () => {
    const upload = { name: 'photo.png', bytes: await solid(64, 48).jpeg().toBuffer() };
    expect(upload.name.endsWith('.png')).toBe(true);
    // Only the bytes reach the pipeline; the name cannot steer the decision.
    expect(await inspectUpload(upload.bytes)).toEqual({ format: 'jpeg', width: 64, height: 48 });
  });

  it('accepts PNG and WebP', async () => {
    expect(await inspectUpload(await solid(30, 20).png().toBuffer())).toEqual({ format: 'png', width: 30, height: 20 });
    expect(await inspectUpload(await solid(30, 20).webp().toBuffer())).toEqual({ format: 'webp', width: 30, height: 20 });
  });

  it('refuses an SVG with a script with 415, naming the accepted formats in both languages', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const err = await appError(inspectUpload(svg));
    expect(err.statusCode).toBe(415);
    expect(err.code).toBe('unsupported_media_type');
    for (const text of [err.messages.vi, err.messages.en]) {
      expect(text).toContain('PNG');
      expect(text).toContain('JPEG');
      expect(text).toContain('WebP');
    }
    await expect(normaliseUpload(svg)).rejects.toMatchObject({ statusCode: 415 });
  });

  it.each([
    ['GIF', () => solid(10, 10).gif().toBuffer()],
    ['AVIF (the HEIF family phones use)', () => solid(16, 16).avif().toBuffer()],
    ['TIFF', () => solid(10, 10).tiff().toBuffer()],
    ['PDF', async () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')],
    ['plain text', async () => Buffer.from('this is not a picture')],
    ['an SVG with a leading XML declaration', async () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')],
  ])('refuses %s with 415', async (_name, make) => {
    const err = await appError(inspectUpload(await make()));
    expect(err.statusCode).toBe(415);
    expect(err.code).toBe('unsupported_media_type');
  });
});

describe('inspectUpload: limits', () => {
  it('refuses bytes over maxBytes with 413 before looking at them', async () => {
    const bytes = await solid(64, 64).png().toBuffer();
    const err = await appError(inspectUpload(bytes, { maxBytes: bytes.length - 1, maxPixels: DEFAULT_IMAGE_LIMITS.maxPixels }));
    expect(err.statusCode).toBe(413);
    expect(err.code).toBe('payload_too_large');
    await expect(inspectUpload(Buffer.alloc(64), { maxBytes: 10, maxPixels: 1000 })).rejects.toMatchObject({ statusCode: 413 });
  });

  it('refuses a 30000×30000 PNG of a few KB with 422 image_too_large, without decoding it', async () => {
    const bomb = giantPngHeader();
    expect(bomb.length).toBeLessThan(100 * 1024);
    const header = await sharp(bomb, { limitInputPixels: false }).metadata();
    expect([header.width, header.height]).toEqual([30_000, 30_000]);

    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 2);
    try {
      const err = await appError(inspectUpload(bomb));
      expect(err.statusCode).toBe(422);
      expect(err.code).toBe('image_too_large');
      await expect(normaliseUpload(bomb)).rejects.toMatchObject({ statusCode: 422, code: 'image_too_large' });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('applies a caller-supplied pixel limit', async () => {
    const bytes = await solid(100, 100).png().toBuffer();
    await expect(inspectUpload(bytes, { maxBytes: 1024 * 1024, maxPixels: 9_999 })).rejects.toMatchObject({ statusCode: 422, code: 'image_too_large' });
    expect(await inspectUpload(bytes, { maxBytes: 1024 * 1024, maxPixels: 10_000 })).toMatchObject({ width: 100, height: 100 });
  });
});

describe('inspectUpload: damaged files', () => {
  it.each([
    ['JPEG', () => halves(400, 300).jpeg().toBuffer()],
    ['PNG', () => halves(400, 300).png().toBuffer()],
    ['WebP', () => halves(400, 300).webp().toBuffer()],
  ])('refuses a truncated %s with 422 image_unreadable', async (_name, make) => {
    const whole = await make();
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    const err = await appError(inspectUpload(truncated));
    expect(err.statusCode).toBe(422);
    expect(err.code).toBe('image_unreadable');
    await expect(normaliseUpload(truncated)).rejects.toMatchObject({ statusCode: 422, code: 'image_unreadable' });
  });

  it('refuses a tiny JPEG whose header claims 8000 × 6250 and whose data runs out (libjpeg only warns)', async () => {
    // A real 16 × 16 JPEG with its frame header rewritten: 265 bytes that libjpeg decodes as
    // 50 megapixels of grey with a "premature end of data segment" warning.
    const small = Buffer.from(await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } }).jpeg({ quality: 50 }).toBuffer());
    const sof = small.indexOf(Buffer.from([0xff, 0xc0]));
    small.writeUInt16BE(6250, sof + 5);
    small.writeUInt16BE(8000, sof + 7);
    // Each with its own copy, as each upload arrives in its own buffer (libvips caches a decode by buffer).
    await expect(inspectUpload(Buffer.from(small))).rejects.toMatchObject({ statusCode: 422, code: 'image_unreadable' });
    await expect(normaliseUpload(Buffer.from(small))).rejects.toMatchObject({ statusCode: 422, code: 'image_unreadable' });
  });

  it('still accepts a JPEG with the harmless warnings some phone cameras cause (bytes before a marker)', async () => {
    const whole = await halves(400, 300).jpeg().toBuffer();
    // Three stray bytes before the start-of-scan marker.
    const sos = whole.indexOf(Buffer.from([0xff, 0xda]));
    const odd = Buffer.concat([whole.subarray(0, sos), Buffer.from([1, 2, 3]), whole.subarray(sos)]);
    const warnings: string[] = [];
    const probe = sharp(Buffer.from(odd), { failOn: 'error' });
    probe.on('warning', (w: string) => warnings.push(w));
    await probe.stats();
    expect(warnings.join(' ')).toMatch(/extraneous bytes before marker/);
    expect(await normaliseUpload(Buffer.from(odd))).toMatchObject({ format: 'jpeg', width: 400, height: 300 });
    expect(await inspectUpload(Buffer.from(odd))).toMatchObject({ width: 400, height: 300 });
  });

  it('decodes at most two pictures at once, however many arrive together', async () => {
    let running = 0;
    let most = 0;
    const work = () =>
      withDecodeSlot(async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setImmediate(r));
        running--;
      });
    await Promise.all(Array.from({ length: 8 }, work));
    expect(most).toBe(2);
  });

  it('refuses right magic bytes followed by garbage, and an empty file, with 422 image_unreadable', async () => {
    const fakePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    const fakeJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(200, 7)]);
    for (const bytes of [fakePng, fakeJpeg, Buffer.alloc(0)]) {
      await expect(inspectUpload(bytes)).rejects.toMatchObject({ statusCode: 422, code: 'image_unreadable' });
    }
  });
});

describe('normaliseUpload', () => {
  const gpsExif = {
    IFD0: { Artist: 'Nguyễn Văn A', Copyright: 'Secret Studio', Make: 'PhoneCo', Model: 'X-1' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 42/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 12/1' },
  };
  const xmp =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Secret Studio"/></rdf:RDF></x:xmpmeta>';

  it.each([
    ['JPEG', 'jpeg', (s: Sharp) => s.jpeg()],
    ['PNG', 'png', (s: Sharp) => s.png()],
    ['WebP', 'jpeg', (s: Sharp) => s.webp()],
  ] as const)('strips EXIF (with GPS), XMP and ICC from a %s', async (_name, outFormat, encode) => {
    const input = await encode(halves(64, 48).withExif(gpsExif).withXmp(xmp)).toBuffer();
    const inMeta = await sharp(input).metadata();
    // The fixture really carries what must disappear.
    expect(inMeta.exif?.toString('latin1')).toContain('Secret Studio');
    expect(inMeta.exif?.toString('latin1')).toContain('PhoneCo');
    expect(inMeta.xmp).toBeDefined();

    const out = await normaliseUpload(input);
    expect(out.format).toBe(outFormat);
    const meta = await sharp(out.data).metadata();
    expect(meta.format).toBe(outFormat);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(out.data.includes('Secret Studio')).toBe(false);
    expect(out.data.includes('PhoneCo')).toBe(false);
    expect([out.width, out.height]).toEqual([64, 48]);
  });

  it('applies EXIF orientation 6: a 40×20 stored image becomes 20×40, left side on top', async () => {
    const input = await halves(40, 20).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const raw = await sharp(input).metadata();
    expect([raw.width, raw.height, raw.orientation]).toEqual([40, 20, 6]);

    expect(await inspectUpload(input)).toEqual({ format: 'jpeg', width: 20, height: 40 });
    const out = await normaliseUpload(input);
    expect([out.width, out.height]).toEqual([20, 40]);
    const meta = await sharp(out.data).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([20, 40, undefined]);
    // Orientation 6 means "rotate 90° clockwise to view": the stored left (red) ends on top.
    expect(near(await pixel(out.data, 10, 2), [255, 0, 0], 40)).toBe(true);
    expect(near(await pixel(out.data, 10, 37), [0, 0, 255], 40)).toBe(true);
  });

  it('converts an embedded wide-gamut profile to sRGB rather than dropping it', async () => {
    const p3 = await solid(8, 8, '#ff0000').withIccProfile('p3').png().toBuffer();
    expect((await sharp(p3).metadata()).icc).toBeDefined();
    const out = await normaliseUpload(p3);
    expect((await sharp(out.data).metadata()).icc).toBeUndefined();
    expect(near(await pixel(out.data, 4, 4), [255, 0, 0], 3)).toBe(true);
  });

  it('keeps the alpha channel of a PNG master', async () => {
    const input = await sharp({ create: { width: 10, height: 10, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const out = await normaliseUpload(input);
    expect((await sharp(out.data).metadata()).hasAlpha).toBe(true);
  });
});

describe('fitToBoard', () => {
  it.each(BOARDS)('gives exactly $width×$height for contain and cover, as WebP without metadata', async (board) => {
    const master = (await normaliseUpload(await halves(800, 800).withExif({ IFD0: { Artist: 'x' } }).jpeg().toBuffer())).data;
    for (const fit of ['contain', 'cover'] as const) {
      const out = await fitToBoard(master, board, { fit, background: '#00ff00' });
      const meta = await sharp(out).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', board.width, board.height]);
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
    }
  });

  it('contain letterboxes with the background colour; cover fills the board', async () => {
    const master = (await normaliseUpload(await halves(400, 400).png().toBuffer())).data;
    const board = { width: 576, height: 288 };
    const contain = await fitToBoard(master, board, { fit: 'contain', background: '#00ff00' });
    expect(near(await pixel(contain, 0, 0), [0, 255, 0])).toBe(true);
    expect(near(await pixel(contain, 575, 287), [0, 255, 0])).toBe(true);
    expect(near(await pixel(contain, 200, 144), [255, 0, 0])).toBe(true);
    expect(near(await pixel(contain, 376, 144), [0, 0, 255])).toBe(true);

    const cover = await fitToBoard(master, board, { fit: 'cover', background: '#00ff00' });
    expect(near(await pixel(cover, 0, 0), [255, 0, 0])).toBe(true);
    expect(near(await pixel(cover, 575, 287), [0, 0, 255])).toBe(true);
  });

  it('cover crops the centre of a tall picture', async () => {
    // Top third red, middle green, bottom blue: a wide board must show the middle.
    const band = (background: string) => ({ create: { width: 300, height: 300, channels: 3 as const, background } });
    const tall = await sharp({ create: { width: 300, height: 900, channels: 3, background: '#000000' } })
      .composite([
        { input: band('#ff0000'), left: 0, top: 0 },
        { input: band('#00ff00'), left: 0, top: 300 },
        { input: band('#0000ff'), left: 0, top: 600 },
      ])
      .png()
      .toBuffer();
    const out = await fitToBoard(tall, { width: 576, height: 288 }, { fit: 'cover', background: '#000000' });
    expect(near(await pixel(out, 0, 0), [0, 255, 0])).toBe(true);
    expect(near(await pixel(out, 575, 287), [0, 255, 0])).toBe(true);
  });

  it('turns transparency into the background colour (an LED cannot show "nothing")', async () => {
    const clear = await sharp({ create: { width: 100, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const out = await fitToBoard(clear, { width: 100, height: 100 }, { fit: 'contain', background: '#a50e0e' });
    expect((await sharp(out).metadata()).hasAlpha).toBe(false);
    expect(near(await pixel(out, 50, 50), [0xa5, 0x0e, 0x0e])).toBe(true);
  });

  it('is deterministic: the same master and options give the same bytes', async () => {
    const master = (await normaliseUpload(await halves(640, 480).jpeg().toBuffer())).data;
    const opts = { fit: 'contain', background: '#112233' } as const;
    const a = await fitToBoard(master, { width: 1216, height: 400 }, opts);
    const b = await fitToBoard(master, { width: 1216, height: 400 }, opts);
    expect(a.equals(b)).toBe(true);
  });

  it('refuses a malformed background or board size with 400', async () => {
    const master = await solid(10, 10).png().toBuffer();
    for (const background of ['red', '#fff', '#12345g', '']) {
      const err = await appError(fitToBoard(master, { width: 10, height: 10 }, { fit: 'contain', background }));
      expect(err.statusCode).toBe(400);
    }
    for (const size of [{ width: 0, height: 10 }, { width: 10.5, height: 10 }, { width: 10, height: Number.NaN }]) {
      await expect(fitToBoard(master, size, { fit: 'cover', background: '#000000' })).rejects.toMatchObject({ statusCode: 400 });
    }
  });

  it('answers 422 image_unreadable for a damaged master', async () => {
    const whole = await halves(200, 200).png().toBuffer();
    const err = await appError(fitToBoard(whole.subarray(0, whole.length >> 1), { width: 64, height: 32 }, { fit: 'cover', background: '#000000' }));
    expect([err.statusCode, err.code]).toEqual([422, 'image_unreadable']);
  });
});

describe('thumbnail', () => {
  it('is a WebP no larger than maxSide, keeping the aspect ratio', async () => {
    const master = (await normaliseUpload(await halves(1600, 900).jpeg().toBuffer())).data;
    const meta = await sharp(await thumbnail(master)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 180]);
    const small = await sharp(await thumbnail(master, 100)).metadata();
    expect([small.width, small.height]).toEqual([100, 56]);
  });

  it('never enlarges a small master', async () => {
    const master = await solid(50, 20).png().toBuffer();
    const meta = await sharp(await thumbnail(master)).metadata();
    expect([meta.width, meta.height]).toEqual([50, 20]);
  });
});
