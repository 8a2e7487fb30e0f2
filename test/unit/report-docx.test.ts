// The DOCX report, read back from its XML: the Nghị định 30/2020 layout (A4, margins, Times New
// Roman 13–14, justified body with a first-line indent, the header table, Nơi nhận, signer) and
// a figures table whose "Cộng" and "Tổng cộng" rows are the sums of the rows above them.
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportDocx } from '../../controller/render/report/docx.ts';
import { buildLetterhead, buildReport, buildThumbnails, CAMPAIGN, FORMULA_SLIDE, ISSUED_AT } from '../fixtures/report.ts';
import { SLOGAN } from '../fixtures/seed.ts';

const TWIPS_PER_MM = 1440 / 25.4;
const report = buildReport();

let files: Record<string, Uint8Array>;
let documentXml: string;
let stylesXml: string;

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Top-level elements of a kind, matched by nesting depth (tables hold paragraphs, and tables in cells). */
function elements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}[ >]|<${tag}/>|</${tag}>`, 'g');
  let depth = 0;
  let start = -1;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[0].startsWith('</')) {
      depth--;
      if (depth === 0) out.push(xml.slice(start, m.index + m[0].length));
    } else if (!m[0].endsWith('/>')) {
      if (depth === 0) start = m.index;
      depth++;
    }
  }
  return out;
}

/** A paragraph's (or cell's) text, a <w:br/> as a line break. */
function text(xml: string): string {
  return decode([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => (m[0] === '<w:br/>' ? '\n' : m[1])).join(''));
}

function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g)].map((m) => m[0]);
}

function paragraphWith(exact: string): string {
  const p = paragraphs(documentXml).find((x) => text(x) === exact);
  if (!p) throw new Error(`no paragraph reads ${JSON.stringify(exact)}`);
  return p;
}

const sizes = (xml: string) => [...xml.matchAll(/<w:sz w:val="(\d+)"\/>/g)].map((m) => Number(m[1]));

/** "1.234" → 1234; "4:42:00" → 16920 s; "24,5" → 24.5. */
const vnInt = (s: string) => Number(s.replace(/\./g, ''));
const clock = (s: string) => s.split(':').map(Number).reduce((acc, n) => acc * 60 + n, 0);
const tenths = (s: string) => Math.round(Number(s.replace(/\./g, '').replace(',', '.')) * 10);

beforeAll(async () => {
  const buffer = await reportDocx({ report, letterhead: buildLetterhead(), thumbnails: await buildThumbnails(), issuedAt: ISSUED_AT, timeZone: 'Asia/Ho_Chi_Minh' });
  expect(Buffer.isBuffer(buffer)).toBe(true);
  files = unzipSync(new Uint8Array(buffer));
  documentXml = strFromU8(files['word/document.xml']!);
  stylesXml = strFromU8(files['word/styles.xml']!);
});

describe('the DOCX report: page and fonts (Nghị định 30/2020)', () => {
  it('is A4 portrait with margins inside the decree\'s ranges', () => {
    const sections = [...documentXml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sections.length).toBeGreaterThanOrEqual(1);
    const first = sections[0]!;
    expect(first).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(first).not.toMatch(/w:orient="landscape"/);
    const margin = (side: string) => Number(new RegExp(`<w:pgMar[^>]* w:${side}="(\\d+)"`).exec(first)![1]) / TWIPS_PER_MM;
    expect(margin('top')).toBeGreaterThanOrEqual(20);
    expect(margin('top')).toBeLessThanOrEqual(25);
    expect(margin('bottom')).toBeGreaterThanOrEqual(20);
    expect(margin('bottom')).toBeLessThanOrEqual(25);
    expect(margin('left')).toBeGreaterThanOrEqual(30);
    expect(margin('left')).toBeLessThanOrEqual(35);
    expect(margin('right')).toBeGreaterThanOrEqual(15);
    expect(margin('right')).toBeLessThanOrEqual(20);
  });

  it('sets Times New Roman 14 pt as the document default, and every run it names a font for is Times New Roman', () => {
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(stylesXml)![0];
    expect(defaults).toMatch(/<w:rFonts w:ascii="Times New Roman"[^>]*w:hAnsi="Times New Roman"/);
    expect([26, 28]).toContain(sizes(defaults)[0]);
    const named = [...documentXml.matchAll(/<w:rFonts ([^>]*)\/>/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(50);
    for (const attrs of named) expect(attrs).toMatch(/w:ascii="Times New Roman"/);
  });

  it('justifies the body paragraphs, indents their first line about 1 cm, in 13 or 14 pt', () => {
    const body = paragraphs(documentXml).filter((p) => /^(Từ ngày|Về tình trạng|Các bảng mất kết nối|Không có bảng|Số liệu chi tiết|Báo cáo được lập)/.test(text(p)));
    expect(body).toHaveLength(5);
    for (const p of body) {
      expect(p).toMatch(/<w:jc w:val="both"\/>/);
      const indent = Number(/<w:ind w:firstLine="(\d+)"/.exec(p)![1]) / TWIPS_PER_MM;
      expect(indent).toBeGreaterThanOrEqual(9);
      expect(indent).toBeLessThanOrEqual(13);
      for (const size of sizes(p)) expect([26, 28]).toContain(size);
    }
  });

  it('numbers pages from the second on, in the header', () => {
    expect(documentXml).toMatch(/<w:titlePg\/>/);
    const headers = Object.keys(files).filter((f) => /^word\/header\d+\.xml$/.test(f)).map((f) => strFromU8(files[f]!));
    expect(headers.some((h) => /PAGE/.test(h))).toBe(true);
  });
});

describe('the DOCX report: the header block', () => {
  it('puts issuer and Quốc hiệu in a borderless two-column table', () => {
    const header = elements(documentXml.slice(documentXml.indexOf('<w:body>')), 'w:tbl')[0]!;
    expect(header.match(/<w:gridCol /g)).toHaveLength(2);
    const borders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(header)![1]!;
    expect(borders.match(/w:val="none"/g)).toHaveLength(6);
    const t = text(header);
    expect(t).toContain('UBND TỈNH ĐẮK LẮK');
    expect(t).toContain('SỞ VĂN HOÁ, THỂ THAO\nVÀ DU LỊCH');
    expect(t).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });

  it('writes the issuer bold and uppercase with a short rule under it, and the number and symbol "Số: …/BC-SVHTTDL"', () => {
    const issuer = paragraphWith('SỞ VĂN HOÁ, THỂ THAO\nVÀ DU LỊCH');
    expect(issuer).toMatch(/<w:b\/>/);
    for (const size of sizes(issuer)) expect([24, 26]).toContain(size);
    const all = paragraphs(documentXml);
    const next = all[all.indexOf(issuer) + 1]!;
    expect(next).toMatch(/<w:pBdr><w:bottom w:val="single"/);
    expect(text(next)).toBe('');
    expect(paragraphWith('Số: …/BC-SVHTTDL')).not.toMatch(/<w:b\/>/);
  });

  it('writes the Quốc hiệu bold uppercase 12–13 pt and the tiêu ngữ bold 13–14 pt with a rule under it', () => {
    const qh = paragraphWith('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(qh).toMatch(/<w:b\/>/);
    for (const size of sizes(qh)) expect([24, 26]).toContain(size);
    const tn = paragraphWith('Độc lập - Tự do - Hạnh phúc');
    expect(tn).toMatch(/<w:b\/>/);
    for (const size of sizes(tn)) expect([26, 28]).toContain(size);
    const all = paragraphs(documentXml);
    expect(all[all.indexOf(tn) + 1]).toMatch(/<w:pBdr><w:bottom w:val="single"/);
  });

  it('dates the report "Đắk Lắk, ngày 04 tháng 3 năm 2026" in italics (the issue day in Buôn Ma Thuột)', () => {
    const date = paragraphWith('Đắk Lắk, ngày 04 tháng 3 năm 2026');
    expect(date).toMatch(/<w:i\/>/);
  });

  it('titles it "BÁO CÁO" and the subject with the period and the campaign, bold and centred', () => {
    const kind = paragraphWith('BÁO CÁO');
    expect(kind).toMatch(/<w:jc w:val="center"\/>/);
    expect(kind).toMatch(/<w:b\/>/);
    const subject = paragraphWith('Kết quả tuyên truyền trên bảng điện tử LED\ntừ ngày 01/03/2026 đến ngày 03/03/2026');
    expect(subject).toMatch(/<w:jc w:val="center"\/>/);
    expect(subject).toMatch(/<w:b\/>/);
    expect(paragraphWith(`Chiến dịch: ${CAMPAIGN}`)).toMatch(/<w:b\/>/);
  });
});

describe('the DOCX report: body, tables, Nơi nhận and signer', () => {
  it('summarises the figures in Vietnamese, with Vietnamese number formats', () => {
    const body = paragraphs(documentXml).map(text).join('\n');
    expect(body).toContain('được phát trên 2 bảng điện tử LED, tổng cộng 10.861 lượt phát với thời lượng 24\u00A0giờ 8\u00A0phút, chiếm 24,2% thời gian các bảng sáng.');
    expect(body).toContain('Có 1 lần phát thông báo khẩn cấp');
    expect(body).toContain('Cửa ngõ phía Đông (Quốc lộ 26): 6,4\u00A0giờ (8,9%)');
    expect(body).not.toContain('Cửa ngõ phía Bắc (Quốc lộ 14):');
  });

  it('has "Cộng" rows equal to the sums of their board\'s day rows, and "Tổng cộng" equal to the sum of every day row and to the report', () => {
    const body = documentXml.slice(documentXml.indexOf('<w:body>'));
    const figures = elements(body, 'w:tbl').find((t) => text(t).includes('Tổng cộng'))!;
    const rows = elements(figures, 'w:tr').map((tr) => elements(tr, 'w:tc').map(text));
    expect(rows[0]).toEqual(['Ngày', 'Lượt phát', 'Thời lượng phát', 'Tỷ lệ thời gian sáng', 'Trực tuyến (giờ)', 'Mất kết nối (giờ)', 'Tắt màn hình (giờ)', 'Khẩn cấp (lần)']);
    let group: string[][] = [];
    const all: string[][] = [];
    const boardTotals: string[][] = [];
    let grand: string[] | undefined;
    for (const r of rows.slice(1)) {
      if (r.length === 1) {
        expect(r[0]).toMatch(/^Bảng: /);
        group = [];
      } else if (/^\d{2}\/\d{2}\/\d{4}$/.test(r[0]!)) {
        group.push(r);
        all.push(r);
      } else if (r[0] === 'Cộng') {
        expect(group.length).toBe(3);
        expect(vnInt(r[1]!)).toBe(group.reduce((s, g) => s + vnInt(g[1]!), 0));
        expect(clock(r[2]!)).toBe(group.reduce((s, g) => s + clock(g[2]!), 0));
        for (const col of [4, 5, 6]) expect(tenths(r[col]!)).toBe(group.reduce((s, g) => s + tenths(g[col]!), 0));
        expect(vnInt(r[7]!)).toBe(group.reduce((s, g) => s + vnInt(g[7]!), 0));
        boardTotals.push(r);
      } else if (r[0] === 'Tổng cộng') grand = r;
    }
    expect(all).toHaveLength(6);
    expect(boardTotals).toHaveLength(2);
    expect(grand).toBeDefined();
    expect(vnInt(grand![1]!)).toBe(all.reduce((s, g) => s + vnInt(g[1]!), 0));
    expect(clock(grand![2]!)).toBe(all.reduce((s, g) => s + clock(g[2]!), 0));
    expect(clock(grand![2]!)).toBe(boardTotals.reduce((s, g) => s + clock(g[2]!), 0));
    // Against the model: the showings are exact; airtime is each row rounded to the second.
    expect(vnInt(grand![1]!)).toBe(report.totals.showings);
    expect(Math.abs(clock(grand![2]!) - report.totals.airtimeMs / 1000)).toBeLessThanOrEqual(all.length * 0.5);
    expect(all.map((r) => clock(r[2]!))).toEqual(report.boards.flatMap((b) => b.days.map((d) => Math.round(d.airtimeMs / 1000))));
    expect(all[0]).toEqual(['01/03/2026', '2.115', '4:42:00', '26,1%', '24,0', '0,0', '6,0', '0']);
  });

  it('lists the slides shown with their picture, words, showings and airtime', () => {
    expect(Object.keys(files).filter((f) => f.startsWith('word/media/'))).toHaveLength(3);
    const body = documentXml.slice(documentXml.indexOf('<w:body>'));
    const slides = elements(body, 'w:tbl').find((t) => text(t).includes('Hình ảnh'))!;
    const rows = elements(slides, 'w:tr').map((tr) => elements(tr, 'w:tc').map(text));
    expect(rows.map((r) => r[2])).toEqual(['Nội dung', SLOGAN, CAMPAIGN, FORMULA_SLIDE]);
    expect(rows[1]![3]).toBe('6.196');
    expect(elements(slides, 'w:tr').slice(1).every((tr) => tr.includes('<w:drawing>'))).toBe(true);
  });

  it('ends with "Nơi nhận:" bold italic 12 pt over the recipients in 11 pt, and the signer\'s title and name in bold', () => {
    const noiNhan = paragraphWith('Nơi nhận:');
    expect(noiNhan).toMatch(/<w:b\/>/);
    expect(noiNhan).toMatch(/<w:i\/>/);
    expect(sizes(noiNhan)).toEqual([24]);
    const recipients = ['- Ban Tuyên giáo Tỉnh uỷ (để báo cáo);', '- Lãnh đạo Sở;', '- Lưu: VT.'].map(paragraphWith);
    for (const r of recipients) expect(sizes(r)).toEqual([22]);
    const title = paragraphWith('KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC');
    expect(title).toMatch(/<w:b\/>/);
    expect(paragraphWith('Nguyễn Văn An')).toMatch(/<w:b\/>/);
    // Bottom-left and right of one borderless table, after everything else.
    const body = documentXml.slice(documentXml.indexOf('<w:body>'));
    const last = elements(body, 'w:tbl').at(-1)!;
    const cells = elements(elements(last, 'w:tr')[0]!, 'w:tc').map(text);
    expect(cells[0]).toMatch(/^Nơi nhận:/);
    expect(cells[1]).toMatch(/^KT\. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC[\s\S]*Nguyễn Văn An$/);
  });
});
