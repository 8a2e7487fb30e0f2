// The font catalogue (fonts/catalogue.json): the bundled faces, registered once with the canvas
// under a unique alias, each with the sha256 of its file (part of every rendition's cache key).
// At load every face is checked to cover the whole Vietnamese alphabet and staff punctuation; a
// face that does not is not offered, and the log says why.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { z } from 'zod';
import { BadRequest, Unprocessable } from '../errors.ts';
import { describeCharacters, missingCharacters, REQUIRED_CHARACTERS } from './font-coverage.ts';
import type { RefusedFont } from './font-coverage.ts';
import { FONTS_DIR } from './font-files.ts';

export { FONTS_DIR };

const CatalogueSchema = z.object({
  fonts: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        family: z.string().min(1),
        weight: z.number().int().min(100).max(900),
        style: z.enum(['normal', 'italic']),
        file: z.string().min(1),
        licence: z.string().min(1),
        licenceFile: z.string().min(1),
        source: z.string().optional(),
      }),
    )
    .min(1),
});

export interface LoadedFont {
  id: string;
  family: string;
  weight: number;
  licence: string;
  /** Absolute path; `relativeFile` is its path under fonts/ (served at /fonts/). */
  file: string;
  relativeFile: string;
  sha256: string;
  bytes: Buffer;
  /** The name to use in a canvas font string. */
  alias: string;
  /** Cap height as a fraction of the font size (H's ink height at 100 px / 100). */
  capHeightRatio: number;
}

interface Catalogue {
  fonts: Map<string, LoadedFont>;
  refused: RefusedFont[];
}

let loaded: Catalogue | undefined;

export function loadFonts(dir: string = FONTS_DIR, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Catalogue {
  if (loaded) return loaded;
  const catalogue = CatalogueSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'catalogue.json'), 'utf8')));
  const fonts = new Map<string, LoadedFont>();
  const refused: RefusedFont[] = [];
  const probe = createCanvas(10, 10).getContext('2d');
  for (const f of catalogue.fonts) {
    const file = path.join(dir, f.file);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      refused.push({ id: f.id, reason: `cannot read ${f.file}: ${(e as Error).message}`, missing: [] });
      continue;
    }
    const missing = missingCharacters(bytes, REQUIRED_CHARACTERS);
    if (missing.length) {
      refused.push({ id: f.id, reason: `no glyph for ${describeCharacters(missing)}`, missing });
      continue;
    }
    const alias = `LEDGate ${f.id}`;
    if (!GlobalFonts.register(bytes, alias)) {
      refused.push({ id: f.id, reason: 'the canvas could not register it', missing: [] });
      continue;
    }
    probe.font = `100px "${alias}"`;
    const capHeightRatio = probe.measureText('H').actualBoundingBoxAscent / 100;
    fonts.set(f.id, {
      id: f.id,
      family: f.family,
      weight: f.weight,
      licence: f.licence,
      file,
      relativeFile: f.file,
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      bytes,
      alias,
      capHeightRatio,
    });
  }
  for (const r of refused) log(`font "${r.id}" is not offered: ${r.reason}`);
  loaded = { fonts, refused };
  return loaded;
}

/** A catalogue font, or a 400 naming the fonts on offer. */
export function getFont(id: string): LoadedFont {
  const { fonts, refused } = loadFonts();
  const font = fonts.get(id);
  if (font) return font;
  const why = refused.find((r) => r.id === id);
  const offered = [...fonts.keys()].join(', ');
  throw new BadRequest(
    why
      ? { vi: `Phông chữ "${id}" không được dùng: ${why.reason}. Có thể chọn: ${offered}.`, en: `Font "${id}" is not offered: ${why.reason}. Choose one of: ${offered}.` }
      : { vi: `Không có phông chữ "${id}". Có thể chọn: ${offered}.`, en: `No font "${id}". Choose one of: ${offered}.` },
    { path: 'style.font' },
  );
}

/** Refuses text with characters the font has no glyph for (no tofu boxes on a city board). */
export function requireGlyphs(font: LoadedFont, text: string): void {
  const missing = missingCharacters(font.bytes, text);
  if (missing.length) {
    const list = describeCharacters(missing);
    throw new Unprocessable(
      { vi: `Phông chữ "${font.id}" không có ký tự ${list}: hãy bỏ các ký tự đó hoặc chọn phông khác.`, en: `Font "${font.id}" has no glyph for ${list}: remove those characters or choose another font.` },
      { missing, font: font.id },
    );
  }
}

export function fontCatalogue(): { id: string; family: string; weight: number; licence: string }[] {
  return [...loadFonts().fonts.values()].map((f) => ({ id: f.id, family: f.family, weight: f.weight, licence: f.licence }));
}

/** The face slides use unless a style says otherwise: heavy strokes survive LED pixels. */
export const DEFAULT_FONT_ID = 'be-vietnam-pro-extrabold';
