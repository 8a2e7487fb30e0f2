// The upload pipeline for picture slides. A staff member's photo is untrusted input: it is
// checked by content, refused before decoding if it is too big, re-encoded without any metadata
// (phone photos carry GPS and device details that must never reach a public board), and only then
// fitted to each board's exact pixel size.
import sharp from 'sharp';
import type { Metadata, OutputInfo, Sharp, SharpOptions } from 'sharp';
import { AppError, BadRequest } from '../errors.ts';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 20 * 1024 * 1024, maxPixels: 50_000_000 };

export interface InspectedImage {
  format: ImageFormat;
  /** After EXIF orientation: what a person sees, not what the sensor stored. */
  width: number;
  height: number;
}

export interface NormalisedImage extends InspectedImage {
  data: Buffer;
}

export interface FitOptions {
  fit: 'contain' | 'cover';
  /** '#rrggbb': the letterbox colour, and what transparent pixels become (LEDs cannot show "nothing"). */
  background: string;
}

/** Board sizes beyond this are a caller mistake, not a board; also WebP's own limit. */
const MAX_BOARD_SIDE = 16_383;
const PHOTO_QUALITY = 90;
/** Masters are kept close to the original; each board size is drawn from them. */
const MASTER_JPEG_QUALITY = 92;
const THUMBNAIL_QUALITY = 80;

const ACCEPTED = { vi: 'Chỉ nhận ảnh PNG, JPEG hoặc WebP.', en: 'Only PNG, JPEG or WebP images are accepted.' };

function payloadTooLarge(size: number, maxBytes: number): AppError {
  const mb = Math.floor((maxBytes / (1024 * 1024)) * 10) / 10;
  return new AppError(
    413,
    'payload_too_large',
    {
      vi: `Tệp ảnh lớn hơn giới hạn ${mb} MB. Hãy thu nhỏ hoặc nén ảnh rồi tải lên lại.`,
      en: `The image file is larger than the ${mb} MB limit. Scale it down or compress it, then upload it again.`,
    },
    { size, maxBytes },
  );
}

function unsupportedMediaType(): AppError {
  return new AppError(415, 'unsupported_media_type', {
    vi: `${ACCEPTED.vi} Hãy lưu ảnh sang một trong các định dạng này rồi tải lên lại.`,
    en: `${ACCEPTED.en} Save the picture in one of these formats, then upload it again.`,
  }, { accepted: ['image/png', 'image/jpeg', 'image/webp'] });
}

function imageTooLarge(maxPixels: number, width?: number, height?: number): AppError {
  const millions = Math.floor(maxPixels / 100_000) / 10;
  const dims = width && height ? `${width}×${height}` : undefined;
  return new AppError(
    422,
    'image_too_large',
    {
      vi: `${dims ? `Ảnh có ${dims} điểm ảnh, vượt` : 'Ảnh vượt'} giới hạn ${millions} triệu điểm ảnh. Hãy thu nhỏ ảnh rồi tải lên lại.`,
      en: `${dims ? `The image is ${dims} pixels, over` : 'The image is over'} the limit of ${millions} million pixels. Scale it down, then upload it again.`,
    },
    { maxPixels, ...(dims ? { width, height } : {}) },
  );
}

function imageUnreadable(cause?: unknown): AppError {
  const err = new AppError(422, 'image_unreadable', {
    vi: 'Không đọc được ảnh: tệp bị hỏng hoặc chưa tải lên hết. Hãy kiểm tra ảnh mở được trên máy của bạn rồi tải lên lại.',
    en: 'The image could not be read: the file is damaged or incomplete. Check that it opens on your computer, then upload it again.',
  });
  // Kept for the server log only: libvips wording is not something to show staff.
  if (cause !== undefined) err.cause = cause;
  return err;
}

/**
 * Decides the format from the first bytes. A file name or a Content-Type header is whatever the
 * browser or a user claims; only the bytes say what the decoder will actually run on. Everything
 * else sharp could open (SVG with scripts and external references, GIF, HEIC/AVIF, TIFF, PDF) is
 * refused here, before any decoder sees it.
 */
function sniffFormat(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

/**
 * Options for every sharp call. limitInputPixels makes libvips refuse a header whose dimensions
 * would need more memory than we allow, even on paths that skip our own check; failOn 'error'
 * turns a truncated or corrupt stream into an exception instead of a half-grey picture, while
 * still tolerating the harmless libjpeg warnings many phone cameras trigger.
 */
function sharpOptions(limits: ImageLimits): SharpOptions {
  return { limitInputPixels: limits.maxPixels, failOn: 'error', autoOrient: true };
}

/**
 * libjpeg reports missing scan data ("premature end of data segment / JPEG file") as a warning
 * and fills the rest of the picture with grey: a 270-byte file whose header claims 8000 × 6250
 * would be stored as 50 megapixels of nothing. A decode is first tried failing on any warning; if
 * it fails on that one, the image is refused; if on another (the harmless ones many phone cameras
 * cause, such as extraneous bytes before a marker), it is decoded again tolerating warnings.
 */
const TRUNCATED = /premature end/i;

async function decodeWhole<T>(make: (failOn: 'warning' | 'error') => Sharp, run: (image: Sharp) => Promise<T>): Promise<T> {
  try {
    return await run(make('warning'));
  } catch (e) {
    if (!(e instanceof Error) || TRUNCATED.test(e.message) || isPixelLimitError(e)) throw e;
    return await run(make('error'));
  }
}

/**
 * At most two pictures are decoded at once: a 50-megapixel decode holds ≈ 150 MB, and eight
 * uploads in parallel took the process from 250 MB to 1.3 GB. Others wait their turn.
 */
const DECODE_SLOTS = 2;
let decoding = 0;
const waiting: (() => void)[] = [];
export async function withDecodeSlot<T>(work: () => Promise<T>): Promise<T> {
  if (decoding >= DECODE_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  decoding++;
  try {
    return await work();
  } finally {
    decoding--;
    waiting.shift()?.();
  }
}

/** sharp's only signal for its own pixel limit is the message; matched so the answer stays 422 too-large, not unreadable. */
function isPixelLimitError(e: unknown): boolean {
  return e instanceof Error && /pixel limit/i.test(e.message);
}

/** Size, format and header checks: nothing here decodes pixels. */
async function checkHeader(bytes: Buffer, limits: ImageLimits): Promise<InspectedImage> {
  if (bytes.length > limits.maxBytes) throw payloadTooLarge(bytes.length, limits.maxBytes);
  if (bytes.length === 0) throw imageUnreadable();
  const format = sniffFormat(bytes);
  if (!format) throw unsupportedMediaType();

  let meta: Metadata;
  try {
    meta = await sharp(bytes, sharpOptions(limits)).metadata();
  } catch (e) {
    if (isPixelLimitError(e)) throw imageTooLarge(limits.maxPixels);
    throw imageUnreadable(e);
  }
  // The magic bytes and libvips' own detection must agree, or the file is something crafted.
  if (meta.format !== format || !meta.width || !meta.height) throw imageUnreadable();
  if (meta.width * meta.height > limits.maxPixels) throw imageTooLarge(limits.maxPixels, meta.width, meta.height);
  return { format, width: meta.autoOrient.width, height: meta.autoOrient.height };
}

/**
 * Checks an upload without keeping anything: size, format by content, pixel count from the
 * header, then one full decode so a truncated or corrupt file is refused now rather than when
 * a board first tries to show it.
 */
export async function inspectUpload(bytes: Buffer, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<InspectedImage> {
  const info = await checkHeader(bytes, limits);
  await withDecodeSlot(async () => {
    try {
      // stats() walks every pixel in strips, so it decodes all of the stream without holding the image.
      await decodeWhole((failOn) => sharp(bytes, { ...sharpOptions(limits), failOn }), (i) => i.stats());
    } catch (e) {
      if (isPixelLimitError(e)) throw imageTooLarge(limits.maxPixels, info.width, info.height);
      throw imageUnreadable(e);
    }
  });
  return info;
}

/**
 * Produces the master kept in storage: upright, sRGB, 8-bit, and with no EXIF (GPS, camera
 * serials), XMP, IPTC or ICC left. PNG stays PNG because uploads in PNG are usually posters with
 * text and flat colour that lossy coding would smear, and so does a WebP with transparency;
 * photos become high-quality JPEG — it encodes and decodes several times faster than WebP at this
 * size, and every board size is drawn from it.
 */
export async function normaliseUpload(bytes: Buffer, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<NormalisedImage> {
  const { format } = await checkHeader(bytes, limits);
  let lossless = format === 'png';
  if (format === 'webp') {
    try {
      lossless = (await sharp(bytes, sharpOptions(limits)).metadata()).hasAlpha === true;
    } catch (e) {
      throw imageUnreadable(e);
    }
  }
  // sharp writes no metadata unless asked to and converts an embedded ICC profile to sRGB;
  // toColourspace also brings 16-bit and CMYK input down to what every browser and board shows alike.
  const encoded = (failOn: 'warning' | 'error') => {
    const pipeline = sharp(bytes, { ...sharpOptions(limits), failOn }).toColourspace('srgb');
    return lossless ? pipeline.png({ compressionLevel: 9 }) : pipeline.jpeg({ quality: MASTER_JPEG_QUALITY });
  };
  return withDecodeSlot(async () => {
    try {
      // Encoding decodes the whole input, so truncation is caught here without a separate pass.
      const { data, info } = await decodeWhole<{ data: Buffer; info: OutputInfo }>(encoded, (i) => i.toBuffer({ resolveWithObject: true }));
      return { data, format: lossless ? 'png' : 'jpeg', width: info.width, height: info.height };
    } catch (e) {
      if (isPixelLimitError(e)) throw imageTooLarge(limits.maxPixels);
      throw imageUnreadable(e);
    }
  });
}

function checkBoardSize(size: { width: number; height: number }): void {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_BOARD_SIDE;
  if (!ok(size.width) || !ok(size.height)) {
    throw new BadRequest(
      {
        vi: `Kích thước bảng phải là số nguyên điểm ảnh từ 1 đến ${MAX_BOARD_SIDE}. Hãy kiểm tra cấu hình bảng.`,
        en: `A board size must be a whole number of pixels from 1 to ${MAX_BOARD_SIDE}. Check the board's settings.`,
      },
      { width: size.width, height: size.height },
    );
  }
}

function checkBackground(background: string): void {
  if (!/^#[0-9a-f]{6}$/i.test(background)) {
    throw new BadRequest(
      {
        vi: 'Màu nền phải có dạng #rrggbb, ví dụ #000000. Hãy chọn lại màu nền.',
        en: 'The background colour must look like #rrggbb, for example #000000. Pick the background colour again.',
      },
      { background },
    );
  }
}

/**
 * Renders a master at one board's exact pixel size. contain keeps the whole picture and fills the
 * rest with the background; cover fills the board and crops the centre. The same master and
 * options always give the same bytes, so boards and caches can compare renders by hash.
 */
export async function fitToBoard(
  master: Buffer,
  size: { width: number; height: number },
  opts: FitOptions,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Promise<Buffer> {
  checkBoardSize(size);
  checkBackground(opts.background);
  try {
    return await withDecodeSlot(() => sharp(master, sharpOptions(limits))
      .resize(size.width, size.height, { fit: opts.fit, position: 'centre', background: opts.background })
      .flatten({ background: opts.background })
      .toColourspace('srgb')
      // smartSubsample keeps saturated reds and yellows (the campaign colours) from bleeding at edges.
      .webp({ quality: PHOTO_QUALITY, smartSubsample: true })
      .toBuffer());
  } catch (e) {
    if (isPixelLimitError(e)) throw imageTooLarge(limits.maxPixels);
    throw imageUnreadable(e);
  }
}

/** A small preview for the web app's lists; never larger than the master. */
export async function thumbnail(master: Buffer, maxSide = 320, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<Buffer> {
  if (!Number.isInteger(maxSide) || maxSide < 1 || maxSide > MAX_BOARD_SIDE) {
    throw new BadRequest({
      vi: `Cạnh ảnh thu nhỏ phải là số nguyên điểm ảnh từ 1 đến ${MAX_BOARD_SIDE}.`,
      en: `A thumbnail side must be a whole number of pixels from 1 to ${MAX_BOARD_SIDE}.`,
    }, { maxSide });
  }
  try {
    return await withDecodeSlot(() => sharp(master, sharpOptions(limits))
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .webp({ quality: THUMBNAIL_QUALITY })
      .toBuffer());
  } catch (e) {
    if (isPixelLimitError(e)) throw imageTooLarge(limits.maxPixels);
    throw imageUnreadable(e);
  }
}
