// The CSV report: what Excel needs (byte-order mark, CRLF, formula cells defused), Vietnamese
// intact, two headed blocks, and figures that add up to the report's totals.
import { describe, expect, it } from 'vitest';
import { CSV_DAY_HEADER, CSV_SLIDE_HEADER, reportCsv } from '../../controller/render/report/csv.ts';
import { buildReport, FORMULA_SLIDE } from '../fixtures/report.ts';
import { SLOGAN } from '../fixtures/seed.ts';

const report = buildReport();
const csv = reportCsv(report);

/** RFC 4180 with CRLF records, written here so the test does not trust csv-stringify's quoting. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) throw new Error('the last record has no CRLF');
  return rows;
}

const rows = parse(csv.slice(1));
const blank = rows.findIndex((r) => r.length === 1 && r[0] === '');
const dayRows = rows.slice(1, blank);
const slideRows = rows.slice(blank + 2);
const num = (s: string) => Number(s.replace(',', '.'));

describe('the CSV report', () => {
  it('starts with a byte-order mark and ends every record with CRLF, never a bare LF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('has two blocks with Vietnamese headers, an empty line between them', () => {
    expect(rows[0]).toEqual(CSV_DAY_HEADER);
    expect(rows[0]).toContain('Thời lượng phát (giây)');
    expect(blank).toBe(7);
    expect(rows[blank + 1]).toEqual(CSV_SLIDE_HEADER);
    expect(rows[blank + 1]).toEqual(['Bảng', 'Mã bảng', 'Ngày', 'Nội dung', 'sha256', 'Lượt phát', 'Thời lượng phát (giây)']);
    expect(dayRows).toHaveLength(6);
    expect(slideRows).toHaveLength(18);
    for (const r of [...dayRows, ...slideRows]) expect(r[2]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
  });

  it('keeps the Vietnamese text as it is, slogans with their commas and curly quotes included', () => {
    expect(dayRows[3]![0]).toBe('Cửa ngõ phía Đông (Quốc lộ 26)');
    expect(slideRows[0]![3]).toBe(SLOGAN);
    expect(csv).toContain(`"${SLOGAN}"`);
    expect(csv.normalize('NFC')).toBe(csv);
  });

  it('defuses a slide whose words start with "=": no cell starts with a formula character', () => {
    const formula = slideRows.filter((r) => r[4] === 'c'.repeat(64));
    expect(formula).toHaveLength(6);
    for (const r of formula) expect(r[3]).toBe(`'${FORMULA_SLIDE}`);
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('has day rows that add up to the report\'s totals, and slide rows that add up to their day', () => {
    expect(dayRows.reduce((s, r) => s + Number(r[3]), 0)).toBe(report.totals.showings);
    const seconds = dayRows.reduce((s, r) => s + Number(r[4]), 0);
    expect(Math.abs(seconds - report.totals.airtimeMs / 1000)).toBeLessThanOrEqual(dayRows.length * 0.5);
    expect(dayRows.reduce((s, r) => s + Number(r[12]), 0)).toBe(report.totals.emergencies);
    // Online + stale + offline + unknown is the whole day (24 h), to the rounding of tenths.
    for (const r of dayRows) expect(Math.abs(num(r[6]!) + num(r[7]!) + num(r[8]!) + num(r[9]!) - 24)).toBeLessThanOrEqual(0.2);
    for (const d of dayRows) {
      const mine = slideRows.filter((s) => s[1] === d[1] && s[2] === d[2]);
      expect(mine).toHaveLength(3);
      expect(mine.reduce((s, r) => s + Number(r[5]), 0)).toBe(Number(d[3]));
    }
    expect(dayRows[0]).toEqual(['Cửa ngõ phía Bắc (Quốc lộ 14)', 'board-bac', '01/03/2026', '2115', '16920', '26,1', '24,0', '0,0', '0,0', '0,0', '6,0', '0,0', '0']);
  });
});
