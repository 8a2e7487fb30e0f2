// How the campaign report's files write durations and dates, beside the figures' formats they share
// with the reports page (playlists/report-format.ts): "12 giờ 34 phút", and the Nghị định 30/2020
// "ngày … tháng … năm …" line.

export { formatClock, formatDay, formatDecimal, formatInt, formatPercent, formatTenthHours, MS_PER_TENTH_HOUR, toSeconds, toTenthHours } from '../../../playlists/report-format.ts';
import { formatDecimal, formatInt } from '../../../playlists/report-format.ts';

/** Percentage as a bare number (the CSV's "%" is in its header): 0.4567 → "45,7". */
export function formatPercentNumber(share: number): string {
  return formatDecimal(share * 100, 1);
}

/** Between a number and its unit, so "24 / giờ" is never split over two lines. */
export const NBSP = '\u00A0';

/** Seconds → "12 giờ 34 phút" (rounded to the minute; "0 phút", and "45 giây" below a minute). */
export function formatHoursMinutes(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s > 0 && s < 60) return `${s}${NBSP}giây`;
  const minutes = Math.round(s / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}${NBSP}phút`;
  return m === 0 ? `${formatInt(h)}${NBSP}giờ` : `${formatInt(h)}${NBSP}giờ ${m}${NBSP}phút`;
}

/** The calendar date and time of an instant in a time zone. */
export function zonedParts(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/**
 * "Đắk Lắk, ngày 05 tháng 3 năm 2026". Nghị định 30/2020 (Phụ lục I, II.5.b): a day below 10 and
 * the months 1 and 2 take a leading zero, the other months do not.
 */
export function issuedDateLine(place: string, issuedAt: Date, timeZone: string): string {
  const { year, month, day } = zonedParts(issuedAt, timeZone);
  const dd = String(day).padStart(2, '0');
  const mm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return `${place.trim()}, ngày ${dd} tháng ${mm} năm ${year}`;
}

/** "14:05 ngày 05/03/2026" in the given zone, for "generated at". */
export function formatInstant(instant: Date, timeZone: string): string {
  const { year, month, day, hour, minute } = zonedParts(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(hour)}:${two(minute)} ngày ${two(day)}/${two(month)}/${year}`;
}
