// A playlist is an ordered loop of slides, each shown for its duration.
import { z } from 'zod';
import { IdSchema } from './board.ts';
import { bi } from './messages.ts';
import { DurationSecondsSchema } from './slide.ts';
import { NameSchema } from './text.ts';

export const PlaylistItemSchema = z.object({
  slideId: IdSchema,
  /** Overrides the slide's own duration in this playlist. */
  durationSeconds: DurationSecondsSchema.optional(),
});
export type PlaylistItem = z.infer<typeof PlaylistItemSchema>;

export const PlaylistSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  items: z.array(PlaylistItemSchema).min(1, bi('danh sách phát cần ít nhất một trang', 'a playlist needs at least one slide')).max(500),
});
export type Playlist = z.infer<typeof PlaylistSchema>;
