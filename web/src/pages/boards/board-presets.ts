// Common outdoor LED board sizes, in whole modules: P10 modules are 320 × 160 mm (32 × 16 px),
// P16 modules 256 × 128 mm (16 × 8 px). A 6 × 3 m P10 board is 18 × 18 modules = 576 × 288 px.
// Ids are suggested from names the way staff write them: lower-case ASCII, no diacritics, dashes.

export interface Preset {
  id: string;
  pitchMm: number;
  width: number;
  height: number;
  /** The board's face, as it is ordered: "6 × 3 m". */
  metres: string;
}

export const PRESETS: Preset[] = [
  { id: 'p10-6x3', pitchMm: 10, width: 576, height: 288, metres: '6 × 3 m' },
  { id: 'p10-8x4', pitchMm: 10, width: 800, height: 400, metres: '8 × 4 m' },
  { id: 'p10-12x4', pitchMm: 10, width: 1216, height: 400, metres: '12 × 4 m' },
  { id: 'p16-6x3', pitchMm: 16, width: 368, height: 184, metres: '6 × 3 m' },
  { id: 'p16-12x6', pitchMm: 16, width: 752, height: 376, metres: '12 × 6 m' },
];

export const CUSTOM = 'custom';

export function presetLabel(p: Preset): string {
  return `P${p.pitchMm} ${p.metres} — ${p.width} × ${p.height} px`;
}

export function presetOf(width: number | string, height: number | string, pitchMm: number | string): string {
  return PRESETS.find((p) => p.width === width && p.height === height && p.pitchMm === pitchMm)?.id ?? CUSTOM;
}

/** "Cửa ngõ phía Nam – Quốc lộ 14" → "cua-ngo-phia-nam-quoc-lo-14". */
export function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

export const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

/** Every IANA time zone the browser knows, with the default and the given ones first. */
export function timeZones(...first: string[]): string[] {
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    // An old browser: the default and the board's own zone are enough to keep a board as it is.
  }
  return [...new Set([DEFAULT_ZONE, ...first.filter(Boolean), ...all])];
}
