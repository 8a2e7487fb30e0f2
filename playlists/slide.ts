// Slides: what one screenful of a playlist is. The text kind is the campaign slogan; later kinds
// (image, qr, clock) join the discriminated union without changing the playlist model.
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

export const TextSlideSchema = z.object({
  id: IdSchema,
  kind: z.literal('text'),
  name: NameSchema.optional(),
  /** The words on the board; a line break forces a new line. */
  text: humanText(2000),
  durationSeconds: DurationSecondsSchema.default(DEFAULT_DURATION_SECONDS),
});
export type TextSlide = z.infer<typeof TextSlideSchema>;

export const SlideSchema = z.discriminatedUnion('kind', [TextSlideSchema]);
export type Slide = z.infer<typeof SlideSchema>;
