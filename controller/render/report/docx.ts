// The campaign report as a Word file: a "Báo cáo" laid out as Nghị định 30/2020/NĐ-CP asks of an
// administrative document (A4 portrait; margins 20/20/30/15 mm; Times New Roman; the issuer and
// the Quốc hiệu side by side in a borderless table; the date line, the title, Nơi nhận and the
// signature block where the decree puts them), so an office can number, sign and send it as is.
// The content is reportContent's, the same as the PDF's.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { IBorderOptions, IRunOptions } from 'docx';
import { reportContent } from './content.ts';
import type { FiguresRow, ReportContent, ReportDocumentInput, SlideRow } from './content.ts';
import { balancedLines, DOCX_FONT, textWidthPt } from './document-font.ts';

export type { ReportDocumentInput } from './content.ts';

const TWIPS_PER_MM = 1440 / 25.4;
/** Rounded up, so a margin is never a hair under the decree's minimum. */
const mm = (v: number) => Math.ceil(v * TWIPS_PER_MM);
const pt = (v: number) => Math.round(v * 20);

/** A4 portrait, in twips: what Word writes for A4. */
export const PAGE = { width: 11906, height: 16838 } as const;
export const MARGINS_MM = { top: 20, bottom: 20, left: 30, right: 15 } as const;
const MARGIN = { top: mm(MARGINS_MM.top), bottom: mm(MARGINS_MM.bottom), left: mm(MARGINS_MM.left), right: mm(MARGINS_MM.right) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

/** Sizes in points: body 14 (the decree allows 13–14), tables 12, Nơi nhận 12 over a list in 11. */
const SIZE = { body: 14, quocHieu: 12, organ: 13, table: 12, noiNhan: 12, recipients: 11 } as const;
const FIRST_LINE_INDENT = mm(10);

/** The header table's columns: the issuer on the left, the Quốc hiệu (87.7 mm at 12 pt bold) on the right. */
const HEADER_LEFT = mm(68);
const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;

const FIGURE_WIDTHS = [15, 10.5, 15, 12, 12, 12.5, 12.5, 10.5];
const SLIDE_WIDTHS = [7, 25, 40, 12, 16];
/** A thumbnail fits this box (px at 96 dpi, which docx's image sizes are in). */
const THUMB_BOX = { width: 128, height: 72 } as const;

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const GRID = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

type RunStyle = Omit<IRunOptions, 'text' | 'children' | 'size' | 'font'>;

function run(text: string, sizePt: number, style: RunStyle = {}): TextRun {
  return new TextRun({ text, font: DOCX_FONT, size: sizePt * 2, ...style });
}

/** Lines of one paragraph separated by line breaks (w:br), as a clerk types a two-line heading. */
function lines(texts: string[], sizePt: number, style: RunStyle = {}): TextRun[] {
  return texts.map((t, i) => new TextRun({ text: t, font: DOCX_FONT, size: sizePt * 2, break: i > 0 ? 1 : 0, ...style }));
}

function centred(children: TextRun[], spacing: { before?: number; after?: number } = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0, ...spacing }, children });
}

/** A short horizontal rule: an empty paragraph with a bottom border, narrowed by indents to widthTwips. */
function rule(cellWidth: number, widthTwips: number): Paragraph {
  const side = Math.max(0, Math.round((cellWidth - widthTwips) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: pt(2), lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 } },
    run: { size: 2 },
    children: [],
  });
}

function body(text: string, style: RunStyle = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { before: pt(6), after: 0, line: 276, lineRule: LineRuleType.AUTO },
    children: [run(text, SIZE.body, style)],
  });
}

function cell(children: Paragraph[], width: number, opts: { columnSpan?: number; margins?: boolean; top?: boolean } = {}): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: opts.top ? VerticalAlignTable.TOP : VerticalAlignTable.CENTER,
    ...(opts.columnSpan ? { columnSpan: opts.columnSpan } : {}),
    margins: opts.margins === false ? { top: 0, bottom: 0, left: 0, right: 0 } : { top: 40, bottom: 40, left: 70, right: 70 },
  });
}

function widths(percent: number[]): number[] {
  const raw = percent.map((p) => Math.floor((TEXT_WIDTH * p) / 100));
  raw[raw.length - 1]! += TEXT_WIDTH - raw.reduce((a, b) => a + b, 0);
  return raw;
}

function headerTable(c: ReportContent): Table {
  const h = c.header;
  const leftPt = HEADER_LEFT / 20;
  const rightPt = HEADER_RIGHT / 20;
  const issuerLines = balancedLines(h.issuingBody, leftPt - 2, SIZE.organ, 'bold');
  const issuerWidest = Math.max(...issuerLines.map((l) => textWidthPt(l, SIZE.organ, 'bold')));
  const tieuNguWidth = textWidthPt(h.tieuNgu, SIZE.organ, 'bold');
  const left: Paragraph[] = [];
  if (h.parentBody) left.push(centred(lines(balancedLines(h.parentBody, leftPt - 2, SIZE.organ), SIZE.organ)));
  left.push(centred(lines(issuerLines, SIZE.organ, { bold: true })));
  // Nghị định 30/2020: under the issuer, a rule 1/3 to 1/2 as long as its line; under the tiêu ngữ, one as long as it.
  left.push(rule(HEADER_LEFT, pt(issuerWidest * 0.4)));
  const right = [
    centred([run(h.quocHieu, SIZE.quocHieu, { bold: true })]),
    centred([run(h.tieuNgu, SIZE.organ, { bold: true })]),
    rule(HEADER_RIGHT, pt(tieuNguWidth + 1)),
  ];
  const row2Spacing = { before: pt(6) };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [HEADER_LEFT, HEADER_RIGHT],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({ children: [cell(left, HEADER_LEFT, { margins: false, top: true }), cell(right, HEADER_RIGHT, { margins: false, top: true })] }),
      new TableRow({
        children: [
          cell([centred([run(h.number, SIZE.organ)], row2Spacing)], HEADER_LEFT, { margins: false, top: true }),
          cell([centred(lines(balancedLines(h.dateLine, rightPt - 2, SIZE.body, 'italic'), SIZE.body, { italics: true }), row2Spacing)], HEADER_RIGHT, { margins: false, top: true }),
        ],
      }),
    ],
  });
}

function tableParagraph(text: string, align: 'left' | 'center' | 'right', bold = false): Paragraph {
  const alignment = align === 'left' ? AlignmentType.LEFT : align === 'right' ? AlignmentType.RIGHT : AlignmentType.CENTER;
  return new Paragraph({ alignment, spacing: { before: 0, after: 0 }, children: [run(text, SIZE.table, { bold })] });
}

function figuresTable(c: ReportContent): Table {
  const w = widths(FIGURE_WIDTHS);
  const head = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: c.figures.columns.map((col, i) => cell([tableParagraph(col, 'center', true)], w[i]!)),
  });
  const body = c.figures.rows.map((r: FiguresRow) => {
    if (r.kind === 'board') {
      return new TableRow({ cantSplit: true, keepNext: true, children: [cell([tableParagraph(r.label, 'left', true)], TEXT_WIDTH, { columnSpan: w.length })] });
    }
    const bold = r.kind !== 'day';
    return new TableRow({
      cantSplit: true,
      keepNext: r.keepWithNext,
      children: r.cells.map((text, i) => cell([tableParagraph(text, i === 0 ? 'center' : 'right', bold)], w[i]!)),
    });
  });
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: w, layout: TableLayoutType.FIXED, borders: GRID, rows: [head, ...body] });
}

function thumbnail(s: SlideRow): Paragraph {
  if (!s.thumbnail) return tableParagraph('—', 'center');
  const scale = Math.min(THUMB_BOX.width / s.thumbnail.width, THUMB_BOX.height / s.thumbnail.height);
  const width = Math.max(1, Math.round(s.thumbnail.width * scale));
  const height = Math.max(1, Math.round(s.thumbnail.height * scale));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 0, after: 0 },
    children: [new ImageRun({ type: 'png', data: s.thumbnail.png, transformation: { width, height }, altText: { name: `slide-${s.index}`, description: s.title, title: s.title } })],
  });
}

function slidesTable(c: ReportContent): Table {
  const w = widths(SLIDE_WIDTHS);
  const head = new TableRow({ tableHeader: true, cantSplit: true, children: c.slides.columns.map((col, i) => cell([tableParagraph(col, 'center', true)], w[i]!)) });
  const rows = c.slides.rows.map(
    (s) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([tableParagraph(s.cells.index, 'center')], w[0]!),
          cell([thumbnail(s)], w[1]!),
          cell([tableParagraph(s.title, 'left')], w[2]!),
          cell([tableParagraph(s.cells.showings, 'right')], w[3]!),
          cell([tableParagraph(s.cells.airtime, 'right')], w[4]!),
        ],
      }),
  );
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: w, layout: TableLayoutType.FIXED, borders: GRID, rows: [head, ...rows] });
}

function signatureTable(c: ReportContent): Table {
  const left = Math.round(TEXT_WIDTH * 0.45);
  const right = TEXT_WIDTH - left;
  const recipients = [
    new Paragraph({ spacing: { before: 0, after: 0 }, children: [run('Nơi nhận:', SIZE.noiNhan, { bold: true, italics: true })] }),
    ...c.recipients.map((r) => new Paragraph({ spacing: { before: 0, after: 0 }, children: [run(r, SIZE.recipients)] })),
  ];
  const signer = [
    centred(lines(c.signer.titleLines, SIZE.body, { bold: true })),
    // Room for the signature and the seal.
    ...Array.from({ length: 4 }, () => centred([run('', SIZE.body)])),
    centred([run(c.signer.name, SIZE.body, { bold: true })]),
  ];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [cell(recipients, left, { margins: false, top: true }), cell(signer, right, { margins: false, top: true })] })],
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    keepNext: true,
    spacing: { before: pt(12), after: pt(6) },
    children: [run(text, SIZE.body, { bold: true })],
  });
}

export function reportDocxDocument(c: ReportContent): Document {
  const children: (Paragraph | Table)[] = [headerTable(c)];
  children.push(centred([run(c.kind, SIZE.body, { bold: true })], { before: pt(18) }));
  children.push(centred(lines(c.subjectLines, SIZE.body, { bold: true })));
  if (c.scopeLine) children.push(centred([run(c.scopeLine, SIZE.body, { bold: true })]));
  children.push(rule(TEXT_WIDTH, mm(40)));
  for (const section of c.sections) {
    children.push(heading(section.heading));
    for (const p of section.paragraphs) children.push(body(p));
  }
  children.push(heading(c.figures.heading));
  children.push(figuresTable(c));
  children.push(
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      spacing: { before: pt(4), after: 0 },
      children: [run(c.figures.note, SIZE.recipients, { italics: true })],
    }),
  );
  children.push(heading(c.slides.heading));
  children.push(c.slides.rows.length > 0 ? slidesTable(c) : body(c.slides.empty));
  children.push(body(c.closing));
  children.push(new Paragraph({ spacing: { before: pt(12), after: 0 }, children: [] }));
  children.push(signatureTable(c));

  const pageNumber = new Header({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: DOCX_FONT, size: SIZE.body * 2 })] })],
  });
  return new Document({
    title: c.title,
    creator: 'LEDGate',
    styles: {
      default: {
        document: {
          run: { font: DOCX_FONT, size: SIZE.body * 2, language: { value: 'vi-VN' } },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          // Nghị định 30/2020: page numbers centred in the top margin, from the second page on.
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...MARGIN, header: mm(10), footer: mm(10) },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [] }) },
        children,
      },
    ],
  });
}

export async function reportDocx(input: ReportDocumentInput): Promise<Buffer> {
  return Packer.toBuffer(reportDocxDocument(reportContent(input)));
}
