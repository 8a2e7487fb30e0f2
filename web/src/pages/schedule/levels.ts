// Named priority levels and layer colours: staff choose "Ưu tiên", not 70; other numbers (set
// through the API) read "Tuỳ chỉnh (n)". Colours are dark enough for white text on the calendar.
import type { ScheduledLayer } from '@playlists/schedule.ts';

export const PRIORITY_LEVELS = [
  { key: 'urgent', value: 90 },
  { key: 'high', value: 70 },
  { key: 'normal', value: 50 },
  { key: 'default', value: 10 },
] as const;
export type PriorityKey = (typeof PRIORITY_LEVELS)[number]['key'];

export function priorityKey(n: number): PriorityKey | null {
  return PRIORITY_LEVELS.find((l) => l.value === n)?.key ?? null;
}

/** "Ưu tiên", or "Tuỳ chỉnh (63)". */
export function priorityName(n: number, t: (key: string, opts?: Record<string, unknown>) => string): string {
  const key = priorityKey(n);
  return key ? t(`common:priority.${key}`) : t('schedule:priorityCustom', { n });
}

export const LAYERS: ScheduledLayer[] = ['interrupt', 'campaign', 'default'];

/** Background of a layer's events (white text on it passes WCAG AA). */
export const LAYER_COLOURS: Record<ScheduledLayer, string> = {
  interrupt: '#c2410c',
  campaign: '#1864ab',
  default: '#495057',
};

/** Ink of "awaiting approval" marks: amber dark enough to read on white. */
export const PENDING_INK = '#8a5300';
