import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../controller/errors.ts';
import { DEFAULT_FONT_ID, getFont } from '../../controller/render/fonts.ts';
import { DEFAULT_TEXT_STYLE, MIN_FONT_SIZE_PX, paddingFor, renderTextSlide } from '../../controller/render/text-slide.ts';
import { SLOGAN } from '../fixtures/seed.ts';

const font = () => getFont(DEFAULT_FONT_ID);
const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

/** Pixels that differ from the background, split by whether they lie inside the padding box. */
async function inkOutside(png: Buffer, width: number, height: number, padding: number): Promise<{ outside: number; inside: number }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([width, height]);
  const bg = hex(DEFAULT_TEXT_STYLE.background);
  let outside = 0;
  let inside = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * info.channels;
      const ink = Math.abs(data[o]! - bg[0]!) + Math.abs(data[o + 1]! - bg[1]!) + Math.abs(data[o + 2]! - bg[2]!) > 24;
      if (!ink) continue;
      if (x < padding || y < padding || x >= width - padding || y >= height - padding) outside++;
      else inside++;
    }
  }
  return { outside, inside };
}

describe('text fitting', () => {
  for (const [width, height] of [
    [576, 288],
    [1216, 400],
  ] as const) {
    it(`fits the campaign slogan on ${width} × ${height} in at least 2 lines with no overflow`, async () => {
      const { png, fit } = await renderTextSlide(SLOGAN, { width, height }, font());
      expect(fit.lines.length).toBeGreaterThanOrEqual(2);
      // Wrapped only between words: the lines rejoin into the exact text.
      expect(fit.lines.join(' ')).toBe(SLOGAN);
      expect(fit.size).toBeGreaterThanOrEqual(MIN_FONT_SIZE_PX);
      const ink = await inkOutside(png, width, height, paddingFor({ width, height }));
      expect(ink.outside).toBe(0);
      expect(ink.inside).toBeGreaterThan(width * height * 0.05);
    });
  }

  it('uses a bigger size on a bigger board', async () => {
    const small = await renderTextSlide(SLOGAN, { width: 576, height: 288 }, font());
    const big = await renderTextSlide(SLOGAN, { width: 1216, height: 400 }, font());
    expect(big.fit.size).toBeGreaterThan(small.fit.size);
  });

  it('refuses a 2,000-character text with a clear message instead of shrinking it', async () => {
    const long = `${(SLOGAN + ' ').repeat(20).slice(0, 1999)}.`;
    expect(long.length).toBe(2000);
    const err = await renderTextSlide(long, { width: 576, height: 288 }, font()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.statusCode).toBe(422);
    expect(e.messages.en).toMatch(/too long.*576 × 288.*minimum legible size of 20 px.*Shorten/);
    expect(e.messages.vi).toMatch(/quá dài.*rút gọn/);
  });

  it('keeps explicit line breaks', async () => {
    const { fit } = await renderTextSlide('Dòng một\ndaklak.gov.vn/hien-ke-xay-dung-tinh', { width: 576, height: 288 }, font());
    expect(fit.lines).toEqual(['Dòng một', 'daklak.gov.vn/hien-ke-xay-dung-tinh']);
  });

  it('draws NFD input pixel-identical to its NFC form', async () => {
    const nfd = SLOGAN.normalize('NFD');
    expect(nfd).not.toBe(SLOGAN);
    const a = await renderTextSlide(SLOGAN, { width: 576, height: 288 }, font());
    const b = await renderTextSlide(nfd, { width: 576, height: 288 }, font());
    expect(a.png.equals(b.png)).toBe(true);
  });
});
