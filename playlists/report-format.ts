// How the campaign report writes its figures, shared by the DOCX, PDF and CSV (controller) and the
// reports page (web), so a figure reads the same in the file and on the screen: Vietnamese groups
// thousands with a dot and writes a decimal comma (1.234; 12,5%), English the other way round;
// airtime as h:mm:ss; hours in tenths. Written by hand rather than with Intl's vi-VN locale: ICU
// builds differ (some group with a space, some leave 4-digit numbers ungrouped), and a report must
// not change with the machine or the browser. Table rows are summed in the units they are printed
// in, so a totals row equals the sum of the rows above it.
import type { ReportFigures } from './api/reports.ts';

export type Lang = 'vi' | 'en';

const MS_PER_HOUR = 3_600_000;
/** The hour columns count tenths of an hour (6 minutes): enough for "how long was it dark". */
export const MS_PER_TENTH_HOUR = MS_PER_HOUR / 10;

/** 1234567 → "1.234.567" (en: "1,234,567"); negative numbers keep their sign. */
export function formatInt(n: number, lang: Lang = 'vi'): string {
  const rounded = Math.round(n);
  const grouped = Math.abs(rounded)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'en' ? ',' : '.');
  return rounded < 0 ? `-${grouped}` : grouped;
}

/** 1234.56 with 1 fraction digit → "1.234,6"; trailing zeros kept so a column lines up. */
export function formatDecimal(n: number, fractionDigits: number, lang: Lang = 'vi'): string {
  const fixed = Math.abs(n).toFixed(fractionDigits);
  const [whole = '0', fraction] = fixed.split('.');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${formatInt(Number(whole), lang)}${fraction ? `${lang === 'en' ? '.' : ','}${fraction}` : ''}`;
}

/** A share 0–1 as a percentage with one decimal: 0.4567 → "45,7%". */
export function formatPercent(share: number, lang: Lang = 'vi'): string {
  return `${formatDecimal(share * 100, 1, lang)}%`;
}

/** Milliseconds to whole seconds, rounded: the unit airtime is summed in. */
export function toSeconds(ms: number): number {
  return Math.round(ms / 1000);
}

/** Milliseconds to whole tenths of an hour, rounded: the unit the hour columns are summed in. */
export function toTenthHours(ms: number): number {
  return Math.round(ms / MS_PER_TENTH_HOUR);
}

/** Tenths of an hour → "12,5". */
export function formatTenthHours(tenths: number, lang: Lang = 'vi'): string {
  return formatDecimal(tenths / 10, 1, lang);
}

/** Seconds → "h:mm:ss" (hours are not capped at 24: a week of airtime is "168:00:00"). */
export function formatClock(seconds: number, lang: Lang = 'vi'): string {
  const s = Math.max(0, Math.round(seconds));
  return `${formatInt(Math.floor(s / 3600), lang)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** A local day "2026-03-01" → "01/03/2026"; short: "01/03". */
export function formatDay(localDate: string, short = false): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!match) return localDate;
  return short ? `${match[3]}/${match[2]}` : `${match[3]}/${match[2]}/${match[1]}`;
}

/** The figures of one table row, in the units they are printed and summed in. */
export interface RowUnits {
  showings: number;
  airtimeSeconds: number;
  /** Kept in ms so a total's share is airtime / lit time, not an average of percentages. */
  airtimeMs: number;
  litMs: number;
  onlineTenths: number;
  /** Stale + offline: the board was not reporting to the controller. */
  disconnectedTenths: number;
  darkTenths: number;
  emergencies: number;
}

export function unitsOf(f: ReportFigures): RowUnits {
  return {
    showings: f.showings,
    airtimeSeconds: toSeconds(f.airtimeMs),
    airtimeMs: f.airtimeMs,
    litMs: f.litMs,
    onlineTenths: toTenthHours(f.onlineMs),
    disconnectedTenths: toTenthHours(f.staleMs + f.offlineMs),
    darkTenths: toTenthHours(f.darkMs),
    emergencies: f.emergencies,
  };
}

export function sumUnits(rows: readonly RowUnits[]): RowUnits {
  const total: RowUnits = { showings: 0, airtimeSeconds: 0, airtimeMs: 0, litMs: 0, onlineTenths: 0, disconnectedTenths: 0, darkTenths: 0, emergencies: 0 };
  for (const r of rows) for (const key of Object.keys(total) as (keyof RowUnits)[]) total[key] += r[key];
  return total;
}

/** A row's share of lit time (0 when the board showed nothing). */
export function shareOf(u: RowUnits): number {
  return u.litMs > 0 ? u.airtimeMs / u.litMs : 0;
}
