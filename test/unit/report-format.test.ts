// The report's shared formatting and content: Vietnamese numbers, durations and dates; the issuer's
// two-line split; totals rows that are the sums of the rows as printed; the fixture itself.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boardRows, pngSize, reportContent, sumUnits } from '../../controller/render/report/content.ts';
import { missingCharacters, REQUIRED_CHARACTERS } from '../../controller/render/font-coverage.ts';
import { balancedLines, DOCUMENT_FONT_FILES } from '../../controller/render/report/document-font.ts';
import {
  formatClock,
  formatDay,
  formatDecimal,
  formatHoursMinutes,
  formatInt,
  formatPercent,
  formatTenthHours,
  issuedDateLine,
  toTenthHours,
} from '../../controller/render/report/format.ts';
import { buildLetterhead, buildReport, CAMPAIGN, ISSUED_AT } from '../fixtures/report.ts';
import { seedLetter, SLOGAN } from '../fixtures/seed.ts';

const NB = '\u00A0';

describe('Vietnamese number, duration and date formats', () => {
  it('groups thousands with dots and writes decimals with a comma', () => {
    expect(formatInt(0)).toBe('0');
    expect(formatInt(999)).toBe('999');
    expect(formatInt(1234)).toBe('1.234');
    expect(formatInt(1234567)).toBe('1.234.567');
    expect(formatInt(-1234)).toBe('-1.234');
    expect(formatDecimal(1234.56, 1)).toBe('1.234,6');
    expect(formatDecimal(0.04, 1)).toBe('0,0');
    expect(formatDecimal(-0.04, 1)).toBe('0,0');
    expect(formatPercent(0.4567)).toBe('45,7%');
    expect(formatPercent(1)).toBe('100,0%');
    expect(formatTenthHours(toTenthHours(6 * 3_600_000 + 20 * 60_000))).toBe('6,3');
  });

  it('writes airtime as h:mm:ss (hours past 24) and as "X giờ Y phút"', () => {
    expect(formatClock(0)).toBe('0:00:00');
    expect(formatClock(3661)).toBe('1:01:01');
    expect(formatClock(168 * 3600)).toBe('168:00:00');
    expect(formatClock(1234 * 3600 + 5)).toBe('1.234:00:05');
    expect(formatHoursMinutes(86_889)).toBe(`24${NB}giờ 8${NB}phút`);
    expect(formatHoursMinutes(7200)).toBe(`2${NB}giờ`);
    expect(formatHoursMinutes(900)).toBe(`15${NB}phút`);
    expect(formatHoursMinutes(45)).toBe(`45${NB}giây`);
    expect(formatHoursMinutes(0)).toBe(`0${NB}phút`);
  });

  it('writes days dd/mm/yyyy and the date line as Nghị định 30/2020 does, in the given time zone', () => {
    expect(formatDay('2026-03-01')).toBe('01/03/2026');
    expect(issuedDateLine('Đắk Lắk', ISSUED_AT, 'Asia/Ho_Chi_Minh')).toBe('Đắk Lắk, ngày 04 tháng 3 năm 2026');
    // 20:00 UTC on 5 January is already 6 January in Vietnam; January and February take a leading zero.
    expect(issuedDateLine('Đắk Lắk', new Date('2026-01-05T20:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('Đắk Lắk, ngày 06 tháng 01 năm 2026');
    expect(issuedDateLine('Đắk Lắk', new Date('2026-01-05T20:00:00Z'), 'UTC')).toBe('Đắk Lắk, ngày 05 tháng 01 năm 2026');
    expect(issuedDateLine('Buôn Ma Thuột', new Date('2026-11-20T03:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('Buôn Ma Thuột, ngày 20 tháng 11 năm 2026');
  });
});

describe('the documents\' font (Tinos, outside the slide catalogue)', () => {
  it('has every Vietnamese letter, digit and staff punctuation mark in each of its four faces, and its OFL text beside it', () => {
    for (const file of Object.values(DOCUMENT_FONT_FILES)) expect(missingCharacters(fs.readFileSync(file), REQUIRED_CHARACTERS)).toEqual([]);
    expect(fs.readFileSync(DOCUMENT_FONT_FILES.regular.replace(/[^/]+$/, 'OFL.txt'), 'utf8')).toContain('SIL OPEN FONT LICENSE Version 1.1');
  });
});

describe('the issuer split over two lines', () => {
  it('keeps a name that fits on one line, and breaks a long one where a clerk would', () => {
    expect(balancedLines('UBND TỈNH ĐẮK LẮK', 190, 13)).toEqual(['UBND TỈNH ĐẮK LẮK']);
    expect(balancedLines('SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH', 190, 13, 'bold')).toEqual(['SỞ VĂN HOÁ, THỂ THAO', 'VÀ DU LỊCH']);
    expect(balancedLines('SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH', 400, 13, 'bold')).toEqual(['SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH']);
    const narrow = balancedLines('TRUNG TÂM VĂN HOÁ ĐIỆN ẢNH VÀ TRIỂN LÃM TỈNH ĐẮK LẮK', 90, 13, 'bold');
    expect(narrow.length).toBeGreaterThan(2);
    expect(narrow.join(' ')).toBe('TRUNG TÂM VĂN HOÁ ĐIỆN ẢNH VÀ TRIỂN LÃM TỈNH ĐẮK LẮK');
  });
});

describe('the report content', () => {
  const report = buildReport();

  it('is built from the seed letter\'s own words', () => {
    const letter = seedLetter();
    expect(letter).toContain(SLOGAN);
    expect(letter).toContain(CAMPAIGN);
  });

  it('sums each board\'s rows as printed, and the grand total from the boards', () => {
    const content = reportContent({ report, letterhead: buildLetterhead(), thumbnails: new Map(), issuedAt: ISSUED_AT });
    const totals = content.figures.rows.filter((r) => r.kind === 'boardTotal');
    expect(totals).toHaveLength(2);
    report.boards.forEach((b, i) => {
      const { days, total } = boardRows(b);
      expect(total).toEqual(sumUnits(days.map((d) => d.units)));
      expect(totals[i]!.kind === 'boardTotal' && totals[i]!.units).toEqual(total);
      expect(total.showings).toBe(b.totals.showings);
    });
    const grand = content.figures.rows.at(-1)!;
    expect(grand.kind).toBe('total');
    if (grand.kind === 'total') {
      expect(grand.units.showings).toBe(report.totals.showings);
      expect(grand.units.airtimeMs).toBe(report.totals.airtimeMs);
      expect(grand.cells[3]).toBe(formatPercent(report.totals.airtimeMs / report.totals.litMs));
    }
    // The fixture's first board has two days 0,4 s past a whole second: the sum of the rounded rows
    // (0 + 0) is not the rounded sum (0,8 → 1), so a total taken from the model would not add up.
    const bac = report.boards[0]!;
    expect(bac.days.map((d) => d.airtimeMs % 1000)).toEqual([400, 0, 400]);
    expect(totals[0]!.kind === 'boardTotal' && totals[0]!.units.airtimeSeconds).toBe(bac.days.reduce((s, d) => s + Math.round(d.airtimeMs / 1000), 0));
    expect(Math.round(bac.totals.airtimeMs / 1000)).not.toBe(bac.days.reduce((s, d) => s + Math.round(d.airtimeMs / 1000), 0));
  });

  it('keeps the last board\'s sum on the page of the grand total, and each board\'s name with its first day', () => {
    const content = reportContent({ report, letterhead: buildLetterhead(), thumbnails: new Map(), issuedAt: ISSUED_AT });
    const rows = content.figures.rows;
    expect(rows.filter((r) => r.keepWithNext).map((r) => r.kind)).toEqual(['board', 'board', 'boardTotal']);
    expect(rows.at(-2)!.keepWithNext).toBe(true);
  });

  it('lists Nơi nhận as the decree writes it: "- …;" and the last "- ….", whatever the office typed', () => {
    const letterhead = buildLetterhead({ recipients: ['Như trên', '- Ban Tuyên giáo Tỉnh uỷ (để báo cáo);', 'Lưu: VT.'] });
    expect(reportContent({ report, letterhead, thumbnails: new Map(), issuedAt: ISSUED_AT }).recipients).toEqual(['- Như trên;', '- Ban Tuyên giáo Tỉnh uỷ (để báo cáo);', '- Lưu: VT.']);
  });

  it('reads a PNG\'s size from its header and refuses what is not a PNG', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000240000001200806000000', 'hex');
    expect(pngSize(png)).toEqual({ width: 576, height: 288 });
    expect(pngSize(Buffer.from('GIF89a..............................'))).toBeNull();
  });
});
