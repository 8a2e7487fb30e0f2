// A board is one physical LED screen: its exact pixel size is what everything is rendered at.
import { z } from 'zod';
import { bi } from './messages.ts';
import { NameSchema } from './text.ts';

export const IdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, bi('mã gồm 1–63 chữ thường không dấu, số hoặc dấu gạch ngang, bắt đầu bằng chữ hoặc số', 'must be 1–63 lower-case letters, digits or dashes, starting with a letter or digit'));
export type Id = z.infer<typeof IdSchema>;

export const TimeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, bi('phải là múi giờ IANA, ví dụ Asia/Ho_Chi_Minh', 'must be an IANA time zone such as Asia/Ho_Chi_Minh'));

export const BoardSizeSchema = z.object({
  width: z.number().int().min(16, bi('ít nhất 16 px', 'must be at least 16 px')).max(7680, bi('tối đa 7680 px', 'must be at most 7680 px')),
  height: z.number().int().min(16, bi('ít nhất 16 px', 'must be at least 16 px')).max(4320, bi('tối đa 4320 px', 'must be at most 4320 px')),
});
export type BoardSize = z.infer<typeof BoardSizeSchema>;

export const BoardSchema = BoardSizeSchema.extend({
  id: IdSchema,
  name: NameSchema,
  timeZone: TimeZoneSchema.default('Asia/Ho_Chi_Minh'),
  /** Physical pixel pitch in millimetres (P10 = 10); used for legibility in mm. */
  pitchMm: z.number().positive().max(100).default(10),
});
export type Board = z.infer<typeof BoardSchema>;
