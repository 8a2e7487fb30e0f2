import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import * as fontkit from 'fontkit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ASCII_PUNCTUATION,
  checkCatalogueCoverage,
  missingCharacters,
  REQUIRED_CHARACTERS,
  STAFF_PUNCTUATION,
  VIETNAMESE_134,
  VIETNAMESE_LETTERS,
} from '../../controller/render/font-coverage.ts';
import { FONTS_DIR, loadFonts } from '../../controller/render/fonts.ts';

interface CatalogueEntry {
  id: string;
  family: string;
  weight: number;
  file: string;
  licence: string;
  licenceFile: string;
}

const catalogue = (JSON.parse(fs.readFileSync(path.join(FONTS_DIR, 'catalogue.json'), 'utf8')) as { fonts: CatalogueEntry[] }).fonts;
const fontBytes = (entry: CatalogueEntry) => fs.readFileSync(path.join(FONTS_DIR, entry.file));
const chars = (s: string) => Array.from(s);

describe('the Vietnamese character sets', () => {
  // Built independently of the literal in font-coverage.ts: base vowel + combining tone mark, composed by NFC.
  const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const composed = chars('aăâeêioôơuưy').flatMap((v) => TONES.map((t) => (v + t).normalize('NFC')));
  const lower = [...composed, ...chars('bcdđghklmnpqrstvx')];
  const expected = [...lower, ...lower.map((c) => c.toUpperCase())];

  it('VIETNAMESE_LETTERS is the whole alphabet in every tone form, both cases: 178 precomposed letters', () => {
    expect(chars(VIETNAMESE_LETTERS)).toHaveLength(178);
    expect(new Set(chars(VIETNAMESE_LETTERS)).size).toBe(178);
    expect(VIETNAMESE_LETTERS.normalize('NFC')).toBe(VIETNAMESE_LETTERS);
    for (const c of expected) expect(c).toHaveLength(1); // every form has a precomposed code point
    expect(new Set(chars(VIETNAMESE_LETTERS))).toEqual(new Set(expected));
    expect(chars(VIETNAMESE_LETTERS).filter((c) => c.toLowerCase() === c)).toHaveLength(89);
  });

  it('VIETNAMESE_134 is the 67 + 67 non-ASCII letters', () => {
    const set = chars(VIETNAMESE_134);
    expect(set).toHaveLength(134);
    expect(new Set(set).size).toBe(134);
    expect(set.filter((c) => c.toLowerCase() === c)).toHaveLength(67);
    expect(set.every((c) => c.charCodeAt(0) > 0x7f)).toBe(true);
    expect(new Set(set)).toEqual(new Set(expected.filter((c) => c.charCodeAt(0) > 0x7f)));
    for (const c of 'ăâêôơưđĂÂÊÔƠƯĐ') expect(set).toContain(c);
  });

  it('STAFF_PUNCTUATION has the typographic marks and all 32 ASCII punctuation characters', () => {
    for (const c of '“”‘’–…«»') expect(STAFF_PUNCTUATION).toContain(c);
    expect(ASCII_PUNCTUATION).toHaveLength(32);
    for (const c of `!"'(),-.:;?/&%@#*+=[]_~\`\\{|}<>^$`) expect(STAFF_PUNCTUATION).toContain(c);
    for (const c of [...VIETNAMESE_LETTERS, ...STAFF_PUNCTUATION]) expect(REQUIRED_CHARACTERS).toContain(c);
  });
});

describe('the font catalogue', () => {
  it('has at least three families', () => {
    expect(new Set(catalogue.map((e) => e.family)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(catalogue.map((e) => e.id)).size).toBe(catalogue.length);
  });

  for (const entry of catalogue) {
    it(`${entry.id}: the font file and its licence file exist, and the licence text is the one named`, () => {
      expect(fs.statSync(path.join(FONTS_DIR, entry.file)).size).toBeGreaterThan(10_000);
      const licence = fs.readFileSync(path.join(FONTS_DIR, entry.licenceFile), 'utf8');
      expect(['OFL-1.1', 'Apache-2.0']).toContain(entry.licence);
      if (entry.licence === 'OFL-1.1') expect(licence).toContain('SIL OPEN FONT LICENSE Version 1.1');
      else expect(licence).toContain('Apache License');
    });

    it(`${entry.id}: has a glyph (in its cmap) for every Vietnamese letter, digit and staff punctuation mark`, () => {
      expect(missingCharacters(fontBytes(entry), REQUIRED_CHARACTERS)).toEqual([]);
    });
  }

  it('checkCatalogueCoverage accepts every catalogue font and refuses none', () => {
    const report = checkCatalogueCoverage();
    expect(report.refused).toEqual([]);
    expect(report.ok.map((f) => f.id)).toEqual(catalogue.map((e) => e.id));
  });
});

describe('missingCharacters', () => {
  const first = catalogue[0]!;

  it('reports characters the font lacks (CJK, emoji), once each, in order', () => {
    expect(missingCharacters(fontBytes(first), 'Xin chào 中文 😀, 中!')).toEqual(['中', '文', '😀']);
  });

  it('normalises to NFC first: decomposed Vietnamese is found, control characters are skipped', () => {
    const decomposed = 'Đắk Lắk\nThừa Thiên Huế'.normalize('NFD');
    expect(decomposed).not.toBe(decomposed.normalize('NFC'));
    expect(missingCharacters(fontBytes(first), decomposed)).toEqual([]);
  });

  describe('checkCatalogueCoverage on a catalogue with faults', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-fonts-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('refuses a font missing required characters, listing them, and a font whose file is absent', () => {
      fs.copyFileSync(path.join(FONTS_DIR, first.file), path.join(dir, 'face.ttf'));
      fs.writeFileSync(
        path.join(dir, 'catalogue.json'),
        JSON.stringify({
          fonts: [
            { id: 'present', family: 'F', weight: 700, file: 'face.ttf' },
            { id: 'absent', family: 'G', weight: 700, file: 'nope.ttf' },
          ],
        }),
      );
      const report = checkCatalogueCoverage(dir, VIETNAMESE_LETTERS + '中😀');
      expect(report.ok).toEqual([]);
      expect(report.refused).toHaveLength(2);
      expect(report.refused[0]).toMatchObject({ id: 'present', missing: ['中', '😀'] });
      expect(report.refused[0]!.reason).toContain('U+4E2D');
      expect(report.refused[1]).toMatchObject({ id: 'absent', missing: [] });
      expect(report.refused[1]!.reason).toMatch(/cannot read nope\.ttf/);
    });
  });
});

describe('each catalogue face renders', () => {
  const fonts = loadFonts().fonts;
  const TEXT = 'Đắk Lắk';
  const W = 240;
  const H = 80;

  /** Draws TEXT at 40px in the given family: ink pixels, a hash of the image, and its measured width. */
  function draw(family: string): { ink: number; hash: string; width: number } {
    const canvas = createCanvas(W, H);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = '#fff';
    ctx.font = `40px "${family}"`;
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(TEXT, 8, 56);
    const data = ctx.getImageData(0, 0, W, H).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 64) ink++;
    return { ink, hash: crypto.createHash('sha256').update(data).digest('hex'), width: ctx.measureText(TEXT).width };
  }

  const hashes = new Map<string, string>();

  for (const entry of catalogue) {
    it(`${entry.id} (${entry.family} ${entry.weight}) draws "${TEXT}" at 40px`, () => {
      const font = fonts.get(entry.id);
      expect(font).toBeDefined();
      expect(GlobalFonts.has(font!.alias)).toBe(true);
      const { ink, hash, width } = draw(font!.alias);
      expect(ink).toBeGreaterThan(500);
      // The face itself, not a fallback: the width Skia lays out is the one the file's own advance
      // widths give (fontkit reads them independently). A machine's fallback face depends on which
      // system fonts are installed, so it is not a reliable thing to compare with.
      const face = fontkit.create(fontBytes(entry)) as fontkit.Font;
      expect(width).toBeCloseTo((face.layout(TEXT).advanceWidth * 40) / face.unitsPerEm, 0);
      // Not the same pixels as another catalogue face.
      expect([...hashes.values()]).not.toContain(hash);
      hashes.set(entry.id, hash);
    });
  }
});
