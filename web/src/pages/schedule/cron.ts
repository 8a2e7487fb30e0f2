// Cron firings in the browser, so the calendar can draw cron entries like the others: the
// 5-field syntax staff write (numbers, *, ranges, steps, lists, month and weekday names; weekday
// 0 or 7 = Sunday), every field required to match as node-cron does on the controller. node-cron's
// extensions (L, #) are not understood here: such an entry is listed with a note instead of drawn.
import { DateTime } from 'luxon';
import type { CronOccurrences } from '@playlists/compiler.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  min: number;
  max: number;
  names?: string[];
  /** First name's number (jan = 1, sun = 0). */
  nameBase?: number;
}

const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 7, names: DAYS, nameBase: 0 },
];

function value(token: string, f: Field): number | null {
  const lower = token.toLowerCase();
  if (f.names) {
    const i = f.names.findIndex((n) => lower.startsWith(n));
    if (i >= 0) return i + (f.nameBase ?? 0);
  }
  if (!/^\d+$/.test(token)) return null;
  const n = Number(token);
  return n >= f.min && n <= f.max ? n : null;
}

/** The values a field allows, or null when it uses syntax this matcher does not know. */
function parseField(text: string, f: Field): Set<number> | null {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) && Number(stepText) > 0 ? Number(stepText) : null;
    if (step === null) return null;
    let lo: number | null;
    let hi: number | null;
    if (range === '*') {
      lo = f.min;
      hi = f.max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      lo = value(a, f);
      hi = value(b, f);
    } else {
      lo = value(range, f);
      hi = stepText === undefined ? lo : f.max;
    }
    if (lo === null || hi === null || lo > hi) return null;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export interface CronMatcher {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  /** ISO weekdays 1–7. */
  weekdays: Set<number>;
}

export function parseCron(expression: string): CronMatcher | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!));
  if (sets.some((s) => s === null)) return null;
  const [minutes, hours, days, months, dow] = sets as Set<number>[];
  return {
    minutes: [...minutes!].sort((a, b) => a - b),
    hours: [...hours!].sort((a, b) => a - b),
    days: days!,
    months: months!,
    weekdays: new Set([...dow!].map((d) => (d === 0 ? 7 : d))),
  };
}

/** Start instants in [from, to) of an expression this matcher understands, in a time zone. */
export const browserCronOccurrences: CronOccurrences = (expression, timeZone, from, to) => {
  const m = parseCron(expression);
  if (!m) throw new Error(`unsupported cron expression: ${expression}`);
  const out: number[] = [];
  let day = DateTime.fromMillis(from, { zone: timeZone }).startOf('day');
  const last = DateTime.fromMillis(to, { zone: timeZone }).startOf('day');
  while (day <= last) {
    if (m.months.has(day.month) && m.days.has(day.day) && m.weekdays.has(day.weekday)) {
      for (const hour of m.hours) {
        for (const minute of m.minutes) {
          const at = day.set({ hour, minute });
          // A time that does not exist that day (a DST gap) does not fire.
          if (at.hour !== hour || at.minute !== minute) continue;
          const t = at.toMillis();
          if (t >= from && t < to) out.push(t);
        }
      }
    }
    day = day.plus({ days: 1 });
  }
  return out;
};
