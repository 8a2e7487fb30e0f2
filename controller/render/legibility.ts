// Legibility of a slide on a board: how tall its capitals are (pixels, and millimetres from the
// board's pixel pitch), from how far they read (rule of thumb: 1 inch of letter height per 30–50
// feet of distance), and whether its duration leaves time to read it (about 1 s per word, at
// least 4 s). Pure numbers in, a report with bilingual warnings out.

export interface LegibilityReport {
  capHeightPx: number;
  capHeightMm: number;
  /** Distance range the capitals read from, metres. */
  readableFromM: { min: number; max: number };
  words: number;
  /** Seconds a driver needs: max(4, words). */
  readingSecondsNeeded: number;
  durationSeconds: number;
  warnings: { code: string; vi: string; en: string }[];
}

const MM_PER_INCH = 25.4;
const M_PER_FOOT = 0.3048;
/** Capitals under this many millimetres do not read from a car at city speeds (about 50 m). */
export const WARN_CAP_HEIGHT_MM = 120;

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function legibilityReport(input: { capHeightPx: number; pitchMm: number; text: string; durationSeconds: number }): LegibilityReport {
  const capHeightMm = Math.round(input.capHeightPx * input.pitchMm);
  const inches = capHeightMm / MM_PER_INCH;
  const readableFromM = { min: Math.round(inches * 30 * M_PER_FOOT), max: Math.round(inches * 50 * M_PER_FOOT) };
  const words = countWords(input.text);
  const readingSecondsNeeded = Math.max(4, words);
  const warnings: LegibilityReport['warnings'] = [];
  if (words > 0 && input.durationSeconds < readingSecondsNeeded) {
    warnings.push({
      code: 'too_short_to_read',
      vi: `${words} từ cần khoảng ${readingSecondsNeeded} giây để đọc, trang chỉ hiện ${input.durationSeconds} giây: hãy tăng thời lượng hoặc rút gọn.`,
      en: `${words} words need about ${readingSecondsNeeded} s to read but the slide shows for ${input.durationSeconds} s: lengthen it or shorten the text.`,
    });
  }
  if (input.capHeightPx > 0 && capHeightMm < WARN_CAP_HEIGHT_MM) {
    warnings.push({
      code: 'small_letters',
      vi: `Chữ hoa cao ${capHeightMm} mm (${input.capHeightPx} px): chỉ đọc được từ khoảng ${readableFromM.min}–${readableFromM.max} m. Nên rút gọn nội dung để chữ to hơn.`,
      en: `Capitals are ${capHeightMm} mm (${input.capHeightPx} px) tall: readable from about ${readableFromM.min}–${readableFromM.max} m only. Shorten the text to make them bigger.`,
    });
  }
  return { capHeightPx: input.capHeightPx, capHeightMm, readableFromM, words, readingSecondsNeeded, durationSeconds: input.durationSeconds, warnings };
}
