// Draws a text slide at a board's exact pixel size: canvas (Skia, bundled fonts) for the pixels,
// sharp for the PNG encoding. Every position is a whole pixel so strokes land on LED pixels.
import { createCanvas } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import type { BoardSize } from '../../playlists/board.ts';
import { fitText } from './fit-text.ts';
import type { FittedText, Measurer } from './fit-text.ts';
import type { LoadedFont } from './fonts.ts';

export interface TextStyle {
  background: string;
  color: string;
}

/** The campaign look: yellow on deep red, high contrast on LED. */
export const DEFAULT_TEXT_STYLE: TextStyle = { background: '#a50e0e', color: '#ffd500' };

/** Smallest font size a slide may use (cap height ≈ 14 px: about 14 cm on a P10 board). */
export const MIN_FONT_SIZE_PX = 20;

/** Characters whose marks reach highest and lowest in Vietnamese: they set the line extents. */
const EXTENT_PROBE = 'ẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢÝỲỶỸỴgjpqyạọụỵ';

export function paddingFor(size: BoardSize): number {
  return Math.max(4, Math.round(Math.min(size.width, size.height) * 0.06));
}

export function canvasMeasurer(ctx: SKRSContext2D, font: LoadedFont): Measurer {
  const cache = new Map<number, { ascent: number; descent: number }>();
  return {
    width(text, size) {
      ctx.font = `${size}px "${font.alias}"`;
      return ctx.measureText(text).width;
    },
    extents(size) {
      let e = cache.get(size);
      if (!e) {
        ctx.font = `${size}px "${font.alias}"`;
        const metrics = ctx.measureText(EXTENT_PROBE);
        e = { ascent: Math.ceil(metrics.actualBoundingBoxAscent), descent: Math.ceil(metrics.actualBoundingBoxDescent) };
        cache.set(size, e);
      }
      return e;
    },
  };
}

export interface RenderedText {
  png: Buffer;
  fit: FittedText;
}

export async function renderTextSlide(text: string, size: BoardSize, font: LoadedFont, style: TextStyle = DEFAULT_TEXT_STYLE): Promise<RenderedText> {
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  const padding = paddingFor(size);
  // NFD and NFC are the same words: draw them identically.
  text = text.normalize('NFC');
  const fit = fitText(text, { width: size.width, height: size.height, padding, minSize: MIN_FONT_SIZE_PX }, canvasMeasurer(ctx, font));

  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.fillStyle = style.color;
  ctx.font = `${fit.size}px "${font.alias}"`;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  const top = Math.round((size.height - fit.blockHeight) / 2);
  fit.lines.forEach((line, i) => {
    const w = ctx.measureText(line).width;
    const x = Math.round((size.width - w) / 2);
    const y = top + fit.ascent + i * fit.lineAdvance;
    ctx.fillText(line, x, y);
  });

  const raw = ctx.getImageData(0, 0, size.width, size.height);
  const png = await sharp(Buffer.from(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), {
    raw: { width: size.width, height: size.height, channels: 4 },
  })
    .removeAlpha()
    .png({ compressionLevel: 9 })
    .toBuffer();
  return { png, fit };
}
