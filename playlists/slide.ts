// Slides: what one screenful of a playlist is. Four kinds, each drawn at every board's exact size:
// text (the slogan: fitted, or one scrolling line), image (an uploaded picture), qr (a link as a QR
// code with a caption) and clock (time and date, drawn live by the player).
import { z } from 'zod';
import { IdSchema } from './board.ts';
import { bi } from './messages.ts';
import { NameSchema, humanText } from './text.ts';

/** How long a driver gets to read a slide: 4–10 s is the norm, 8 s the default. */
export const DurationSecondsSchema = z
  .number()
  .min(2, bi('ít nhất 2 giây', 'must be at least 2 seconds'))
  .max(3600, bi('tối đa 3600 giây (một giờ)', 'must be at most 3600 seconds (one hour)'));

export const DEFAULT_DURATION_SECONDS = 8;

export const ColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, bi('màu dạng #rrggbb, ví dụ #ffd500', 'a colour as #rrggbb, e.g. #ffd500'))
  .transform((c) => c.toLowerCase());

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, bi('mã ảnh (sha256, 64 ký tự hex)', 'an image id (sha256, 64 hex characters)'));

/** Named looks staff pick from; each may be overridden field by field. */
export const PRESETS = {
  /** The campaign look: yellow on deep red. */
  'khau-hieu': { font: 'be-vietnam-pro-extrabold', color: '#ffd500', background: '#a50e0e', align: 'center', paddingPercent: 6, uppercase: false },
  /** Information: white on dark blue. */
  'thong-tin': { font: 'be-vietnam-pro-bold', color: '#ffffff', background: '#0b3d91', align: 'center', paddingPercent: 6, uppercase: false },
  /** Warning: black on yellow, capitals. */
  'canh-bao': { font: 'roboto-black', color: '#000000', background: '#ffd500', align: 'center', paddingPercent: 5, uppercase: true },
  /** Plain: white on black (LED pixels off, least power). */
  'trang-den': { font: 'noto-sans-bold', color: '#ffffff', background: '#000000', align: 'center', paddingPercent: 6, uppercase: false },
} as const;
export type PresetId = keyof typeof PRESETS;
export const PresetIdSchema = z.enum(Object.keys(PRESETS) as [PresetId, ...PresetId[]]);

export const AlignSchema = z.enum(['left', 'center', 'right']);

export const StyleSchema = z.object({
  preset: PresetIdSchema.default('khau-hieu'),
  /** A font id from fonts/catalogue.json. */
  font: z.string().regex(/^[a-z0-9-]{1,60}$/, bi('mã phông chữ trong danh mục, ví dụ be-vietnam-pro-bold', 'a font id from the catalogue, e.g. be-vietnam-pro-bold')).optional(),
  color: ColorSchema.optional(),
  background: ColorSchema.optional(),
  /** An uploaded picture behind the text (drawn to cover the board). */
  backgroundImage: Sha256Schema.optional(),
  align: AlignSchema.optional(),
  paddingPercent: z.number().min(0).max(20, bi('lề tối đa 20%', 'padding is at most 20 %')).optional(),
  uppercase: z.boolean().optional(),
});
export type Style = z.infer<typeof StyleSchema>;

export interface ResolvedStyle {
  font: string;
  color: string;
  background: string;
  backgroundImage: string | null;
  align: 'left' | 'center' | 'right';
  paddingPercent: number;
  uppercase: boolean;
}

export function resolveStyle(style: Style | undefined): ResolvedStyle {
  const s = style ?? { preset: 'khau-hieu' as const };
  const p = PRESETS[s.preset ?? 'khau-hieu'];
  return {
    font: s.font ?? p.font,
    color: s.color ?? p.color,
    background: s.background ?? p.background,
    backgroundImage: s.backgroundImage ?? null,
    align: s.align ?? p.align,
    paddingPercent: s.paddingPercent ?? p.paddingPercent,
    uppercase: s.uppercase ?? p.uppercase,
  };
}

const base = {
  id: IdSchema,
  name: NameSchema.optional(),
  durationSeconds: DurationSecondsSchema.default(DEFAULT_DURATION_SECONDS),
  /** How the slide comes on: a cut, or a short fade from the previous one. */
  transition: z.enum(['cut', 'fade']).default('cut'),
  /** Set when the user confirms that text looking like TCVN3/VNI is meant as typed. */
  acceptLegacyLookingText: z.boolean().default(false),
};

export const TextSlideSchema = z.object({
  ...base,
  kind: z.literal('text'),
  /** The headline; a line break forces a new line. */
  text: humanText(2000),
  /** An optional smaller line under the headline. */
  secondLine: humanText(500).optional(),
  /** fit: static, largest size that fits · scroll: one line moving right to left. */
  mode: z.enum(['fit', 'scroll']).default('fit'),
  scrollPxPerSecond: z.number().int().min(10, bi('tốc độ chạy chữ từ 10 đến 600 px/giây', 'scroll speed is 10 to 600 px/s')).max(600, bi('tốc độ chạy chữ từ 10 đến 600 px/giây', 'scroll speed is 10 to 600 px/s')).default(80),
  style: StyleSchema.default({ preset: 'khau-hieu' }),
});
export type TextSlide = z.infer<typeof TextSlideSchema>;

export const ImageSlideSchema = z.object({
  ...base,
  kind: z.literal('image'),
  /** An uploaded picture (POST /api/media). */
  mediaId: Sha256Schema,
  fit: z.enum(['contain', 'cover']).default('contain'),
  /** Colour of the bars when the picture does not fill the board (contain). */
  background: ColorSchema.default('#000000'),
});
export type ImageSlide = z.infer<typeof ImageSlideSchema>;

export const QrSlideSchema = z.object({
  ...base,
  kind: z.literal('qr'),
  /** What the code holds: usually a web address. */
  data: z.string().transform((s) => s.normalize('NFC').trim()).pipe(z.string().min(1, bi('không được để trống', 'must not be empty')).max(500, bi('tối đa 500 ký tự', 'must be at most 500 characters'))),
  caption: humanText(200).optional(),
  style: StyleSchema.default({ preset: 'trang-den' }),
});
export type QrSlide = z.infer<typeof QrSlideSchema>;

export const ClockSlideSchema = z.object({
  ...base,
  kind: z.literal('clock'),
  /** Time and date ("Thứ Năm, 26/11/2026 · 07:45"), or the time alone. */
  showDate: z.boolean().default(true),
  style: StyleSchema.default({ preset: 'trang-den' }),
});
export type ClockSlide = z.infer<typeof ClockSlideSchema>;

export const SlideSchema = z.discriminatedUnion('kind', [TextSlideSchema, ImageSlideSchema, QrSlideSchema, ClockSlideSchema]);
export type Slide = z.infer<typeof SlideSchema>;
export type SlideInput = z.input<typeof SlideSchema>;

/** The words a person has to read on the slide (for reading time and glyph checks). */
export function slideText(slide: Slide): string {
  switch (slide.kind) {
    case 'text':
      return slide.secondLine ? `${slide.text}\n${slide.secondLine}` : slide.text;
    case 'qr':
      return slide.caption ?? '';
    default:
      return '';
  }
}

/** How a report names a slide: its name, else its words, else what kind of slide it is. */
export function slideTitle(slide: Slide): string {
  if (slide.name) return slide.name;
  const words = slideText(slide).replace(/\s+/g, ' ').trim();
  if (words) return words;
  switch (slide.kind) {
    case 'image':
      return 'Hình ảnh';
    case 'clock':
      return 'Đồng hồ';
    case 'qr':
      return `Mã QR: ${slide.data}`;
    default:
      return slide.id;
  }
}
