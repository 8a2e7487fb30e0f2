import { describe, expect, it } from 'vitest';
import { escapeCell, toCsv } from '../../controller/services/csv.ts';

describe('CSV for spreadsheets', () => {
  it('starts with a byte-order mark and uses CRLF, so Excel reads UTF-8 Vietnamese', () => {
    const csv = toCsv(['tên', 'số'], [['Đắk Lắk', 1]]);
    expect(csv.startsWith('\uFEFFtên,số\r\nĐắk Lắk,1\r\n')).toBe(true);
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const danger of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) expect(escapeCell(danger)).toBe(`'${danger}`);
    expect(toCsv(['a'], [['=1+1']])).toContain("'=1+1");
    expect(escapeCell('Hà Nội - Buôn Ma Thuột')).toBe('Hà Nội - Buôn Ma Thuột');
  });

  it('quotes commas, quotes and line breaks, and writes objects as JSON', () => {
    expect(toCsv(['x'], [['a,b'], ['say "hi"'], ['two\nlines'], [{ k: 1 }], [null]])).toBe('\uFEFFx\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n"{""k"":1}"\r\n\r\n');
  });
});
