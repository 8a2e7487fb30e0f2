// The serif face of the report documents: Tinos (fonts/tinos/), metric-compatible with Times New
// Roman, which Nghị định 30/2020 prescribes. The PDF embeds it; the DOCX names Times New Roman
// (every office PC has it) and uses Tinos only to measure, since equal metrics mean equal widths:
// that is how the short rules under the issuer and the tiêu ngữ get their length, and how a long
// issuer name is split over two balanced lines the way a clerk would. Not in fonts/catalogue.json:
// that catalogue is what slide editors may pick, and a thin serif vanishes on an LED board.
import path from 'node:path';
import * as fontkit from 'fontkit';
import { FONTS_DIR } from '../font-files.ts';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

export const DOCUMENT_FONT_FAMILY = 'Tinos';
/** The font the DOCX asks for; Tinos has its metrics. */
export const DOCX_FONT = 'Times New Roman';

export const DOCUMENT_FONT_FILES: Record<FontStyle, string> = {
  regular: path.join(FONTS_DIR, 'tinos', 'Tinos-Regular.ttf'),
  bold: path.join(FONTS_DIR, 'tinos', 'Tinos-Bold.ttf'),
  italic: path.join(FONTS_DIR, 'tinos', 'Tinos-Italic.ttf'),
  boldItalic: path.join(FONTS_DIR, 'tinos', 'Tinos-BoldItalic.ttf'),
};

const faces = new Map<FontStyle, fontkit.Font>();

function face(style: FontStyle): fontkit.Font {
  let f = faces.get(style);
  if (!f) {
    f = fontkit.openSync(DOCUMENT_FONT_FILES[style]) as fontkit.Font;
    faces.set(style, f);
  }
  return f;
}

/** Advance width of a line of text in points. */
export function textWidthPt(text: string, sizePt: number, style: FontStyle = 'regular'): number {
  const f = face(style);
  return (f.layout(text.normalize('NFC')).advanceWidth / f.unitsPerEm) * sizePt;
}

/**
 * The text on one line if it fits in maxWidthPt, else on two lines split the way a clerk sets an
 * organ's name: at a natural break (after a comma, before "VÀ" or a dash) if one fits, the top line
 * no shorter than the bottom one, as evenly as possible ("SỞ VĂN HOÁ, THỂ THAO" / "VÀ DU LỊCH",
 * not "SỞ VĂN HOÁ, THỂ" / "THAO VÀ DU LỊCH"). A text too long for two lines is wrapped greedily.
 */
export function balancedLines(text: string, maxWidthPt: number, sizePt: number, style: FontStyle = 'regular'): string[] {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return [];
  const width = (s: string) => textWidthPt(s, sizePt, style);
  if (width(t) <= maxWidthPt) return [t];
  const words = t.split(' ');
  const candidates: { lines: string[]; natural: boolean; topHeavy: boolean; widest: number }[] = [];
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    const [top, bottom] = lines.map(width) as [number, number];
    if (Math.max(top, bottom) > maxWidthPt) continue;
    const natural = /[,;:]$/.test(words[i - 1]!) || /^(và|-|–)$/iu.test(words[i]!);
    candidates.push({ lines, natural, topHeavy: top >= bottom, widest: Math.max(top, bottom) });
  }
  candidates.sort((a, b) => Number(b.natural) - Number(a.natural) || Number(b.topHeavy) - Number(a.topHeavy) || a.widest - b.widest);
  const best = candidates[0];
  if (best) return best.lines;
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (line && width(next) > maxWidthPt) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
