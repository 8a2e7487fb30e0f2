// The font catalogue (fonts/catalogue.json): which bundled faces exist, registered once with the
// canvas under a unique alias, with the sha256 of each file (part of every rendition's cache key).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';
import { z } from 'zod';

export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fonts');

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
  file: string;
  sha256: string;
  /** The name to use in a canvas font string. */
  alias: string;
}

let loaded: Map<string, LoadedFont> | undefined;

export function loadFonts(dir: string = FONTS_DIR): Map<string, LoadedFont> {
  if (loaded) return loaded;
  const catalogue = CatalogueSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'catalogue.json'), 'utf8')));
  const fonts = new Map<string, LoadedFont>();
  for (const f of catalogue.fonts) {
    const file = path.join(dir, f.file);
    const bytes = fs.readFileSync(file);
    const alias = `LEDGate ${f.id}`;
    if (!GlobalFonts.register(bytes, alias)) throw new Error(`font ${f.file} could not be registered with the canvas`);
    fonts.set(f.id, { id: f.id, family: f.family, weight: f.weight, file, alias, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
  }
  loaded = fonts;
  return fonts;
}

export function getFont(id: string): LoadedFont {
  const font = loadFonts().get(id);
  if (!font) throw new Error(`font "${id}" is not in fonts/catalogue.json`);
  return font;
}

/** The face slides use until presets arrive: heavy strokes survive LED pixels. */
export const DEFAULT_FONT_ID = 'be-vietnam-pro-extrabold';
