// The clock slide's words: "07:45" and "Thứ Năm, 26/11/2026" in the board's time zone, from the
// controller's time (Intl does the zone arithmetic; old Chromium has it).
const WEEKDAYS: Record<string, string> = { Mon: 'Thứ Hai', Tue: 'Thứ Ba', Wed: 'Thứ Tư', Thu: 'Thứ Năm', Fri: 'Thứ Sáu', Sat: 'Thứ Bảy', Sun: 'Chủ Nhật' };

const formats: Record<string, Intl.DateTimeFormat> = {};

export function clockText(t: number, timeZone: string): { time: string; date: string } {
  const f = (formats[timeZone] ||= new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(t))) p[part.type] = part.value;
  return { time: `${p.hour}:${p.minute}`, date: `${WEEKDAYS[p.weekday!] ?? ''}, ${p.day}/${p.month}/${p.year}` };
}
