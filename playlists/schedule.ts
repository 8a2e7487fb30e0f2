// Schedule entries say which playlist plays on which boards. The walking skeleton has only the
// always-on kind; windows, layers and priorities come with the scheduling engine.
import { z } from 'zod';
import { IdSchema } from './board.ts';
import { bi } from './messages.ts';

export const ScheduleEntrySchema = z.object({
  id: IdSchema,
  playlistId: IdSchema,
  boardIds: z.array(IdSchema).min(1, bi('chọn ít nhất một bảng', 'name at least one board')).max(10_000),
  kind: z.literal('always'),
  /** Fixed instant (ms since epoch) the playlist's loop is anchored to: the same on every board. */
  anchorAt: z.number().int().nonnegative(),
});
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;
