// CSV for people who open it in Excel: UTF-8 with a byte-order mark (so Vietnamese shows), and
// cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) escaped
// with a leading apostrophe. csv-stringify does the quoting (a cell with any line break is quoted,
// since Excel ends a row at a bare LF too). Lives in render/ (not services/) so the report files,
// which render/ draws, use the same one; services/csv.ts re-exports it.
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;
const BOM = '\uFEFF';

export function escapeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Rows as CSV lines (CRLF, escaped), without the byte-order mark: for a file of several blocks. */
export function csvLines(rows: unknown[][]): string {
  return stringify(rows.map((r) => r.map(escapeCell)), { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** A whole CSV file: byte-order mark, header, rows. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `${BOM}${csvLines([header, ...rows])}`;
}

/** A CSV file of several blocks (each a header and its rows), one empty line between them. */
export function toCsvSections(sections: { header: string[]; rows: unknown[][] }[]): string {
  return `${BOM}${sections.map((s) => csvLines([s.header, ...s.rows])).join('\r\n')}`;
}
