// How the report page writes its figures, in the reader's language: Vietnamese groups thousands
// with a dot and writes a decimal comma (1.234; 12,5 %), English the other way round. Written by
// hand rather than with Intl: ICU builds differ for vi-VN (some group with a space, some leave four
// digits ungrouped), and the page must read like the DOCX it exports, on any browser. The table
// units are the DOCX's: airtime h:mm:ss, hours in tenths, summed as printed.
import { useTranslation } from 'react-i18next';
import type { ReportFigures } from '@playlists/api/reports.ts';

const HOUR = 3_600_000;

export function formatInt(n: number, lang: string): string {
  const rounded = Math.round(n);
  const grouped = Math.abs(rounded)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'en' ? ',' : '.');
  return rounded < 0 ? `-${grouped}` : grouped;
}

export function formatDecimal(n: number, digits: number, lang: string): string {
  const [whole = '0', fraction] = Math.abs(n).toFixed(digits).split('.');
  const sign = n < 0 && Number(Math.abs(n).toFixed(digits)) !== 0 ? '-' : '';
  return `${sign}${formatInt(Number(whole), lang)}${fraction ? `${lang === 'en' ? '.' : ','}${fraction}` : ''}`;
}

/** 0.125 → "12,5%" (vi) or "12.5%" (en). */
export function formatShare(share: number, lang: string): string {
  // As the DOCX prints it (45,7%), in both languages.
  return `${formatDecimal(share * 100, 1, lang)}%`;
}

/** Seconds → "h:mm:ss" (hours not capped at 24), as the DOCX's airtime column. */
export function formatClock(seconds: number, lang: string): string {
  const s = Math.max(0, Math.round(seconds));
  return `${formatInt(Math.floor(s / 3600), lang)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** "2026-07-01" → "01/07/2026"; short: "01/07". */
export function formatDay(day: string, short = false): string {
  const [y, m, d] = day.split('-');
  return short ? `${d}/${m}` : `${d}/${m}/${y}`;
}

/** A row of a per-board table in the units it is printed and summed in (as the DOCX does). */
export interface RowUnits {
  showings: number;
  airtimeSeconds: number;
  airtimeMs: number;
  litMs: number;
  onlineTenths: number;
  disconnectedTenths: number;
  darkTenths: number;
  emergencies: number;
}

export function unitsOf(f: ReportFigures): RowUnits {
  return {
    showings: f.showings,
    airtimeSeconds: Math.round(f.airtimeMs / 1000),
    airtimeMs: f.airtimeMs,
    litMs: f.litMs,
    onlineTenths: Math.round(f.onlineMs / (HOUR / 10)),
    disconnectedTenths: Math.round((f.staleMs + f.offlineMs) / (HOUR / 10)),
    darkTenths: Math.round(f.darkMs / (HOUR / 10)),
    emergencies: f.emergencies,
  };
}

export function sumUnits(rows: readonly RowUnits[]): RowUnits {
  const t: RowUnits = { showings: 0, airtimeSeconds: 0, airtimeMs: 0, litMs: 0, onlineTenths: 0, disconnectedTenths: 0, darkTenths: 0, emergencies: 0 };
  for (const r of rows) for (const k of Object.keys(t) as (keyof RowUnits)[]) t[k] += r[k];
  return t;
}

/** The formatters of the language shown. */
export function useFormat() {
  const { t, i18n } = useTranslation('reports');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const int = (n: number) => formatInt(n, lang);
  /** A duration in words: "12 giờ 34 phút", "45 giây". */
  const duration = (ms: number) => {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s > 0 && s < 60) return t('units.seconds', { s });
    const minutes = Math.round(s / 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h === 0) return t('units.minutes', { m });
    return m === 0 ? t('units.hours', { h: int(h) }) : t('units.hoursMinutes', { h: int(h), m });
  };
  return {
    lang,
    int,
    decimal: (n: number, digits: number) => formatDecimal(n, digits, lang),
    share: (x: number) => formatShare(x, lang),
    clock: (seconds: number) => formatClock(seconds, lang),
    tenths: (tenths: number) => formatDecimal(tenths / 10, 1, lang),
    /** Hours with one decimal, for chart axes and data tables: "12,5". */
    hours: (ms: number) => formatDecimal(ms / HOUR, 1, lang),
    duration,
    day: formatDay,
  };
}

export type Format = ReturnType<typeof useFormat>;
