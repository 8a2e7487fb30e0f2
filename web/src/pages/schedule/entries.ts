// The schedule as the calendar draws it: approved entries (each with its pending change, if any)
// and new entries that exist only as drafts, expanded into the time they play in the board's time
// zone with the compiler's own `occurrences` (cron firings by a matcher in the browser).
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useMemo } from 'react';
import type { ChangeSummary } from '@playlists/api/changes.ts';
import { occurrences } from '@playlists/compiler.ts';
import type { ScheduleEntry } from '@playlists/schedule.ts';
import { API, call } from '../../api/index.ts';
import { BOARDS_KEY } from '../../live/ops.tsx';
import { browserCronOccurrences, parseCron } from './cron.ts';

export interface CalendarEntry {
  /** What is drawn: the approved version, or the proposed one of an entry never approved. */
  entry: ScheduleEntry;
  /** false: a new entry that exists only as a draft. */
  approved: boolean;
  pendingChange: ChangeSummary | null;
}

/** Every board, live in the cache (pushed over /ops). */
export function useBoardList() {
  return useQuery({ queryKey: BOARDS_KEY, queryFn: () => call(API.listBoards), staleTime: Infinity });
}

export const ENTRIES_KEY = ['schedule-entries'] as const;
export const ENTRY_CHANGES_KEY = ['changes', 'entry', 'open'] as const;

export function useCalendarEntries() {
  const entries = useQuery({ queryKey: ENTRIES_KEY, queryFn: () => call(API.listEntries) });
  const changes = useQuery({ queryKey: ENTRY_CHANGES_KEY, queryFn: () => call(API.listChanges, { query: { kind: 'entry', status: 'draft,submitted,rejected' } }) });
  const approvedIds = useMemo(() => new Set((entries.data ?? []).map((e) => e.id)), [entries.data]);
  const fresh = useMemo(() => (entries.data ? (changes.data ?? []).filter((c) => !approvedIds.has(c.targetId) && c.op === 'save') : []), [changes.data, entries.data, approvedIds]);
  const details = useQuery({
    queryKey: ['changes', 'entry', 'proposed', fresh.map((c) => `${c.id}:${c.version}`)],
    queryFn: () => Promise.all(fresh.map((c) => call(API.getChange, { params: { id: c.id } }))),
    enabled: fresh.length > 0,
    staleTime: Infinity,
  });
  const list = useMemo<CalendarEntry[]>(() => {
    const out: CalendarEntry[] = (entries.data ?? []).map(({ pendingChange, ...entry }) => ({ entry: entry as ScheduleEntry, approved: true, pendingChange }));
    for (const d of details.data ?? []) {
      const c = fresh.find((f) => f.id === d.id);
      const proposed = d.proposed as ScheduleEntry | null;
      if (c && proposed) out.push({ entry: proposed, approved: false, pendingChange: c });
    }
    return out;
  }, [entries.data, fresh, details.data]);
  return { list, isPending: entries.isPending || changes.isPending, error: entries.error ?? changes.error };
}

/** The wall-clock time of an instant in a zone, as FullCalendar reads it with timeZone 'UTC'. */
export function wallOf(t: number, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** The instant a wall-clock time (calendar's UTC-coded Date or ISO string) stands for in a zone. */
export function instantOf(wall: Date | string, zone: string): number {
  const iso = typeof wall === 'string' ? wall : wall.toISOString().slice(0, 19);
  return DateTime.fromISO(iso, { zone }).toMillis();
}

/** The board-local date (YYYY-MM-DD) and time (HH:mm) of the calendar's UTC-coded Date. */
export function wallParts(d: Date): { date: string; time: string } {
  const iso = d.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export interface Span {
  start: number;
  end: number;
}

/** When an entry plays in [from, to); null when its cron expression cannot be read here. */
export function spansOf(entry: ScheduleEntry, zone: string, from: number, to: number): Span[] | null {
  if (entry.recurrence.kind === 'cron' && !parseCron(entry.recurrence.expression)) return null;
  return occurrences(entry, zone, from, to, browserCronOccurrences).map(({ start, end }) => ({ start, end }));
}

/** Whether an entry reaches a board, directly or through a group. */
export function reaches(entry: ScheduleEntry, boardId: string, groups: readonly { id: string; boardIds: string[] }[]): boolean {
  if (entry.targets.boardIds.includes(boardId)) return true;
  return groups.some((g) => entry.targets.groupIds.includes(g.id) && g.boardIds.includes(boardId));
}
