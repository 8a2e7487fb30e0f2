// A long report's tables: past two months, a board's table has a row per month (a yearly report of
// 100 boards stays readable, not 36,500 rows), and the months add up to the same totals as the days.
import { describe, expect, it } from 'vitest';
import type { ReportBoard } from '../../playlists/api/reports.ts';
import { daysBetween } from '../../playlists/report-time.ts';
import { boardRows, MAX_DAY_ROWS } from '../../controller/render/report/content.ts';
import { buildReport } from '../fixtures/report.ts';

describe('a board’s rows in the documents', () => {
  it('are days up to two months, months beyond, with equal totals', () => {
    const template = buildReport().boards[0]!;
    const day = template.days[0]!;
    const long = (days: string[]): ReportBoard => ({ ...template, days: days.map((d) => ({ ...day, day: d })) });

    const short = boardRows(long(daysBetween('2026-07-01', '2026-07-31')));
    expect(short.days).toHaveLength(31);
    expect(short.days[0]!.label).toBe('01/07/2026');

    const year = long(daysBetween('2026-01-01', '2026-12-31'));
    expect(year.days.length).toBeGreaterThan(MAX_DAY_ROWS);
    const rows = boardRows(year);
    expect(rows.days.map((r) => r.label)).toEqual(Array.from({ length: 12 }, (_, i) => `Tháng ${String(i + 1).padStart(2, '0')}/2026`));
    expect(rows.days[1]!.units.showings).toBe(28 * day.showings);
    expect(rows.total.showings).toBe(365 * day.showings);
    expect(rows.total.airtimeMs).toBe(365 * day.airtimeMs);
  });
});
