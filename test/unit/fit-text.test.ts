import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../controller/errors.ts';
import { DEFAULT_MIN_CAP_HEIGHT_PX, DEFAULT_STYLE, paddingFor, renderText } from '../../controller/render/text-slide.ts';
import type { TextDrawing } from '../../controller/render/text-slide.ts';
import { SLOGAN } from '../fixtures/seed.ts';

const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const slogan = (over: Partial<TextDrawing> = {}): TextDrawing => ({ text: SLOGAN, style: DEFAULT_STYLE, ...over });

/** Pixels that differ from the background, split by whether they lie inside the padding box. */
async function ink(png: Buffer, width: number, height: number, padding: number, background = DEFAULT_STYLE.background): Promise<{ outside: number; inside: number; rows: number[] }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([width, height]);
  const bg = hex(background);
  let outside = 0;
  let inside = 0;
  const rows = new Array<number>(height).fill(0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * info.channels;
      const isInk = Math.abs(data[o]! - bg[0]!) + Math.abs(data[o + 1]! - bg[1]!) + Math.abs(data[o + 2]! - bg[2]!) > 24;
      if (!isInk) continue;
      rows[y]!++;
      if (x < padding || y < padding || x >= width - padding || y >= height - padding) outside++;
      else inside++;
    }
  }
  return { outside, inside, rows };
}

describe('text fitting', () => {
  for (const [width, height] of [
    [576, 288],
    [1216, 400],
    [1920, 1080],
  ] as const) {
    it(`fits the campaign slogan on ${width} × ${height}: whole words, inside the padding, at least 2 lines`, async () => {
      const { png, fit, capHeightPx } = await renderText(slogan(), { width, height });
      expect(fit.lines.length).toBeGreaterThanOrEqual(2);
      // Wrapped only between words: the lines rejoin into the exact text.
      expect(fit.lines.join(' ')).toBe(SLOGAN);
      expect(capHeightPx).toBeGreaterThanOrEqual(DEFAULT_MIN_CAP_HEIGHT_PX);
      expect(Number.isInteger(fit.size) && Number.isInteger(fit.lineAdvance)).toBe(true);
      const i = await ink(png, width, height, paddingFor({ width, height }));
      expect(i.outside).toBe(0);
      expect(i.inside).toBeGreaterThan(width * height * 0.04);
    });
  }

  it('uses a bigger size on a bigger board', async () => {
    const small = await renderText(slogan(), { width: 576, height: 288 });
    const big = await renderText(slogan(), { width: 1216, height: 400 });
    expect(big.fit.size).toBeGreaterThan(small.fit.size);
  });

  it('refuses a 2,000-character text with a clear message instead of shrinking it', async () => {
    const long = `${(SLOGAN + ' ').repeat(20).slice(0, 1999)}.`;
    expect(long.length).toBe(2000);
    const err = await renderText(slogan({ text: long }), { width: 576, height: 288 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.statusCode).toBe(422);
    expect(e.messages.en).toMatch(/too long.*576 × 288.*minimum legible size.*Shorten it.*scroll mode/);
    expect(e.messages.vi).toMatch(/quá dài.*rút gọn.*chữ chạy/);
  });

  it('respects a higher configured minimum', async () => {
    const err = await renderText(slogan(), { width: 576, height: 288 }, { minCapPx: 60 }).catch((e: unknown) => e);
    expect((err as AppError).statusCode).toBe(422);
  });

  it('keeps explicit line breaks', async () => {
    const { fit } = await renderText(slogan({ text: 'Dòng một\ndaklak.gov.vn/hien-ke-xay-dung-tinh' }), { width: 576, height: 288 });
    expect(fit.lines).toEqual(['Dòng một', 'daklak.gov.vn/hien-ke-xay-dung-tinh']);
  });

  it('draws NFD input pixel-identical to its NFC form', async () => {
    const nfd = SLOGAN.normalize('NFD');
    expect(nfd).not.toBe(SLOGAN);
    const a = await renderText(slogan(), { width: 576, height: 288 });
    const b = await renderText(slogan({ text: nfd }), { width: 576, height: 288 });
    expect(a.png.equals(b.png)).toBe(true);
  });

  it('draws a smaller second line under the headline, in capitals when asked', async () => {
    const { fit } = await renderText(slogan({ text: 'Hiến kế xây dựng tỉnh nhà', secondLine: 'daklak.gov.vn/hien-ke-xay-dung-tinh', style: { ...DEFAULT_STYLE, uppercase: true } }), { width: 1216, height: 400 });
    expect(fit.lines.join(' ')).toBe('HIẾN KẾ XÂY DỰNG TỈNH NHÀ');
    expect(fit.secondLines.join(' ')).toBe('DAKLAK.GOV.VN/HIEN-KE-XAY-DUNG-TINH');
    expect(fit.secondSize).toBeLessThan(fit.size);
  });

  it('aligns left and right inside the padding', async () => {
    const size = { width: 576, height: 288 };
    const pad = paddingFor(size);
    const left = await renderText(slogan({ text: 'Xin chào', style: { ...DEFAULT_STYLE, align: 'left' } }), size);
    const columns = async (png: Buffer) => {
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      const bg = hex(DEFAULT_STYLE.background);
      const cols: number[] = [];
      for (let x = 0; x < info.width; x++) {
        for (let y = 0; y < info.height; y++) {
          const o = (y * info.width + x) * info.channels;
          if (Math.abs(data[o]! - bg[0]!) + Math.abs(data[o + 1]! - bg[1]!) > 24) {
            cols.push(x);
            break;
          }
        }
      }
      return { first: cols[0]!, last: cols[cols.length - 1]! };
    };
    const l = await columns(left.png);
    expect(l.first).toBeGreaterThanOrEqual(pad);
    expect(l.first).toBeLessThan(pad + 10);
    const right = await columns((await renderText(slogan({ text: 'Xin chào', style: { ...DEFAULT_STYLE, align: 'right' } }), size)).png);
    expect(right.last).toBeLessThan(size.width - pad);
    expect(right.last).toBeGreaterThan(size.width - pad - 10);
  });

  it('refuses characters the font lacks, naming them', async () => {
    const err = (await renderText(slogan({ text: 'Đắk Lắk 中文' }), { width: 576, height: 288 }).catch((e: unknown) => e)) as AppError;
    expect(err.statusCode).toBe(422);
    expect(err.messages.en).toContain('中 (U+4E2D)');
    expect(err.messages.vi).toContain('không có ký tự');
  });
});
