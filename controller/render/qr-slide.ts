// QR slides: a web address (the campaign portal, say) as a QR code, with a caption beside or
// under it. Modules are whole pixels, as large as the board allows, with the 4-module quiet zone
// phones need; dark modules on a light square, whatever the slide's colours.
import { createCanvas } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import sharp from 'sharp';
import type { BoardSize } from '../../playlists/board.ts';
import type { ResolvedStyle } from '../../playlists/slide.ts';
import { Unprocessable } from '../errors.ts';
import { fitText } from './fit-text.ts';
import { canvasMeasurer, DEFAULT_MIN_CAP_HEIGHT_PX } from './text-slide.ts';
import { getFont, requireGlyphs } from './fonts.ts';

const QUIET = 4;
/** Below this, phones struggle to read a code off an LED board. */
export const MIN_MODULE_PX = 2;

export async function renderQr(input: { data: string; caption?: string | undefined; style: ResolvedStyle }, size: BoardSize, opts: { minCapPx?: number } = {}): Promise<{ png: Buffer; modulePx: number; capHeightPx: number }> {
  const qr = QRCode.create(input.data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const font = getFont(input.style.font);
  const caption = input.caption ? (input.style.uppercase ? input.caption.toLocaleUpperCase('vi') : input.caption) : undefined;
  if (caption) requireGlyphs(font, caption);
  // Landscape boards put the caption beside the code; the code takes the full height.
  const side = Math.min(size.height, caption ? Math.floor(size.width * 0.5) : size.width);
  const modulePx = Math.floor(side / (n + 2 * QUIET));
  if (modulePx < MIN_MODULE_PX) {
    throw new Unprocessable({
      vi: `Mã QR quá dày cho bảng ${size.width} × ${size.height}: mỗi ô chỉ ${modulePx} px (cần ít nhất ${MIN_MODULE_PX} px để điện thoại đọc được). Hãy dùng địa chỉ ngắn hơn.`,
      en: `The QR code is too dense for a ${size.width} × ${size.height} board: ${modulePx} px per module (phones need at least ${MIN_MODULE_PX}). Use a shorter address.`,
    });
  }
  const qrPx = modulePx * (n + 2 * QUIET);
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = input.style.background;
  ctx.fillRect(0, 0, size.width, size.height);
  const qx = caption ? Math.round((size.height - qrPx) / 2) : Math.round((size.width - qrPx) / 2);
  const qy = Math.round((size.height - qrPx) / 2);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(qx, qy, qrPx, qrPx);
  ctx.fillStyle = '#000000';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(x, y)) ctx.fillRect(qx + (x + QUIET) * modulePx, qy + (y + QUIET) * modulePx, modulePx, modulePx);

  let capHeightPx = 0;
  if (caption) {
    const left = qx + qrPx;
    const box = { width: size.width - left, height: size.height };
    const padding = Math.max(2, Math.round(Math.min(box.width, box.height) * 0.06));
    const minSize = Math.ceil((opts.minCapPx ?? DEFAULT_MIN_CAP_HEIGHT_PX) / font.capHeightRatio);
    const fit = fitText(caption, { width: box.width, height: box.height, padding, minSize }, canvasMeasurer(ctx, font));
    ctx.fillStyle = input.style.color;
    ctx.font = `${fit.size}px "${font.alias}"`;
    const top = Math.round((box.height - fit.blockHeight) / 2);
    fit.lines.forEach((line, i) => ctx.fillText(line, left + Math.round((box.width - ctx.measureText(line).width) / 2), top + fit.ascent + i * fit.lineAdvance));
    capHeightPx = Math.round(fit.size * font.capHeightRatio);
  }
  const raw = ctx.getImageData(0, 0, size.width, size.height);
  const png = await sharp(Buffer.from(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), { raw: { width: size.width, height: size.height, channels: 4 } })
    .removeAlpha()
    .png({ compressionLevel: 9 })
    .toBuffer();
  return { png, modulePx, capHeightPx };
}
