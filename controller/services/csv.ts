// CSV for people who open it in Excel: UTF-8 with a byte-order mark (so Vietnamese shows), and
// cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) escaped
// with a leading apostrophe. csv-stringify does the quoting (a cell with any line break is quoted,
// since Excel ends a row at a bare LF too).
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return `\uFEFF${stringify([header, ...rows.map((r) => r.map(escapeCell))], { record_delimiter: 'windows', quoted_match: /[\r\n]/ })}`;
}
