// The campaign report as CSV for a spreadsheet: two blocks, each with its own Vietnamese header
// row, an empty line between them. First one row per board and day (the figures of the DOCX and
// PDF tables, with stale, offline and unknown time apart); then one row per board, day and slide.
// No total rows, so a column can be summed or pivoted without counting anything twice.
// Integers are written bare (no thousands dots, which a spreadsheet would read as decimals);
// decimals take the Vietnamese comma, as a vi-VN Excel expects; days are dd/mm/yyyy. Airtime is in
// whole seconds and hours in tenths, rounded per row exactly as the documents round them.
import type { Report } from '../../../playlists/api/reports.ts';
import { toCsvSections } from '../csv.ts';
import { formatDay, formatPercentNumber, formatTenthHours, toSeconds, toTenthHours } from './format.ts';

export const CSV_DAY_HEADER = [
  'Bảng',
  'Mã bảng',
  'Ngày',
  'Lượt phát',
  'Thời lượng phát (giây)',
  'Tỷ lệ thời gian bảng sáng (%)',
  'Trực tuyến (giờ)',
  'Chậm tín hiệu (giờ)',
  'Mất tín hiệu (giờ)',
  'Không có số liệu (giờ)',
  'Tắt màn hình (giờ)',
  'Phát khẩn cấp (giờ)',
  'Số lần khẩn cấp',
];

export const CSV_SLIDE_HEADER = ['Bảng', 'Mã bảng', 'Ngày', 'Nội dung', 'sha256', 'Lượt phát', 'Thời lượng phát (giây)'];

const hours = (ms: number) => formatTenthHours(toTenthHours(ms));

export function reportCsv(report: Report): string {
  const dayRows: unknown[][] = [];
  const slideRows: unknown[][] = [];
  for (const board of report.boards) {
    const name = board.boardName.normalize('NFC');
    for (const d of board.days) {
      const day = formatDay(d.day);
      dayRows.push([
        name,
        board.boardId,
        day,
        d.showings,
        toSeconds(d.airtimeMs),
        formatPercentNumber(d.litMs > 0 ? d.airtimeMs / d.litMs : 0),
        hours(d.onlineMs),
        hours(d.staleMs),
        hours(d.offlineMs),
        hours(d.unknownMs),
        hours(d.darkMs),
        hours(d.emergencyMs),
        d.emergencies,
      ]);
      for (const s of d.slides) slideRows.push([name, board.boardId, day, s.title.normalize('NFC'), s.sha256, s.showings, toSeconds(s.airtimeMs)]);
    }
  }
  return toCsvSections([
    { header: CSV_DAY_HEADER, rows: dayRows },
    { header: CSV_SLIDE_HEADER, rows: slideRows },
  ]);
}
