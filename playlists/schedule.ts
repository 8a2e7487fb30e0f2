// Scheduling model: schedule entries (which playlist plays where and when), board groups, the
// display schedule (brightness, power-off), and the two admin overrides — emergency and blackout.
// Dates and times of day are in the board's own time zone; instants are ms since the epoch (UTC).
import { z } from 'zod';
import { IdSchema } from './board.ts';
import { bi } from './messages.ts';
import { NameSchema } from './text.ts';

/** A calendar date, YYYY-MM-DD, in the board's time zone. */
export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, bi('ngày theo dạng YYYY-MM-DD, ví dụ 2026-07-01', 'must be a date as YYYY-MM-DD, e.g. 2026-07-01'))
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, bi('ngày không tồn tại', 'is not a real date'));

/** A time of day, HH:MM or HH:MM:SS (24-hour). */
export const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, bi('giờ theo dạng HH:MM (24 giờ), ví dụ 05:30', 'must be a time as HH:MM (24-hour), e.g. 05:30'));

/** Seconds after local midnight. */
export function secondsOfDay(time: string): number {
  const [h, m, s] = time.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const WeekdaysSchema = z
  .array(z.number().int().min(1, bi('thứ trong tuần từ 1 (thứ Hai) đến 7 (Chủ nhật)', 'weekdays are 1 (Monday) to 7 (Sunday)')).max(7, bi('thứ trong tuần từ 1 (thứ Hai) đến 7 (Chủ nhật)', 'weekdays are 1 (Monday) to 7 (Sunday)')))
  .min(1, bi('chọn ít nhất một ngày trong tuần', 'choose at least one weekday'))
  .transform((days) => [...new Set(days)].sort((a, b) => a - b));

/** A daily window; end before start crosses midnight (22:00–05:00). */
export const WindowSchema = z
  .object({ start: TimeOfDaySchema, end: TimeOfDaySchema })
  .refine((w) => secondsOfDay(w.start) !== secondsOfDay(w.end), {
    message: bi('khung giờ có độ dài bằng 0: giờ kết thúc phải khác giờ bắt đầu (bỏ khung giờ nếu muốn cả ngày)', 'zero-length window: the end must differ from the start (leave the window out for all day)'),
    path: ['end'],
  });
export type Window = z.infer<typeof WindowSchema>;

export const RecurrenceSchema = z.discriminatedUnion('kind', [
  /** Plays all the time within the date range. */
  z.object({ kind: z.literal('always') }),
  /** On the given weekdays, within a daily window (or all day). */
  z.object({
    kind: z.literal('daily'),
    weekdays: WeekdaysSchema.default([1, 2, 3, 4, 5, 6, 7]),
    window: WindowSchema.nullable().default(null),
  }),
  /** Starts at each time a 5-field cron expression fires (board time zone), for a duration. */
  z.object({
    kind: z.literal('cron'),
    expression: z.string().min(9).max(120),
    durationMinutes: z.number().int().min(1, bi('thời lượng ít nhất 1 phút', 'the duration is at least 1 minute')).max(7 * 24 * 60, bi('thời lượng tối đa 7 ngày', 'the duration is at most 7 days')),
  }),
]);
export type Recurrence = z.infer<typeof RecurrenceSchema>;

export const ScheduledLayerSchema = z.enum(['interrupt', 'campaign', 'default']);
export type ScheduledLayer = z.infer<typeof ScheduledLayerSchema>;

export const TargetsSchema = z
  .object({
    boardIds: z.array(IdSchema).max(10_000).default([]),
    groupIds: z.array(IdSchema).max(1_000).default([]),
  })
  .refine((t) => t.boardIds.length + t.groupIds.length > 0, bi('chọn ít nhất một bảng hoặc một nhóm bảng', 'name at least one board or group'));
export type Targets = z.infer<typeof TargetsSchema>;

export const PRIORITY_MIN = 0;
export const PRIORITY_MAX = 100;

/** The fields of an entry, without the cross-field rule (APIs derive their bodies from it). */
export const ScheduleEntryFieldsSchema = z.object({
    id: IdSchema,
    name: NameSchema.optional(),
    playlistId: IdSchema,
    targets: TargetsSchema,
    layer: ScheduledLayerSchema.default('campaign'),
    /** Higher wins within a layer; equal priorities that overlap rotate together. */
    priority: z
      .number()
      .int()
      .min(PRIORITY_MIN, bi(`độ ưu tiên từ ${PRIORITY_MIN} đến ${PRIORITY_MAX}`, `priority is ${PRIORITY_MIN} to ${PRIORITY_MAX}`))
      .max(PRIORITY_MAX, bi(`độ ưu tiên từ ${PRIORITY_MIN} đến ${PRIORITY_MAX}`, `priority is ${PRIORITY_MIN} to ${PRIORITY_MAX}`))
      .default(50),
    /** First and last day (inclusive), board time zone; null = open-ended. */
    startDate: LocalDateSchema.nullable().default(null),
    endDate: LocalDateSchema.nullable().default(null),
    excludedDates: z.array(LocalDateSchema).max(366).default([]),
    recurrence: RecurrenceSchema.default({ kind: 'always' }),
    /** Fixed instant the 'always' loop is anchored to (ms); windows anchor at their own start. */
    anchorAt: z.number().int().nonnegative(),
});

/** The end date may not come before the start date. */
export function datesInOrder(e: { startDate: string | null; endDate: string | null }, ctx: z.RefinementCtx): void {
  if (e.startDate && e.endDate && e.startDate > e.endDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: bi('ngày kết thúc trước ngày bắt đầu', 'the end date is before the start date') });
  }
}

export const ScheduleEntrySchema = ScheduleEntryFieldsSchema.superRefine(datesInOrder);
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;

export const GroupSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  boardIds: z.array(IdSchema).max(10_000).default([]),
  /** Plays when nothing else is scheduled on a member board that has no default of its own. */
  defaultPlaylistId: IdSchema.nullable().default(null),
});
export type Group = z.infer<typeof GroupSchema>;

const BrightnessLevelSchema = z.number().int().min(0, bi('độ sáng từ 0 đến 100', 'brightness is 0 to 100')).max(100, bi('độ sáng từ 0 đến 100', 'brightness is 0 to 100'));

export const DisplayScheduleSchema = z.object({
  /** Brightness (percent) inside each window; 100 outside every window. */
  brightness: z.array(z.object({ window: WindowSchema, weekdays: WeekdaysSchema.default([1, 2, 3, 4, 5, 6, 7]), level: BrightnessLevelSchema })).max(50).default([]),
  /** The board shows black inside each window (it is off). */
  powerOff: z.array(z.object({ window: WindowSchema, weekdays: WeekdaysSchema.default([1, 2, 3, 4, 5, 6, 7]) })).max(50).default([]),
});
export type DisplaySchedule = z.infer<typeof DisplayScheduleSchema>;

/** Admin overrides: an emergency shows its playlist, a blackout shows black, on the targets. */
export const OverrideTargetsSchema = z
  .object({
    all: z.boolean().default(false),
    boardIds: z.array(IdSchema).max(10_000).default([]),
    groupIds: z.array(IdSchema).max(1_000).default([]),
  })
  .refine((t) => t.all || t.boardIds.length + t.groupIds.length > 0, bi('chọn bảng, nhóm bảng, hoặc tất cả (all: true)', 'name boards, groups, or all (all: true)'));
export type OverrideTargets = z.infer<typeof OverrideTargetsSchema>;

export interface Override {
  id: string;
  kind: 'emergency' | 'blackout';
  targets: OverrideTargets;
  /** Emergency only: what to show. */
  playlistId: string | null;
  startsAt: number;
  /** null = until cleared (blackout only; an emergency always has an expiry). */
  expiresAt: number | null;
  clearedAt: number | null;
  reason: string | null;
  /** Who raised it, and who cleared it ('expiry' when it ran out). */
  createdBy: string;
  clearedBy: string | null;
}
