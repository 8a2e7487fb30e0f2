// The time arithmetic of reports, pure: a board's local day, the instants a local day spans (23 or
// 25 hours where a zone shifts its clocks), and how a board's status history divides into the
// states a report counts, day by day. The controller's report and the tests use the same code.
import { DateTime } from 'luxon';
import type { LiveState } from './board-state.ts';

/** A board's state over a stretch of time: a LiveState from the status function, or unknown (the controller itself was not running). */
export type HistoryState = Exclude<LiveState, 'never'> | 'unknown';
export const HISTORY_STATES: readonly HistoryState[] = ['playing', 'emergency', 'blackout', 'power-off', 'black', 'stale', 'offline', 'unknown'];

export interface Interval {
  state: HistoryState;
  startedAt: number;
  /** null: it lasts until now. */
  endedAt: number | null;
}

export interface DayUptime {
  onlineMs: number;
  staleMs: number;
  offlineMs: number;
  /** No record: the controller was down, or the board was not yet paired or did not exist. */
  unknownMs: number;
  darkMs: number;
  emergencyMs: number;
  /** Emergency stretches that began this day. */
  emergencies: number;
}

const ONLINE: ReadonlySet<HistoryState> = new Set(['playing', 'emergency', 'blackout', 'power-off', 'black']);
const DARK: ReadonlySet<HistoryState> = new Set(['blackout', 'power-off', 'black']);

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local day (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDay(t: number, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    // en-CA writes dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(t);
}

const bounds = new Map<string, { start: number; end: number }>();

/** The instants [start, end) of a local day. */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  const key = `${timeZone} ${day}`;
  let b = bounds.get(key);
  if (!b) {
    const start = DateTime.fromISO(day, { zone: timeZone }).startOf('day');
    b = { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
    // A year of days in a few zones: a small, bounded cache.
    if (bounds.size > 20_000) bounds.clear();
    bounds.set(key, b);
  }
  return b;
}

/** Every day from `from` to `to`, inclusive (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  let d = DateTime.fromISO(from, { zone: 'UTC' });
  const last = DateTime.fromISO(to, { zone: 'UTC' });
  while (d <= last) {
    days.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return days;
}

/**
 * How each day of the period was spent, from a board's status history. Only the past counts: a day
 * (or the part of today) after `now` is not in any state. online + stale + offline + unknown = the
 * elapsed part of the day.
 */
export function uptimeByDay(intervals: readonly Interval[], days: readonly string[], timeZone: string, now: number): Map<string, DayUptime> {
  const out = new Map<string, DayUptime>();
  const sorted = [...intervals].sort((a, b) => a.startedAt - b.startedAt);
  // Days come in order: stretches wholly before a day are behind every later day too.
  let first = 0;
  for (const day of days) {
    const { start, end: dayEnd } = dayBounds(day, timeZone);
    const end = Math.min(dayEnd, now);
    const u: DayUptime = { onlineMs: 0, staleMs: 0, offlineMs: 0, unknownMs: 0, darkMs: 0, emergencyMs: 0, emergencies: 0 };
    out.set(day, u);
    if (end <= start) continue;
    let covered = 0;
    while (first < sorted.length && (sorted[first]!.endedAt ?? now) <= start && sorted[first]!.startedAt < start) first += 1;
    for (let i = first; i < sorted.length; i++) {
      const iv = sorted[i]!;
      if (iv.startedAt >= end) break;
      const ivEnd = iv.endedAt ?? now;
      const a = Math.max(start, iv.startedAt);
      const b = Math.min(end, ivEnd);
      if (iv.state === 'emergency' && iv.startedAt >= start && iv.startedAt < end) u.emergencies += 1;
      if (b <= a) continue;
      const ms = b - a;
      covered += ms;
      if (ONLINE.has(iv.state)) u.onlineMs += ms;
      else if (iv.state === 'stale') u.staleMs += ms;
      else if (iv.state === 'offline') u.offlineMs += ms;
      else u.unknownMs += ms;
      if (DARK.has(iv.state)) u.darkMs += ms;
      if (iv.state === 'emergency') u.emergencyMs += ms;
    }
    // Time no interval covers (before the first heartbeat ever, or a board added that day) is unknown.
    u.unknownMs += Math.max(0, end - start - covered);
  }
  return out;
}
