// How the report page writes its figures, in the reader's language: the same formats as the DOCX it
// exports (playlists/report-format.ts), with durations in words from the page's translations.
import { useTranslation } from 'react-i18next';
import type { RowUnits } from '@playlists/report-format.ts';
import { formatClock, formatDay, formatDecimal, formatInt, formatPercent, sumUnits, unitsOf } from '@playlists/report-format.ts';

/** 0.125 → "12,5%" (vi) or "12.5%" (en), as the DOCX prints it. */
export const formatShare = formatPercent;

const HOUR = 3_600_000;

export type { RowUnits };
export { formatClock, formatDay, formatDecimal, formatInt, sumUnits, unitsOf };

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
