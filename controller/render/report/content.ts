// What the campaign report says, worked out once from the report model and the letterhead, so the
// DOCX and the PDF carry the same sections, sentences and figures and differ only in how they are
// drawn. Every table's "Cộng"/"Tổng cộng" row is the sum of the rows above it as printed (airtime
// in whole seconds, hours in tenths), so a reader adding up a column gets the total shown.
import type { Report, ReportBoard, ReportLetterhead, SlideAirtime } from '../../../playlists/api/reports.ts';
import {
  formatClock,
  formatDay,
  formatHoursMinutes,
  formatInstant,
  formatInt,
  formatPercent,
  formatTenthHours,
  issuedDateLine,
  NBSP,
  toSeconds,
  toTenthHours,
} from './format.ts';
import type { RowUnits } from '../../../playlists/report-format.ts';
import { shareOf, sumUnits, unitsOf } from '../../../playlists/report-format.ts';

export type { RowUnits };
export { sumUnits };

export const DEFAULT_REPORT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** What the three report files are drawn from. */
export interface ReportDocumentInput {
  report: Report;
  letterhead: ReportLetterhead;
  /** sha256 of a slide's image → a small PNG of it; a slide without one is listed without a picture. */
  thumbnails: Map<string, Buffer>;
  /** When the document is issued: the "ngày … tháng … năm …" line. */
  issuedAt: Date;
  /** For the date line and "generated at"; Asia/Ho_Chi_Minh when left out. */
  timeZone?: string;
}

export const QUOC_HIEU = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const TIEU_NGU = 'Độc lập - Tự do - Hạnh phúc';
export const DOCUMENT_KIND = 'BÁO CÁO';

/** A board is listed for its downtime when it was stale or offline at least this share of the period. */
export const NOTABLE_DOWNTIME_SHARE = 0.05;

/** keepWithNext: a board's name row stays with its first day, the last board's sum with the grand total. */
export type FiguresRow =
  | { kind: 'board'; label: string; keepWithNext: true }
  | { kind: 'day' | 'boardTotal' | 'total'; label: string; units: RowUnits; cells: string[]; keepWithNext: boolean };

export interface SlideRow {
  index: number;
  title: string;
  sha256: string;
  /** The PNG, or null when none was passed or it is not a PNG. */
  thumbnail: { png: Buffer; width: number; height: number } | null;
  cells: { index: string; showings: string; airtime: string };
}

export interface ReportContent {
  title: string;
  header: {
    parentBody: string;
    issuingBody: string;
    number: string;
    quocHieu: string;
    tieuNgu: string;
    dateLine: string;
  };
  kind: string;
  /** The trích yếu in one line (the document title) and as it is set under "BÁO CÁO", broken before "từ ngày". */
  subject: string;
  subjectLines: string[];
  scopeLine: string | null;
  sections: { heading: string; paragraphs: string[] }[];
  figures: { heading: string; columns: string[]; rows: FiguresRow[]; note: string };
  slides: { heading: string; columns: string[]; rows: SlideRow[]; empty: string };
  closing: string;
  recipients: string[];
  signer: { titleLines: string[]; name: string };
}

export const FIGURE_COLUMNS = [
  'Ngày',
  'Lượt phát',
  'Thời lượng phát',
  'Tỷ lệ thời gian sáng',
  'Trực tuyến (giờ)',
  'Mất kết nối (giờ)',
  'Tắt màn hình (giờ)',
  'Khẩn cấp (lần)',
];

export const SLIDE_COLUMNS = ['STT', 'Hình ảnh', 'Nội dung', 'Lượt phát', 'Thời lượng phát'];

const nfc = (s: string) => s.normalize('NFC').trim();
const upper = (s: string) => nfc(s).toLocaleUpperCase('vi');

function cellsOf(label: string, u: RowUnits): string[] {
  return [
    label,
    formatInt(u.showings),
    formatClock(u.airtimeSeconds),
    formatPercent(shareOf(u)),
    formatTenthHours(u.onlineTenths),
    formatTenthHours(u.disconnectedTenths),
    formatTenthHours(u.darkTenths),
    formatInt(u.emergencies),
  ];
}

/** Longer than this, a board's table has a row per month, not per day (a yearly report stays a few pages a board). */
export const MAX_DAY_ROWS = 62;

/** The rows of a board (a day each, or a month each over a long period) and their sum, as printed. */
export function boardRows(board: ReportBoard): { days: { label: string; units: RowUnits }[]; total: RowUnits } {
  const days = board.days.map((d) => ({ label: formatDay(d.day), units: unitsOf(d) }));
  if (board.days.length <= MAX_DAY_ROWS) return { days, total: sumUnits(days.map((d) => d.units)) };
  const months = new Map<string, RowUnits[]>();
  board.days.forEach((d, i) => {
    const label = `Tháng ${d.day.slice(5, 7)}/${d.day.slice(0, 4)}`;
    const list = months.get(label);
    if (list) list.push(days[i]!.units);
    else months.set(label, [days[i]!.units]);
  });
  const rows = [...months].map(([label, units]) => ({ label, units: sumUnits(units) }));
  return { days: rows, total: sumUnits(rows.map((r) => r.units)) };
}

/** Width and height from a PNG's IHDR chunk; null when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  const SIGNATURE = '89504e470d0a1a0a';
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== SIGNATURE || png.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** A name in quotation marks, unless it carries its own (“Cuộc vận động “Hiến kế…”” would read twice). */
const quoted = (name: string) => (/[“”"]/.test(name) ? name : `“${name}”`);

function scopePhrase(report: Report): string {
  const name = report.scope.name ? nfc(report.scope.name) : null;
  switch (report.scope.kind) {
    case 'campaign':
      return name ? `nội dung tuyên truyền của chiến dịch ${quoted(name)}` : 'nội dung tuyên truyền của chiến dịch';
    case 'playlist':
      return name ? `nội dung của danh sách phát ${quoted(name)}` : 'nội dung của danh sách phát';
    default:
      return 'các nội dung tuyên truyền';
  }
}

function scopeLine(report: Report): string | null {
  const name = report.scope.name ? nfc(report.scope.name) : null;
  if (report.scope.kind === 'campaign') return `Chiến dịch: ${name ?? report.scope.id ?? ''}`.trim();
  if (report.scope.kind === 'playlist') return `Danh sách phát: ${name ?? report.scope.id ?? ''}`.trim();
  return null;
}

/** "- Lưu: VT;" … "- Lưu: VT." as Nghị định 30/2020 writes a Nơi nhận list. */
function recipientLines(recipients: string[]): string[] {
  return recipients.map((r, i) => `- ${nfc(r).replace(/^[-–•]\s*/, '').replace(/[;.,]+$/, '')}${i === recipients.length - 1 ? '.' : ';'}`);
}

const hours = (tenths: number) => `${formatTenthHours(tenths)}${NBSP}giờ`;

function summary(report: Report, perBoard: { board: ReportBoard; total: RowUnits }[], total: RowUnits): string[] {
  const from = formatDay(report.period.from);
  const to = formatDay(report.period.to);
  const what = scopePhrase(report);
  const paragraphs: string[] = [];
  if (perBoard.length === 0) {
    paragraphs.push(`Từ ngày ${from} đến ngày ${to} (${formatInt(report.period.days)} ngày), hệ thống không ghi nhận bảng điện tử LED nào trong phạm vi báo cáo.`);
    return paragraphs;
  }
  const silent = perBoard.filter((b) => b.total.showings === 0).length;
  paragraphs.push(
    `Từ ngày ${from} đến ngày ${to} (${formatInt(report.period.days)} ngày), ${what} được phát trên ${formatInt(perBoard.length)} bảng điện tử LED` +
      (silent > 0 ? ` (trong đó ${formatInt(silent)} bảng không phát lượt nào)` : '') +
      `, tổng cộng ${formatInt(total.showings)} lượt phát với thời lượng ${formatHoursMinutes(total.airtimeSeconds)}, chiếm ${formatPercent(shareOf(total))} thời gian các bảng sáng.`,
  );
  // From the day rows, like every other figure here, so the text cannot disagree with the tables.
  const unknownTenths = perBoard.reduce((sum, b) => sum + b.board.days.reduce((s, d) => s + toTenthHours(d.unknownMs), 0), 0);
  const emergencyMs = perBoard.reduce((sum, b) => sum + b.board.days.reduce((s, d) => s + d.emergencyMs, 0), 0);
  paragraphs.push(
    `Về tình trạng hoạt động, thời gian các bảng trực tuyến cộng lại là ${hours(total.onlineTenths)}, mất kết nối ${hours(total.disconnectedTenths)}` +
      (unknownTenths > 0 ? `, không có số liệu ${hours(unknownTenths)} (bộ điều khiển không hoạt động hoặc bảng chưa được kết nối)` : '') +
      `; trong thời gian trực tuyến, các bảng tắt màn hình ${hours(total.darkTenths)} (theo lịch tắt, lệnh tắt khẩn cấp hoặc không có nội dung). ` +
      (total.emergencies > 0
        ? `Có ${formatInt(total.emergencies)} lần phát thông báo khẩn cấp, tổng thời lượng ${formatHoursMinutes(toSeconds(emergencyMs))}.`
        : 'Không có lần phát thông báo khẩn cấp nào.'),
  );
  const notable = perBoard
    .map(({ board }) => {
      const period = board.days.reduce((s, d) => s + d.onlineMs + d.staleMs + d.offlineMs + d.unknownMs, 0);
      const down = board.days.reduce((s, d) => s + d.staleMs + d.offlineMs, 0);
      return { name: nfc(board.boardName), down, share: period > 0 ? down / period : 0 };
    })
    .filter((b) => b.down > 0 && b.share >= NOTABLE_DOWNTIME_SHARE)
    .sort((a, b) => b.down - a.down);
  const threshold = formatPercent(NOTABLE_DOWNTIME_SHARE).replace(',0%', '%');
  paragraphs.push(
    notable.length > 0
      ? `Các bảng mất kết nối từ ${threshold} thời gian trở lên: ${notable.map((b) => `${b.name}: ${hours(toTenthHours(b.down))} (${formatPercent(b.share)})`).join('; ')}.`
      : `Không có bảng nào mất kết nối từ ${threshold} thời gian trở lên.`,
  );
  paragraphs.push('Số liệu chi tiết theo từng bảng, từng ngày tại mục II; các nội dung đã phát tại mục III.');
  return paragraphs;
}

export function reportContent(input: ReportDocumentInput): ReportContent {
  const { report, letterhead } = input;
  const timeZone = input.timeZone ?? DEFAULT_REPORT_TIME_ZONE;
  const from = formatDay(report.period.from);
  const to = formatDay(report.period.to);

  const rows: FiguresRow[] = [];
  const perBoard: { board: ReportBoard; total: RowUnits }[] = [];
  for (const board of report.boards) {
    const { days, total } = boardRows(board);
    perBoard.push({ board, total });
    rows.push({ kind: 'board', label: `Bảng: ${nfc(board.boardName)}`, keepWithNext: true });
    for (const d of days) rows.push({ kind: 'day', label: d.label, units: d.units, cells: cellsOf(d.label, d.units), keepWithNext: false });
    rows.push({ kind: 'boardTotal', label: 'Cộng', units: total, cells: cellsOf('Cộng', total), keepWithNext: false });
  }
  const last = rows[rows.length - 1];
  if (last) last.keepWithNext = true;
  const total = sumUnits(perBoard.map((b) => b.total));
  rows.push({ kind: 'total', label: 'Tổng cộng', units: total, cells: cellsOf('Tổng cộng', total), keepWithNext: false });

  const slideRows: SlideRow[] = report.slides.map((s: SlideAirtime, i) => {
    const png = input.thumbnails.get(s.sha256);
    const size = png ? pngSize(png) : null;
    return {
      index: i + 1,
      title: nfc(s.title),
      sha256: s.sha256,
      thumbnail: png && size ? { png, ...size } : null,
      cells: { index: formatInt(i + 1), showings: formatInt(s.showings), airtime: formatClock(toSeconds(s.airtimeMs)) },
    };
  });

  const subject = `Kết quả tuyên truyền trên bảng điện tử LED từ ngày ${from} đến ngày ${to}`;
  return {
    title: `Báo cáo ${subject.charAt(0).toLowerCase()}${subject.slice(1)}`,
    header: {
      parentBody: upper(letterhead.parentBody),
      issuingBody: upper(letterhead.issuingBody),
      number: `Số: …/BC-${nfc(letterhead.issuerCode)}`,
      quocHieu: QUOC_HIEU,
      tieuNgu: TIEU_NGU,
      dateLine: issuedDateLine(nfc(letterhead.place), input.issuedAt, timeZone),
    },
    kind: DOCUMENT_KIND,
    subject,
    subjectLines: ['Kết quả tuyên truyền trên bảng điện tử LED', `từ ngày ${from} đến ngày ${to}`],
    scopeLine: scopeLine(report),
    sections: [{ heading: 'I. KẾT QUẢ CHUNG', paragraphs: summary(report, perBoard, total) }],
    figures: {
      heading: 'II. KẾT QUẢ THEO TỪNG BẢNG VÀ TỪNG NGÀY',
      columns: FIGURE_COLUMNS,
      rows,
      note:
        'Ghi chú: tỷ lệ thời gian bảng sáng là thời lượng phát nội dung trong phạm vi báo cáo chia cho thời gian bảng sáng; ' +
        'mất kết nối gồm thời gian bảng chậm hoặc mất tín hiệu với bộ điều khiển; tắt màn hình là thời gian bảng trực tuyến nhưng không sáng. ' +
        'Thời lượng phát ghi theo giờ:phút:giây; số giờ làm tròn đến 0,1 giờ; dòng cộng là tổng các dòng trên.',
    },
    slides: { heading: 'III. CÁC NỘI DUNG ĐÃ PHÁT', columns: SLIDE_COLUMNS, rows: slideRows, empty: 'Không có nội dung nào được phát trong phạm vi báo cáo.' },
    closing: `Báo cáo được lập từ số liệu do hệ thống LEDGate ghi nhận, lúc ${formatInstant(new Date(report.generatedAt), timeZone)}./.`,
    recipients: recipientLines(letterhead.recipients),
    signer: { titleLines: letterhead.signerTitle.split(/\r?\n/).map(upper).filter(Boolean), name: nfc(letterhead.signerName) },
  };
}
