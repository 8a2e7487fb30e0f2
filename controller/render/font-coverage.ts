// Font coverage: which characters a font file has no glyph for, read from its cmap, and whether every
// face in fonts/catalogue.json covers what staff type on a Vietnamese board (every letter of the
// alphabet in every tone form, both cases, plus digits and punctuation). A face that lacks one would
// draw tofu or silently fall back to another font in the middle of a word.
//
// The cmap is read with fontkit rather than by hand: a cmap holds several subtables in different
// formats (4 for the BMP, 12 for beyond it, 0/6/13/14 in older or special fonts) chosen by
// platform/encoding, and fonts may come as WOFF/WOFF2 or collections. fontkit (the parser behind
// PDFKit, maintained by foliojs) handles all of that and is tested against real fonts; a hand-written
// parser would be another thing here to get wrong.
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { z } from 'zod';
import { FONTS_DIR } from './font-files.ts';

/**
 * The 12 Vietnamese vowel letters, each in its 6 tone forms in the order: no mark, huyền (grave),
 * sắc (acute), hỏi (hook above), ngã (tilde), nặng (dot below). 12 × 6 = 72, all precomposed (NFC).
 */
const LOWER_VOWELS =
  'aàáảãạ' + 'ăằắẳẵặ' + 'âầấẩẫậ' +
  'eèéẻẽẹ' + 'êềếểễệ' +
  'iìíỉĩị' +
  'oòóỏõọ' + 'ôồốổỗộ' + 'ơờớởỡợ' +
  'uùúủũụ' + 'ưừứửữự' +
  'yỳýỷỹỵ';

/** The 17 consonant letters of the Vietnamese alphabet (f, j, w, z are not in it). */
const LOWER_CONSONANTS = 'bcdđghklmnpqrstvx';

const LOWER_LETTERS = LOWER_VOWELS + LOWER_CONSONANTS;

/**
 * Every letter Vietnamese text needs, in both cases: the 29-letter alphabet (12 vowels, 17 consonants)
 * with every vowel in all 6 tone forms. Counted: 72 vowel forms + 17 consonants = 89 lower-case,
 * 89 upper-case, 178 in all (22 + 22 of them are plain ASCII letters).
 */
export const VIETNAMESE_LETTERS: string = LOWER_LETTERS + LOWER_LETTERS.toUpperCase();

/**
 * The "134 Vietnamese characters" usually cited: the letters outside ASCII, 67 lower-case + 67
 * upper-case. 67 = 12 vowels × 5 tone marks (60) + the 6 unmarked non-ASCII vowels ă â ê ô ơ ư + đ.
 * It is VIETNAMESE_LETTERS minus its 44 ASCII letters (a e i o u y and 16 consonants, both cases).
 */
export const VIETNAMESE_134: string = Array.from(VIETNAMESE_LETTERS)
  .filter((c) => c.charCodeAt(0) > 0x7f)
  .join('');

/** The 32 printable ASCII characters that are neither letters nor digits: ! " # … ~ */
export const ASCII_PUNCTUATION: string = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i))
  .filter((c) => !/[0-9A-Za-z]/.test(c))
  .join('');

/** Typographic punctuation staff paste in from Word and the like, plus ASCII punctuation. */
export const STAFF_PUNCTUATION: string = '“”‘’–…«»' + ASCII_PUNCTUATION;

/**
 * What every catalogue face must have a glyph for: the Vietnamese letters, the rest of the ASCII
 * letters (f j w z, for names and loanwords), digits, the space, the đồng sign ₫ (prices) and
 * STAFF_PUNCTUATION.
 */
export const REQUIRED_CHARACTERS: string = VIETNAMESE_LETTERS + 'fjwzFJWZ' + '0123456789' + ' ' + '₫' + STAFF_PUNCTUATION;

/** Control characters (line breaks, tabs) are laid out, not drawn: no glyph is expected for them. */
const isControl = (cp: number): boolean => cp < 0x20 || (cp >= 0x7f && cp < 0xa0);

function openFont(fontBytes: Buffer): fontkit.Font {
  const font = fontkit.create(fontBytes);
  if ('fonts' in font) throw new Error('font collections are not supported: catalogue one face per file');
  return font;
}

/**
 * The characters of `text` (after NFC normalisation) that the font's cmap maps to no glyph, each
 * once, in order of first appearance. Control characters are skipped.
 */
export function missingCharacters(fontBytes: Buffer, text: string): string[] {
  const font = openFont(fontBytes);
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const ch of text.normalize('NFC')) {
    if (seen.has(ch)) continue;
    seen.add(ch);
    const cp = ch.codePointAt(0)!;
    if (!isControl(cp) && !font.hasGlyphForCodePoint(cp)) missing.push(ch);
  }
  return missing;
}

/** Shows characters with their code points, e.g. `ắ (U+1EAF)`, so invisible ones are readable. */
export function describeCharacters(chars: readonly string[]): string {
  return chars.map((c) => `${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
}

export interface LoadedFontLike {
  id: string;
  family: string;
  weight: number;
  /** Absolute path of the font file. */
  file: string;
}

export interface RefusedFont {
  id: string;
  reason: string;
  /** The required characters the font has no glyph for (empty when the file could not be read). */
  missing: string[];
}

export interface CoverageReport {
  ok: LoadedFontLike[];
  refused: RefusedFont[];
}

// Only the fields this check needs; fonts.ts validates the whole entry when it loads the catalogue.
const CatalogueSchema = z.object({
  fonts: z.array(
    z.object({
      id: z.string().min(1),
      family: z.string().min(1),
      weight: z.number().int(),
      file: z.string().min(1),
    }),
  ),
});

/**
 * Checks every face in `<dir>/catalogue.json` for a glyph for each of `required` (default: the
 * Vietnamese letters, digits and staff punctuation). A face that lacks any, or whose file cannot be
 * read or parsed, is refused with the reason.
 */
export function checkCatalogueCoverage(dir: string = FONTS_DIR, required: string = REQUIRED_CHARACTERS): CoverageReport {
  const catalogue = CatalogueSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'catalogue.json'), 'utf8')));
  const report: CoverageReport = { ok: [], refused: [] };
  for (const entry of catalogue.fonts) {
    const file = path.join(dir, entry.file);
    let missing: string[];
    try {
      missing = missingCharacters(fs.readFileSync(file), required);
    } catch (err) {
      report.refused.push({ id: entry.id, reason: `cannot read ${entry.file}: ${(err as Error).message}`, missing: [] });
      continue;
    }
    if (missing.length > 0) {
      report.refused.push({ id: entry.id, reason: `${entry.file} has no glyph for ${missing.length} character(s): ${describeCharacters(missing)}`, missing });
    } else {
      report.ok.push({ id: entry.id, family: entry.family, weight: entry.weight, file });
    }
  }
  return report;
}
