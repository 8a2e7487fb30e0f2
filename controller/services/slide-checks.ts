// What a slide must pass before it is saved, whatever the boards: text pasted from TCVN3/VNI Word
// files is caught (with the converted text offered), the chosen font must exist and have every
// character, a picture must be in the library. Fit on each board is checked where it is scheduled.
import { detectLegacyEncoding } from '../../playlists/legacy-encoding.ts';
import type { Slide } from '../../playlists/slide.ts';
import { resolveStyle } from '../../playlists/slide.ts';
import { Unprocessable } from '../errors.ts';
import type { FieldProblem } from '../errors.ts';
import { getFont, requireGlyphs } from '../render/fonts.ts';
import type { Renditions } from '../render/renditions.ts';

const ENCODING_NAMES = { tcvn3: 'TCVN3 (ABC, .VnTime)', vni: 'VNI-Windows' } as const;

/** Fields of a slide that hold words, with their paths. */
function textFields(slide: Slide): { path: string; text: string }[] {
  if (slide.kind === 'text') return [{ path: 'text', text: slide.text }, ...(slide.secondLine ? [{ path: 'secondLine', text: slide.secondLine }] : [])];
  if (slide.kind === 'qr' && slide.caption) return [{ path: 'caption', text: slide.caption }];
  return [];
}

/** Problems with text that looks like a legacy 8-bit encoding, each with the Unicode text to use. */
export function legacyTextProblems(slide: Slide): (FieldProblem & { converted: string; encoding: string })[] {
  if (slide.acceptLegacyLookingText) return [];
  const problems: (FieldProblem & { converted: string; encoding: string })[] = [];
  for (const { path, text } of textFields(slide)) {
    const found = detectLegacyEncoding(text);
    if (!found) continue;
    const name = ENCODING_NAMES[found.encoding];
    problems.push({
      path,
      encoding: found.encoding,
      converted: found.converted,
      vi: `Chữ này có vẻ được dán từ văn bản mã ${name} (ví dụ: ${found.evidence.join(', ')}). Có phải ý bạn là: «${found.converted}»? Hãy dùng chữ đã chuyển đổi, hoặc xác nhận giữ nguyên nếu đúng là muốn như vậy (acceptLegacyLookingText).`,
      en: `This text looks pasted from a ${name} document (e.g. ${found.evidence.join(', ')}). Did you mean: «${found.converted}»? Use the converted text, or confirm you mean it as typed (acceptLegacyLookingText).`,
    });
  }
  return problems;
}

export async function checkSlide(slide: Slide, renditions: Renditions): Promise<void> {
  const legacy = legacyTextProblems(slide);
  if (legacy.length) {
    throw new Unprocessable(
      { vi: legacy.map((p) => `${p.path}: ${p.vi}`).join(' '), en: legacy.map((p) => `${p.path}: ${p.en}`).join(' ') },
      { legacyEncoding: legacy.map(({ path, encoding, converted }) => ({ path, encoding, converted })) },
    );
  }
  if ('style' in slide) {
    const style = resolveStyle(slide.style);
    const font = getFont(style.font);
    const words = textFields(slide).map((f) => (style.uppercase ? f.text.toLocaleUpperCase('vi') : f.text));
    if (words.length) requireGlyphs(font, words.join('\n'));
    if (style.backgroundImage) await renditions.master(style.backgroundImage);
  }
  if (slide.kind === 'image') await renditions.master(slide.mediaId);
}
