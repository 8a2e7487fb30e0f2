// How the campaign report writes its numbers, durations and dates, shared by the DOCX, the PDF
// and the CSV so a figure reads the same in every file: Vietnamese grouping (1.234) and decimal
// comma (12,5), days as dd/mm/yyyy, and the Nghị định 30/2020 "ngày … tháng … năm …" line.
// Written by hand rather than with Intl's vi-VN locale: ICU builds differ (some group with a
// space, some leave 4-digit numbers ungrouped), and a report must not change with the machine.

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
/** The hour columns count tenths of an hour (6 minutes): enough for "how long was it dark". */
export const MS_PER_TENTH_HOUR = MS_PER_HOUR / 10;

/** 1234567 → "1.234.567"; negative numbers keep their sign. */
export function formatInt(n: number): string {
  const rounded = Math.round(n);
  const digits = Math.abs(rounded).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return rounded < 0 ? `-${grouped}` : grouped;
}

/** 1234.56 with 1 fraction digit → "1.234,6"; trailing zeros kept so a column lines up. */
export function formatDecimal(n: number, fractionDigits: number): string {
  const fixed = Math.abs(n).toFixed(fractionDigits);
  const [whole = '0', fraction] = fixed.split('.');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${formatInt(Number(whole))}${fraction ? `,${fraction}` : ''}`;
}

/** A share 0–1 as a percentage with one decimal: 0.4567 → "45,7%". */
export function formatPercent(share: number): string {
  return `${formatDecimal(share * 100, 1)}%`;
}

/** Percentage as a bare number (the CSV's "%" is in its header): 0.4567 → "45,7". */
export function formatPercentNumber(share: number): string {
  return formatDecimal(share * 100, 1);
}

/** Milliseconds to whole seconds, rounded: the unit airtime is summed in. */
export function toSeconds(ms: number): number {
  return Math.round(ms / MS_PER_SECOND);
}

/** Milliseconds to whole tenths of an hour, rounded: the unit the hour columns are summed in. */
export function toTenthHours(ms: number): number {
  return Math.round(ms / MS_PER_TENTH_HOUR);
}

/** Tenths of an hour → "12,5". */
export function formatTenthHours(tenths: number): string {
  return formatDecimal(tenths / 10, 1);
}

/** Seconds → "h:mm:ss" (hours are not capped at 24: a week of airtime is "168:00:00"). */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${formatInt(h)}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
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

/** A local day "2026-03-01" → "01/03/2026". */
export function formatDay(localDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!match) return localDate;
  return `${match[3]}/${match[2]}/${match[1]}`;
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
