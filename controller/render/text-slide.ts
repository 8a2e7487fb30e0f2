// Draws text at a board's exact pixel size: canvas (Skia, bundled fonts) for the pixels, sharp for
// the PNG encoding. Fit mode: the largest size that fits, balanced lines, whole-pixel positions so
// strokes land on LED pixels. Scroll mode: one line drawn once as a strip the player moves.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import type { BoardSize } from '../../playlists/board.ts';
import type { ResolvedStyle } from '../../playlists/slide.ts';
import { PRESETS } from '../../playlists/slide.ts';
import { Unprocessable } from '../errors.ts';
import { fitText } from './fit-text.ts';
import type { FittedText, Measurer } from './fit-text.ts';
import { getFont, requireGlyphs } from './fonts.ts';
import type { LoadedFont } from './fonts.ts';

/** Default smallest capital height, px (≈ 14 cm on a P10 board); configurable (MIN_CAP_HEIGHT_PX). */
export const DEFAULT_MIN_CAP_HEIGHT_PX = 14;

/** Characters whose marks reach highest and lowest in Vietnamese: they set the line extents. */
const EXTENT_PROBE = 'ẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢÝỲỶỸỴgjpqyạọụỵ';

export const DEFAULT_STYLE: ResolvedStyle = { ...PRESETS['khau-hieu'], backgroundImage: null };

export function paddingFor(size: BoardSize, percent = 6): number {
  return Math.max(2, Math.round((Math.min(size.width, size.height) * percent) / 100));
}

export function canvasMeasurer(ctx: SKRSContext2D, font: LoadedFont): Measurer {
  const cache = new Map<number, { ascent: number; descent: number }>();
  // Fitting measures the same words at the same sizes thousands of times: set the font only when
  // the size changes, and remember each width.
  const widths = new Map<string, number>();
  let current = -1;
  const use = (size: number) => {
    if (size !== current) {
      ctx.font = `${size}px "${font.alias}"`;
      current = size;
    }
  };
  return {
    width(text, size) {
      const key = `${size}|${text}`;
      let w = widths.get(key);
      if (w === undefined) {
        use(size);
        w = ctx.measureText(text).width;
        widths.set(key, w);
      }
      return w;
    },
    extents(size) {
      let e = cache.get(size);
      if (!e) {
        use(size);
        const metrics = ctx.measureText(EXTENT_PROBE);
        e = { ascent: Math.ceil(metrics.actualBoundingBoxAscent), descent: Math.ceil(metrics.actualBoundingBoxDescent) };
        cache.set(size, e);
      }
      return e;
    },
  };
}

export interface TextDrawing {
  text: string;
  secondLine?: string | undefined;
  style: ResolvedStyle;
}

export interface RenderedText {
  png: Buffer;
  fit: FittedText;
  capHeightPx: number;
  font: LoadedFont;
}

function prepare(drawing: TextDrawing): { text: string; secondLine: string | undefined; font: LoadedFont } {
  // NFD and NFC are the same words: draw them identically.
  const up = (s: string) => (drawing.style.uppercase ? s.toLocaleUpperCase('vi') : s);
  const text = up(drawing.text.normalize('NFC'));
  const secondLine = drawing.secondLine ? up(drawing.secondLine.normalize('NFC')) : undefined;
  const font = getFont(drawing.style.font);
  requireGlyphs(font, secondLine ? `${text}\n${secondLine}` : text);
  return { text, secondLine, font };
}

async function paintBackground(ctx: SKRSContext2D, size: BoardSize, style: ResolvedStyle, backgroundImage: Buffer | null): Promise<void> {
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, size.width, size.height);
  if (!backgroundImage) return;
  const img = await loadImage(backgroundImage);
  // Cover: fill the board, crop the overflow, centred.
  const scale = Math.max(size.width / img.width, size.height / img.height);
  const w = Math.round(img.width * scale);
  const h = Math.round(img.height * scale);
  ctx.drawImage(img, Math.round((size.width - w) / 2), Math.round((size.height - h) / 2), w, h);
}

async function encode(ctx: SKRSContext2D, width: number, height: number): Promise<Buffer> {
  const raw = ctx.getImageData(0, 0, width, height);
  return sharp(Buffer.from(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), { raw: { width, height, channels: 4 } })
    .removeAlpha()
    // Level 6: a few per cent larger than 9 at a quarter of the time; flat LED colours compress well anyway.
    .png({ compressionLevel: 6 })
    .toBuffer();
}

export async function renderText(drawing: TextDrawing, size: BoardSize, opts: { minCapPx?: number; backgroundImage?: Buffer | null } = {}): Promise<RenderedText> {
  const { text, secondLine, font } = prepare(drawing);
  const style = drawing.style;
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  const padding = paddingFor(size, style.paddingPercent);
  const minSize = Math.ceil((opts.minCapPx ?? DEFAULT_MIN_CAP_HEIGHT_PX) / font.capHeightRatio);
  const fit = fitText(text, { width: size.width, height: size.height, padding, minSize, secondLine }, canvasMeasurer(ctx, font));

  await paintBackground(ctx, size, style, opts.backgroundImage ?? null);
  ctx.fillStyle = style.color;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  const xFor = (w: number) => (style.align === 'left' ? padding : style.align === 'right' ? size.width - padding - Math.ceil(w) : Math.round((size.width - w) / 2));
  const top = Math.round((size.height - fit.blockHeight) / 2);
  ctx.font = `${fit.size}px "${font.alias}"`;
  fit.lines.forEach((line, i) => ctx.fillText(line, xFor(ctx.measureText(line).width), top + fit.ascent + i * fit.lineAdvance));
  if (fit.secondLines.length) {
    const headlineBottom = top + (fit.lines.length - 1) * fit.lineAdvance + fit.ascent + fit.descent;
    ctx.font = `${fit.secondSize}px "${font.alias}"`;
    const e2 = ctx.measureText('ẤgÝ');
    const ascent2 = Math.ceil(e2.actualBoundingBoxAscent);
    fit.secondLines.forEach((line, i) => ctx.fillText(line, xFor(ctx.measureText(line).width), headlineBottom + fit.gap + ascent2 + i * fit.secondLineAdvance));
  }
  const capHeightPx = Math.round(fit.size * font.capHeightRatio);
  return { png: await encode(ctx, size.width, size.height), fit, capHeightPx, font };
}

/** Scroll mode: the text on one line, capitals ~55 % of the board height, drawn as one strip. */
export async function renderScrollStrip(drawing: TextDrawing, size: BoardSize, opts: { minCapPx?: number } = {}): Promise<{ png: Buffer; width: number; capHeightPx: number; font: LoadedFont }> {
  const { text, secondLine, font } = prepare(drawing);
  const line = [text, secondLine].filter(Boolean).join(' · ').replace(/\s*\n\s*/g, ' ');
  const measure = createCanvas(10, 10).getContext('2d');
  const m = canvasMeasurer(measure, font);
  // The largest size whose Vietnamese marks still fit the height with a small margin.
  let fontSize = Math.floor((size.height * 0.55) / font.capHeightRatio);
  while (fontSize > 1) {
    const e = m.extents(fontSize);
    if (e.ascent + e.descent <= size.height * 0.94) break;
    fontSize--;
  }
  const capHeightPx = Math.round(fontSize * font.capHeightRatio);
  const minCap = opts.minCapPx ?? DEFAULT_MIN_CAP_HEIGHT_PX;
  if (capHeightPx < minCap) {
    throw new Unprocessable({ vi: `Bảng quá thấp cho chữ chạy: chữ hoa chỉ cao ${capHeightPx} px (tối thiểu ${minCap} px).`, en: `The board is too low for scrolling text: capitals would be ${capHeightPx} px (minimum ${minCap} px).` });
  }
  const gapAfter = Math.round(size.width / 4);
  const width = Math.ceil(m.width(line, fontSize)) + gapAfter;
  if (width > 32_000) {
    throw new Unprocessable({ vi: 'Nội dung chữ chạy quá dài: hãy rút gọn.', en: 'The scrolling text is too long: shorten it.' });
  }
  const canvas = createCanvas(width, size.height);
  const ctx = canvas.getContext('2d');
  await paintBackground(ctx, { width, height: size.height }, drawing.style, null);
  ctx.fillStyle = drawing.style.color;
  ctx.font = `${fontSize}px "${font.alias}"`;
  const e = m.extents(fontSize);
  ctx.fillText(line, 0, Math.round((size.height - (e.ascent + e.descent)) / 2) + e.ascent);
  return { png: await encode(ctx, width, size.height), width, capHeightPx, font };
}
