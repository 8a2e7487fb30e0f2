// The campaign report as a PDF: the same sections and figures as the DOCX (both are drawn from
// reportContent), on A4 with the same Nghị định 30/2020 margins, for people who only need to read
// or print it. Drawn with pdfkit, no browser: it lays out and justifies text, embeds a subset of
// the bundled Tinos faces (Times New Roman's metrics, every Vietnamese letter), and writes a
// ToUnicode map so copied or searched text keeps its diacritics. pdf-lib would need all of the
// line breaking and justification written by hand.
import PDFDocument from 'pdfkit';
import { reportContent } from './content.ts';
import type { FiguresRow, ReportContent, ReportDocumentInput, SlideRow } from './content.ts';
import { balancedLines, DOCUMENT_FONT_FILES } from './document-font.ts';
import type { FontStyle } from './document-font.ts';

export type { ReportDocumentInput } from './content.ts';

const PT_PER_MM = 72 / 25.4;
const mm = (v: number) => v * PT_PER_MM;

/** A4 in points. */
export const PDF_PAGE = { width: 595.28, height: 841.89 } as const;
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const LEFT = MARGIN.left;
const TEXT_WIDTH = PDF_PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PDF_PAGE.height - MARGIN.bottom;

const SIZE = { body: 14, quocHieu: 12, organ: 13, table: 12, noiNhan: 12, recipients: 11 } as const;
const FIRST_LINE_INDENT = mm(10);
/** 1.15 lines, as the DOCX's body. */
const LINE_GAP = SIZE.body * 0.15;

const HEADER_LEFT = mm(68);
const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;
const FIGURE_WIDTHS = [15, 10.5, 15, 12, 12, 12.5, 12.5, 10.5];
const SLIDE_WIDTHS = [7, 25, 40, 12, 16];
/** The DOCX's 128 × 72 px thumbnail box at 96 dpi, in points. */
const THUMB_BOX = { width: 96, height: 54 } as const;
const PAD = { x: 3.5, y: 2.5 } as const;

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'center' | 'right';

interface Cell {
  text: string;
  align: Align;
  style?: FontStyle;
  image?: SlideRow['thumbnail'];
  span?: number;
}

function useFont(doc: Doc, style: FontStyle, size: number): Doc {
  return doc.font(style).fontSize(size);
}

/** One line at an exact place (centred or right-aligned by hand, so pdfkit never wraps or breaks the page). */
function line(doc: Doc, text: string, x: number, width: number, y: number, align: Align): void {
  const w = doc.widthOfString(text);
  const at = align === 'center' ? x + (width - w) / 2 : align === 'right' ? x + width - w : x;
  doc.text(text, at, y, { lineBreak: false });
}

function rule(doc: Doc, centreX: number, y: number, length: number): void {
  doc
    .moveTo(centreX - length / 2, y)
    .lineTo(centreX + length / 2, y)
    .lineWidth(0.75)
    .stroke();
}

/** Lines centred in a column from y; returns the y under them. */
function centredLines(doc: Doc, lines: string[], x: number, width: number, y: number, style: FontStyle, size: number): number {
  useFont(doc, style, size);
  for (const l of lines) {
    line(doc, l, x, width, y, 'center');
    y += doc.currentLineHeight(true);
  }
  return y;
}

function header(doc: Doc, c: ReportContent): void {
  const h = c.header;
  const top = MARGIN.top;
  let left = top;
  if (h.parentBody) left = centredLines(doc, balancedLines(h.parentBody, HEADER_LEFT - 2, SIZE.organ), LEFT, HEADER_LEFT, left, 'regular', SIZE.organ);
  const issuer = balancedLines(h.issuingBody, HEADER_LEFT - 2, SIZE.organ, 'bold');
  left = centredLines(doc, issuer, LEFT, HEADER_LEFT, left, 'bold', SIZE.organ);
  const issuerWidest = Math.max(...issuer.map((l) => doc.widthOfString(l)));
  // Nghị định 30/2020: under the issuer a rule 1/3–1/2 as long as its line; under the tiêu ngữ one as long as it.
  rule(doc, LEFT + HEADER_LEFT / 2, left + 3, issuerWidest * 0.4);

  const rx = LEFT + HEADER_LEFT;
  let right = centredLines(doc, [h.quocHieu], rx, HEADER_RIGHT, top, 'bold', SIZE.quocHieu);
  right = centredLines(doc, [h.tieuNgu], rx, HEADER_RIGHT, right, 'bold', SIZE.organ);
  rule(doc, rx + HEADER_RIGHT / 2, right + 1.5, doc.widthOfString(h.tieuNgu) + 1);
  left += 3;

  const row2 = Math.max(left, right) + 8;
  centredLines(doc, [h.number], LEFT, HEADER_LEFT, row2, 'regular', SIZE.organ);
  const end = centredLines(doc, balancedLines(h.dateLine, HEADER_RIGHT - 2, SIZE.body, 'italic'), rx, HEADER_RIGHT, row2, 'italic', SIZE.body);
  doc.x = LEFT;
  doc.y = end;
}

function paragraph(doc: Doc, text: string, opts: { style?: FontStyle; size?: number; before?: number; align?: 'justify' | 'center' | 'left'; indent?: number } = {}): void {
  useFont(doc, opts.style ?? 'regular', opts.size ?? SIZE.body);
  doc.y += opts.before ?? 6;
  doc.text(text, LEFT, doc.y, { width: TEXT_WIDTH, align: opts.align ?? 'justify', indent: opts.indent ?? FIRST_LINE_INDENT, lineGap: LINE_GAP });
}

function heading(doc: Doc, text: string, keepWith: number): void {
  useFont(doc, 'bold', SIZE.body);
  // Keep a heading with the first lines of what it heads.
  if (doc.y + 12 + doc.currentLineHeight(true) + keepWith > BOTTOM) doc.addPage();
  paragraph(doc, text, { style: 'bold', before: 12 });
  doc.y += 4;
}

function columnWidths(percent: number[]): number[] {
  return percent.map((p) => (TEXT_WIDTH * p) / 100);
}

function cellHeight(doc: Doc, cell: Cell, width: number): number {
  useFont(doc, cell.style ?? 'regular', SIZE.table);
  const text = doc.heightOfString(cell.text || ' ', { width: width - 2 * PAD.x });
  return Math.max(text, cell.image ? THUMB_BOX.height : 0) + 2 * PAD.y;
}

function rowHeight(doc: Doc, cells: Cell[], widths: number[]): number {
  let col = 0;
  let h = 0;
  for (const cell of cells) {
    const span = cell.span ?? 1;
    const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
    h = Math.max(h, cellHeight(doc, cell, w));
    col += span;
  }
  return h;
}

function drawRow(doc: Doc, cells: Cell[], widths: number[], y: number, h: number): void {
  let x = LEFT;
  let col = 0;
  for (const cell of cells) {
    const span = cell.span ?? 1;
    const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
    doc.lineWidth(0.5).rect(x, y, w, h).stroke();
    if (cell.image) {
      try {
        doc.image(cell.image.png, x + PAD.x, y + PAD.y, { fit: [w - 2 * PAD.x, h - 2 * PAD.y], align: 'center', valign: 'center' });
      } catch {
        // A PNG pdfkit cannot read (an odd colour type) is left out rather than failing the report.
        useFont(doc, 'regular', SIZE.table);
        line(doc, '—', x, w, y + (h - doc.currentLineHeight()) / 2, 'center');
      }
    } else {
      useFont(doc, cell.style ?? 'regular', SIZE.table);
      const textHeight = doc.heightOfString(cell.text || ' ', { width: w - 2 * PAD.x });
      doc.text(cell.text, x + PAD.x, y + (h - textHeight) / 2, { width: w - 2 * PAD.x, align: cell.align });
    }
    x += w;
    col += span;
  }
}

interface Row {
  cells: Cell[];
  /** Stays on the page of the row after it. */
  keepNext?: boolean;
  /** Drawn under the header when this row opens a page: its board's name, "(tiếp theo)". */
  continues?: Cell[];
}

/** A table that breaks across pages, repeating its header row (and the board a row belongs to) on each. */
function table(doc: Doc, widths: number[], head: Cell[], rows: Row[]): void {
  const headHeight = rowHeight(doc, head, widths);
  let y = doc.y;
  const startPage = () => {
    drawRow(doc, head, widths, y, headHeight);
    y += headHeight;
  };
  if (y + headHeight + (rows[0] ? rowHeight(doc, rows[0].cells, widths) : 0) > BOTTOM) {
    doc.addPage();
    y = MARGIN.top;
  }
  startPage();
  rows.forEach((row, i) => {
    const h = rowHeight(doc, row.cells, widths);
    const next = row.keepNext && rows[i + 1] ? rowHeight(doc, rows[i + 1]!.cells, widths) : 0;
    if (y + h + next > BOTTOM) {
      doc.addPage();
      y = MARGIN.top;
      startPage();
      if (row.continues) {
        const ch = rowHeight(doc, row.continues, widths);
        drawRow(doc, row.continues, widths, y, ch);
        y += ch;
      }
    }
    drawRow(doc, row.cells, widths, y, h);
    y += h;
  });
  doc.x = LEFT;
  doc.y = y;
}

function figuresTable(doc: Doc, c: ReportContent): void {
  const widths = columnWidths(FIGURE_WIDTHS);
  const head = c.figures.columns.map((text): Cell => ({ text, align: 'center', style: 'bold' }));
  let board: string | null = null;
  const rows = c.figures.rows.map((r: FiguresRow): Row => {
    if (r.kind === 'board') {
      board = r.label;
      return { cells: [{ text: r.label, align: 'left', style: 'bold', span: widths.length }], keepNext: true };
    }
    const style: FontStyle = r.kind === 'day' ? 'regular' : 'bold';
    const continues: Cell[] | undefined = board && r.kind !== 'total' ? [{ text: `${board} (tiếp theo)`, align: 'left', style: 'bold', span: widths.length }] : undefined;
    return { cells: r.cells.map((text, i): Cell => ({ text, align: i === 0 ? 'center' : 'right', style })), keepNext: r.keepWithNext, ...(continues ? { continues } : {}) };
  });
  table(doc, widths, head, rows);
}

function slidesTable(doc: Doc, c: ReportContent): void {
  const widths = columnWidths(SLIDE_WIDTHS);
  const head = c.slides.columns.map((text): Cell => ({ text, align: 'center', style: 'bold' }));
  const rows = c.slides.rows.map((s) => ({
    cells: [
      { text: s.cells.index, align: 'center' as const },
      s.thumbnail ? { text: '', align: 'center' as const, image: s.thumbnail } : { text: '—', align: 'center' as const },
      { text: s.title, align: 'left' as const },
      { text: s.cells.showings, align: 'right' as const },
      { text: s.cells.airtime, align: 'right' as const },
    ],
  }));
  table(doc, widths, head, rows);
}

function signature(doc: Doc, c: ReportContent): void {
  const leftW = TEXT_WIDTH * 0.45;
  const rightW = TEXT_WIDTH - leftW;
  useFont(doc, 'boldItalic', SIZE.noiNhan);
  let leftH = doc.currentLineHeight(true);
  useFont(doc, 'regular', SIZE.recipients);
  leftH += c.recipients.reduce((h, r) => h + doc.heightOfString(r, { width: leftW - 4 }), 0);
  useFont(doc, 'bold', SIZE.body);
  const lineH = doc.currentLineHeight(true);
  const rightH = lineH * (c.signer.titleLines.length + 5);
  let y = doc.y + 18;
  if (y + Math.max(leftH, rightH) > BOTTOM) {
    doc.addPage();
    y = MARGIN.top;
  }
  useFont(doc, 'boldItalic', SIZE.noiNhan);
  doc.text('Nơi nhận:', LEFT, y, { lineBreak: false });
  let ly = y + doc.currentLineHeight(true);
  useFont(doc, 'regular', SIZE.recipients);
  for (const r of c.recipients) {
    doc.text(r, LEFT, ly, { width: leftW - 4 });
    ly = doc.y;
  }
  const rx = LEFT + leftW;
  let ry = centredLines(doc, c.signer.titleLines, rx, rightW, y, 'bold', SIZE.body);
  // Room for the signature and the seal.
  ry += lineH * 4;
  ry = centredLines(doc, c.signer.name ? [c.signer.name] : [], rx, rightW, ry, 'bold', SIZE.body);
  doc.x = LEFT;
  doc.y = Math.max(ly, ry);
}

function pageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  // Nghị định 30/2020: numbered from the second page, centred in the top margin.
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    useFont(doc, 'regular', SIZE.body);
    line(doc, String(i - range.start + 1), LEFT, TEXT_WIDTH, mm(10), 'center');
  }
}

export function drawReportPdf(doc: Doc, c: ReportContent): void {
  header(doc, c);
  paragraph(doc, c.kind, { style: 'bold', align: 'center', indent: 0, before: 18 });
  for (const l of c.subjectLines) paragraph(doc, l, { style: 'bold', align: 'center', indent: 0, before: 0 });
  if (c.scopeLine) paragraph(doc, c.scopeLine, { style: 'bold', align: 'center', indent: 0, before: 0 });
  rule(doc, LEFT + TEXT_WIDTH / 2, doc.y + 3, mm(40));
  doc.y += 6;
  for (const s of c.sections) {
    heading(doc, s.heading, 3 * SIZE.body);
    for (const p of s.paragraphs) paragraph(doc, p);
  }
  heading(doc, c.figures.heading, 4 * SIZE.table * 1.2);
  figuresTable(doc, c);
  paragraph(doc, c.figures.note, { style: 'italic', size: SIZE.recipients, before: 4, indent: 0 });
  heading(doc, c.slides.heading, THUMB_BOX.height + 3 * SIZE.table);
  if (c.slides.rows.length > 0) slidesTable(doc, c);
  else paragraph(doc, c.slides.empty);
  paragraph(doc, c.closing);
  signature(doc, c);
  pageNumbers(doc);
}

export async function reportPdf(input: ReportDocumentInput): Promise<Buffer> {
  const c = reportContent(input);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    // The starting face, so nothing can ever be drawn in pdfkit's default Helvetica, which has no Vietnamese.
    font: DOCUMENT_FONT_FILES.regular,
    bufferPages: true,
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: c.title, Author: c.header.issuingBody, Creator: 'LEDGate', CreationDate: input.issuedAt },
  });
  for (const [style, file] of Object.entries(DOCUMENT_FONT_FILES)) doc.registerFont(style, file);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawReportPdf(doc, c);
  doc.end();
  return done;
}
