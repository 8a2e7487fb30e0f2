// The compiler: one board's schedule → the segments of its manifest over a horizon. Pure and
// deterministic (same input, same output): the controller calls it for every board and hashes
// the result into the manifest's version; tests call it with generated schedules.
//
// Precedence, highest first: blackout (black) › emergency › power-off (black) › interrupt ›
// campaign › default. Within a layer the highest priority wins; equal priorities that overlap
// rotate their playlists together as one loop. With nothing to show the board is black, and the
// segment says why.
import { DateTime } from 'luxon';
import type { BlackReason, BrightnessSpan, Layer, ManifestContent, ManifestItem, PlaySegment, Segment } from './manifest.ts';
import type { DisplaySchedule, ScheduleEntry, Window } from './schedule.ts';
import { secondsOfDay } from './schedule.ts';

export interface CompileEntry {
  entry: ScheduleEntry;
  /** The entry's playlist, rendered for this board. */
  items: ManifestItem[];
}

export interface CompileOverride {
  id: string;
  kind: 'emergency' | 'blackout';
  startsAt: number;
  /** null = until cleared. */
  expiresAt: number | null;
  /** Emergency only. */
  items?: ManifestItem[];
}

/** Start instants of a cron expression's firings in [from, to), in a time zone. */
export type CronOccurrences = (expression: string, timeZone: string, from: number, to: number) => number[];

export interface CompileInput {
  boardId: string;
  board: { width: number; height: number; timeZone: string };
  horizon: { from: number; to: number };
  entries: CompileEntry[];
  overrides: CompileOverride[];
  display: DisplaySchedule;
  /** The board's (or its group's) default playlist: plays when nothing else is scheduled. */
  defaultLoop: { playlistId: string; items: ManifestItem[] } | null;
  cronOccurrences?: CronOccurrences;
}

export interface Occurrence {
  start: number;
  end: number;
  /** The instant its loop is anchored to. */
  anchor: number;
}

const DAY_MS = 86_400_000;

function localMidnight(date: DateTime): number {
  return date.startOf('day').toMillis();
}

/**
 * Local wall-clock time on a day → an instant. In a DST gap (02:30 on a spring-forward night) it
 * is the transition itself (03:00 CEST), not luxon's "shift by the gap" (03:30). In a repeated
 * hour (autumn) a window starts at the first occurrence and ends at the last, so it covers every
 * moment the board's clock shows a time inside it.
 */
function atLocal(day: DateTime, seconds: number, which: 'first' | 'last' = 'first'): number {
  const r = day.startOf('day').set({ hour: Math.floor(seconds / 3600), minute: Math.floor((seconds % 3600) / 60), second: seconds % 60 });
  const wall = (d: DateTime) => d.hour * 3600 + d.minute * 60 + d.second;
  if (wall(r) === seconds) {
    if (which === 'last') {
      const later = DateTime.fromMillis(r.toMillis() + (r.offset - r.plus({ hours: 3 }).offset) * 60_000, { zone: r.zone });
      if (later > r && wall(later) === seconds && later.hasSame(day, 'day')) return later.toMillis();
    }
    return r.toMillis();
  }
  let t = r;
  for (let i = 0; i < 240; i++) {
    const earlier = t.minus({ minutes: 1 });
    if (!earlier.hasSame(day, 'day') || wall(earlier) < seconds) break;
    t = earlier;
  }
  return t.toMillis();
}

/** Each local day overlapping [from, to), starting a day early for windows crossing midnight. */
function localDays(timeZone: string, from: number, to: number): DateTime[] {
  const days: DateTime[] = [];
  let day = DateTime.fromMillis(from - DAY_MS, { zone: timeZone }).startOf('day');
  const last = DateTime.fromMillis(to, { zone: timeZone }).startOf('day');
  while (day <= last) {
    days.push(day);
    day = day.plus({ days: 1 });
  }
  return days;
}

function dateAllowed(entry: ScheduleEntry, isoDate: string): boolean {
  if (entry.startDate && isoDate < entry.startDate) return false;
  if (entry.endDate && isoDate > entry.endDate) return false;
  return !entry.excludedDates.includes(isoDate);
}

function windowOn(day: DateTime, window: Window): { start: number; end: number } {
  const s = secondsOfDay(window.start);
  const e = secondsOfDay(window.end);
  const start = atLocal(day, s);
  const end = e > s ? atLocal(day, e, 'last') : atLocal(day.plus({ days: 1 }), e, 'last');
  return { start, end };
}

/**
 * Occurrences depend only on the entry's timing, the zone and the range, and thousands of boards
 * share them: remembered (a bounded cache; the function stays pure for its callers).
 */
const occurrenceCache = new Map<string, Occurrence[]>();

/** When an entry plays within [from, to), in the board's time zone, clipped to the range. */
export function occurrences(entry: ScheduleEntry, timeZone: string, from: number, to: number, cron?: CronOccurrences): Occurrence[] {
  const key = JSON.stringify([timeZone, from, to, entry.startDate, entry.endDate, entry.excludedDates, entry.recurrence, entry.anchorAt]);
  const hit = occurrenceCache.get(key);
  if (hit) return hit.map((o) => ({ ...o }));
  const computed = computeOccurrences(entry, timeZone, from, to, cron);
  if (occurrenceCache.size >= 5000) occurrenceCache.clear();
  occurrenceCache.set(key, computed);
  return computed.map((o) => ({ ...o }));
}

function computeOccurrences(entry: ScheduleEntry, timeZone: string, from: number, to: number, cron?: CronOccurrences): Occurrence[] {
  const out: Occurrence[] = [];
  const push = (start: number, end: number, anchor: number) => {
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (s < e) out.push({ start: s, end: e, anchor });
  };
  const r = entry.recurrence;
  if (r.kind === 'cron') {
    if (!cron) throw new Error('cron recurrence needs a cronOccurrences function');
    const duration = r.durationMinutes * 60_000;
    for (const start of cron(r.expression, timeZone, from - duration, to)) {
      const isoDate = DateTime.fromMillis(start, { zone: timeZone }).toISODate()!;
      if (dateAllowed(entry, isoDate)) push(start, start + duration, start);
    }
  } else {
    for (const day of localDays(timeZone, from, to)) {
      const isoDate = day.toISODate()!;
      if (!dateAllowed(entry, isoDate)) continue;
      if (r.kind === 'always') {
        push(localMidnight(day), localMidnight(day.plus({ days: 1 })), entry.anchorAt);
      } else {
        if (!r.weekdays.includes(day.weekday)) continue;
        if (r.window) {
          const w = windowOn(day, r.window);
          push(w.start, w.end, w.start);
        } else {
          push(localMidnight(day), localMidnight(day.plus({ days: 1 })), entry.anchorAt);
        }
      }
    }
  }
  return mergeTouching(out);
}

/** Joins occurrences that touch and share an anchor (consecutive all-day days). */
function mergeTouching(list: Occurrence[]): Occurrence[] {
  list.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Occurrence[] = [];
  for (const o of list) {
    const last = out[out.length - 1];
    if (last && last.anchor === o.anchor && o.start <= last.end) last.end = Math.max(last.end, o.end);
    else out.push({ ...o });
  }
  return out;
}

/** Daily windows on weekdays (display schedule) within [from, to). */
function dailyWindows(windows: { window: Window; weekdays: number[] }[], timeZone: string, from: number, to: number): { start: number; end: number; index: number }[] {
  const out: { start: number; end: number; index: number }[] = [];
  if (!windows.length) return out;
  const days = localDays(timeZone, from, to);
  windows.forEach((w, index) => {
    for (const day of days) {
      if (!w.weekdays.includes(day.weekday)) continue;
      const { start, end } = windowOn(day, w.window);
      const s = Math.max(start, from);
      const e = Math.min(end, to);
      if (s < e) out.push({ start: s, end: e, index });
    }
  });
  return out;
}

interface Candidate {
  id: string;
  layer: Exclude<Layer, 'emergency'>;
  priority: number;
  occ: Occurrence[];
  items: ManifestItem[];
}

const active = (o: { start: number; end: number }, t: number) => o.start <= t && t < o.end;

type Piece = { kind: 'play'; layer: Layer; entryIds: string[]; anchorAt: number; items: ManifestItem[] } | { kind: 'black'; reason: BlackReason; overrideId?: string };

function pieceKey(p: Piece): string {
  return p.kind === 'black' ? `black|${p.reason}|${p.overrideId ?? ''}` : `play|${p.layer}|${p.entryIds.join(',')}|${p.anchorAt}|${p.items.map((i) => `${i.sha256}:${i.durationMs}`).join(',')}`;
}

/** Rotates equal-priority winners together: items concatenated in id order, earliest anchor. */
function rotate(layer: Layer, winners: { id: string; anchor: number; items: ManifestItem[] }[]): Piece {
  const sorted = [...winners].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    kind: 'play',
    layer,
    entryIds: sorted.map((w) => w.id),
    anchorAt: Math.min(...sorted.map((w) => w.anchor)),
    items: sorted.flatMap((w) => w.items.map((i) => ({ ...i, entryId: w.id }))),
  };
}

export function compile(input: CompileInput): ManifestContent {
  const { horizon, board } = input;
  const tz = board.timeZone;
  const { from, to } = horizon;

  const candidates: Candidate[] = input.entries
    .filter((e) => e.items.length > 0)
    .map((e) => ({ id: e.entry.id, layer: e.entry.layer, priority: e.entry.priority, occ: occurrences(e.entry, tz, from, to, input.cronOccurrences), items: e.items }));
  const overrides = input.overrides.map((o) => ({ ...o, start: Math.max(o.startsAt, from), end: Math.min(o.expiresAt ?? Infinity, to) })).filter((o) => o.start < o.end);
  const powerOff = dailyWindows(input.display.powerOff, tz, from, to);

  const points = new Set<number>([from, to]);
  for (const c of candidates) for (const o of c.occ) points.add(o.start).add(o.end);
  for (const o of overrides) points.add(o.start).add(o.end);
  for (const w of powerOff) points.add(w.start).add(w.end);
  const bounds = [...points].filter((p) => p >= from && p <= to).sort((a, b) => a - b);

  const pieceAt = (t: number): Piece => {
    const blackout = overrides.filter((o) => o.kind === 'blackout' && active(o, t)).sort((a, b) => b.startsAt - a.startsAt || (a.id < b.id ? -1 : 1))[0];
    if (blackout) return { kind: 'black', reason: 'blackout', overrideId: blackout.id };
    const emergencies = overrides.filter((o) => o.kind === 'emergency' && active(o, t) && (o.items?.length ?? 0) > 0);
    if (emergencies.length) return rotate('emergency', emergencies.map((o) => ({ id: o.id, anchor: o.startsAt, items: o.items! })));
    if (powerOff.some((w) => active(w, t))) return { kind: 'black', reason: 'power-off' };
    for (const layer of ['interrupt', 'campaign', 'default'] as const) {
      const live = candidates.filter((c) => c.layer === layer).map((c) => ({ c, o: c.occ.find((o) => active(o, t)) })).filter((x) => x.o);
      if (!live.length) continue;
      const top = Math.max(...live.map((x) => x.c.priority));
      return rotate(layer, live.filter((x) => x.c.priority === top).map((x) => ({ id: x.c.id, anchor: x.o!.anchor, items: x.c.items })));
    }
    if (input.defaultLoop && input.defaultLoop.items.length) {
      // Anchored at the epoch: every board with this default is in phase, across recompiles.
      return { kind: 'play', layer: 'default', entryIds: [`default:${input.defaultLoop.playlistId}`], anchorAt: 0, items: input.defaultLoop.items };
    }
    return { kind: 'black', reason: 'nothing-scheduled' };
  };

  const segments: Segment[] = [];
  let lastKey = '';
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i]!;
    const b = bounds[i + 1]!;
    const piece = pieceAt(a);
    const key = pieceKey(piece);
    const last = segments[segments.length - 1];
    if (last && key === lastKey) {
      last.to = b;
      continue;
    }
    lastKey = key;
    segments.push(piece.kind === 'black' ? { kind: 'black', from: a, to: b, reason: piece.reason, ...(piece.overrideId ? { overrideId: piece.overrideId } : {}) } : ({ ...piece, from: a, to: b } as PlaySegment));
  }

  return {
    schemaVersion: 3,
    boardId: input.boardId,
    board: { width: board.width, height: board.height, timeZone: tz },
    horizon: { from, to },
    segments,
    brightness: brightnessSpans(input.display, tz, from, to),
    fallback: input.defaultLoop && input.defaultLoop.items.length ? { anchorAt: 0, items: input.defaultLoop.items } : null,
  };
}

/** Brightness below 100 % as spans; where windows overlap, the dimmest wins. */
function brightnessSpans(display: DisplaySchedule, tz: string, from: number, to: number): BrightnessSpan[] {
  const windows = dailyWindows(display.brightness, tz, from, to);
  if (!windows.length) return [];
  const points = [...new Set(windows.flatMap((w) => [w.start, w.end]))].sort((a, b) => a - b);
  const spans: BrightnessSpan[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const levels = windows.filter((w) => active(w, a)).map((w) => display.brightness[w.index]!.level);
    const level = levels.length ? Math.min(...levels) : 100;
    if (level === 100) continue;
    const last = spans[spans.length - 1];
    if (last && last.to === a && last.level === level) last.to = b;
    else spans.push({ from: a, to: b, level });
  }
  return spans;
}
