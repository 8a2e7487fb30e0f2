// Dates and times as staff read them: dd/mm/yyyy and a 24-hour clock, in the board's own time zone
// (shown), and ages in words.
import dayjs from 'dayjs';

export const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

type Instant = string | number | Date;

export function formatDateTime(at: Instant, zone: string = DEFAULT_ZONE, seconds = false): string {
  return dayjs(at).tz(zone).format(seconds ? 'DD/MM/YYYY HH:mm:ss' : 'DD/MM/YYYY HH:mm');
}

export function formatDate(at: Instant, zone: string = DEFAULT_ZONE): string {
  return dayjs(at).tz(zone).format('DD/MM/YYYY');
}

export function formatTime(at: Instant, zone: string = DEFAULT_ZONE, seconds = false): string {
  return dayjs(at).tz(zone).format(seconds ? 'HH:mm:ss' : 'HH:mm');
}

/** "GMT+7" for a zone at an instant. */
export function zoneOffset(zone: string = DEFAULT_ZONE, at: Instant = Date.now()): string {
  const minutes = dayjs(at).tz(zone).utcOffset();
  const sign = minutes < 0 ? '-' : '+';
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  return `GMT${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/** A duration in words in the current locale: "3 phút", "2 giờ". */
export function formatAge(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  return dayjs().subtract(ms, 'ms').fromNow(true);
}

/** Seconds as "8 s", "9,5 s" in Vietnamese (its decimal comma), "1 min 20 s". */
export function formatSeconds(s: number): string {
  if (s < 60) return `${new Intl.NumberFormat(dayjs.locale() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(s)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest ? `${m} min ${rest} s` : `${m} min`;
}
