// The PDF report, read back with pdf.js: A4 pages, the text (Vietnamese diacritics survive
// extraction, so the ToUnicode map is right), the same totals as the model, and only the bundled
// Tinos faces, embedded (not a standard PDF font, which has no Vietnamese).
import fs from 'node:fs';
import zlib from 'node:zlib';
import * as fontkit from 'fontkit';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_FONT_FILES } from '../../controller/render/report/document-font.ts';
import { reportPdf } from '../../controller/render/report/pdf.ts';
import { buildLetterhead, buildReport, buildThumbnails, CAMPAIGN, FORMULA_SLIDE, ISSUED_AT } from '../fixtures/report.ts';
import { SLOGAN } from '../fixtures/seed.ts';

const report = buildReport();
let bytes: Buffer;
let pages: { view: number[]; text: string; fonts: { name: string; missingFile: boolean }[] }[];

/** Thousands grouped with dots, written independently of the module under test. */
const vn = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

beforeAll(async () => {
  bytes = await reportPdf({ report, letterhead: buildLetterhead(), thumbnails: await buildThumbnails(), issuedAt: ISSUED_AT });
  const pdf = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, verbosity: 0 }).promise;
  pages = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
    const ops = await page.getOperatorList();
    const ids = new Set<string>();
    ops.fnArray.forEach((fn, k) => {
      if (fn === OPS.setFont) ids.add((ops.argsArray[k] as [string])[0]);
    });
    const fonts = [...ids].map((id) => page.commonObjs.get(id) as { name: string; missingFile: boolean });
    pages.push({ view: page.view, text, fonts });
  }
  await pdf.destroy();
});

const allText = () => pages.map((p) => p.text).join('\n').normalize('NFC');
/** Lines joined: a slogan wrapped in a table cell reads as one string again. */
const flat = () => allText().replace(/\s+/g, ' ');

describe('the PDF report', () => {
  it('is a PDF of A4 pages (595.28 × 841.89 pt)', () => {
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const p of pages) {
      expect(p.view[2]).toBeCloseTo(595.28, 1);
      expect(p.view[3]).toBeCloseTo(841.89, 1);
    }
  });

  it('gives back the Quốc hiệu, tiêu ngữ, date line and subject with their diacritics', () => {
    const lines = allText().split('\n').map((l) => l.trim());
    expect(lines).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lines).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(lines).toContain('UBND TỈNH ĐẮK LẮK');
    expect(lines).toContain('SỞ VĂN HOÁ, THỂ THAO');
    expect(lines).toContain('BÁO CÁO');
    expect(flat()).toContain('Đắk Lắk, ngày 04 tháng 3 năm 2026');
    expect(flat()).toContain('Số: …/BC-SVHTTDL');
    expect(flat()).toContain('Kết quả tuyên truyền trên bảng điện tử LED từ ngày 01/03/2026 đến ngày 03/03/2026');
    expect(flat()).toContain(`Chiến dịch: ${CAMPAIGN}`);
  });

  it('carries the same sections, slides, Nơi nhận and signer as the DOCX', () => {
    const t = flat();
    for (const s of ['I. KẾT QUẢ CHUNG', 'II. KẾT QUẢ THEO TỪNG BẢNG VÀ TỪNG NGÀY', 'III. CÁC NỘI DUNG ĐÃ PHÁT', 'Nơi nhận:', '- Lưu: VT.', 'KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC', 'Nguyễn Văn An']) expect(t).toContain(s);
    expect(t).toContain(SLOGAN);
    expect(t).toContain(FORMULA_SLIDE);
    expect(t).toContain('Bảng: Cửa ngõ phía Bắc (Quốc lộ 14)');
    expect(t).toContain('Cửa ngõ phía Đông (Quốc lộ 26): 6,4\u00A0giờ (8,9%)'.replace(/\s/g, ' '));
  });

  it('prints the grand total of showings and airtime that the report\'s day rows add up to', () => {
    const days = report.boards.flatMap((b) => b.days);
    const showings = days.reduce((s, d) => s + d.showings, 0);
    const seconds = days.reduce((s, d) => s + Math.round(d.airtimeMs / 1000), 0);
    const clock = `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
    expect(showings).toBe(report.totals.showings);
    expect(flat()).toMatch(new RegExp(`Tổng cộng ?${vn(showings).replace(/\./g, '\\.')} ?${clock}`));
    for (const b of report.boards) expect(flat()).toContain(vn(b.totals.showings));
  });

  it('draws every line in the bundled Tinos faces, embedded, and in no other font', () => {
    const used = pages.flatMap((p) => p.fonts);
    expect(used.length).toBeGreaterThanOrEqual(3);
    for (const f of used) {
      expect(f.name).toMatch(/^[A-Z]{6}\+Tinos-(Regular|Bold|Italic|BoldItalic)$/);
      expect(f.missingFile).toBe(false);
    }
    const raw = bytes.toString('latin1');
    const baseFonts = [...raw.matchAll(/\/BaseFont \/([^\s/>]+)/g)].map((m) => m[1]!);
    expect(baseFonts.length).toBeGreaterThan(0);
    for (const name of baseFonts) expect(name).toMatch(/^[A-Z]{6}\+Tinos-/);
  });

  it('embeds subsets of the very files in fonts/tinos/ (their head tables match)', () => {
    const raw = bytes.toString('latin1');
    const refs = [...raw.matchAll(/\/FontFile2 (\d+) 0 R/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    const bundled = Object.values(DOCUMENT_FONT_FILES).map((file) => (fontkit.create(fs.readFileSync(file)) as fontkit.Font));
    const stamp = (f: fontkit.Font) => {
      // created and modified differ from face to face and from any other font; revision is Tinos's release.
      const head = (f as unknown as { head: { created: number[]; modified: number[]; revision: number; unitsPerEm: number } }).head;
      return `${head.created.join(',')}/${head.modified.join(',')}/${head.revision}/${head.unitsPerEm}`;
    };
    const bundledStamps = new Set(bundled.map(stamp));
    for (const ref of refs) {
      const start = raw.indexOf(`\n${ref} 0 obj`);
      const dict = raw.slice(start, raw.indexOf('stream', start));
      const length = Number(/\/Length (\d+)/.exec(dict)![1]);
      let from = raw.indexOf('stream', start) + 'stream'.length;
      if (raw[from] === '\r') from++;
      if (raw[from] === '\n') from++;
      let data = bytes.subarray(from, from + length);
      if (dict.includes('/FlateDecode')) data = zlib.inflateSync(data);
      const embedded = fontkit.create(data) as fontkit.Font;
      expect(bundledStamps.has(stamp(embedded))).toBe(true);
      expect(embedded.numGlyphs).toBeLessThan(1000); // a subset, not the whole 500 kB face
    }
  });
});
