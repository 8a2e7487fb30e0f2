// Cron recurrences: validated with node-cron's own validator; firings enumerated minute by
// minute with node-cron's matcher in the board's time zone (only 5-field expressions: whole
// minutes), memoised because every board in a zone shares the same answer.
import cron from 'node-cron';
import type { CronOccurrences } from '../../playlists/compiler.ts';

const MINUTE = 60_000;

/** A human-readable reason the expression is refused, or null when it is valid. */
export function cronProblem(expression: string): { vi: string; en: string } | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return {
      vi: `Biểu thức cron cần đúng 5 trường (phút giờ ngày tháng thứ), ví dụ "30 5 * * 1-5"; "${expression}" có ${fields.length}.`,
      en: `A cron expression needs exactly 5 fields (minute hour day month weekday), e.g. "30 5 * * 1-5"; "${expression}" has ${fields.length}.`,
    };
  }
  if (!cron.validate(expression)) {
    return { vi: `Biểu thức cron "${expression}" không hợp lệ.`, en: `The cron expression "${expression}" is not valid.` };
  }
  return null;
}

const cache = new Map<string, number[]>();

export const cronOccurrences: CronOccurrences = (expression, timeZone, from, to) => {
  const key = `${expression}|${timeZone}|${from}|${to}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
  const out: number[] = [];
  try {
    for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to; t += MINUTE) if (task.match(new Date(t))) out.push(t);
  } finally {
    void task.destroy();
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, out);
  return out;
};
