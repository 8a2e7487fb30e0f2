// Text fitting: the largest font size at which a text fits a box, wrapped only between words,
// with lines balanced to similar widths. Pure: measuring is injected, so the same code serves the
// canvas renderer and the tests. A text that only fits below the legible minimum is refused,
// never shrunk into something nobody can read from a car.
import { Unprocessable } from '../errors.ts';

export interface Measurer {
  /** Advance width of text at the given font size, in px. */
  width(text: string, size: number): number;
  /** Ink extents of the font at that size (covering Vietnamese stacked marks), in px. */
  extents(size: number): { ascent: number; descent: number };
}

export interface FitOptions {
  width: number;
  height: number;
  padding: number;
  /** A smaller line under the headline, at SECOND_LINE_SCALE of its size. */
  secondLine?: string;
  /** Smallest font size allowed, in px. */
  minSize: number;
  /** Largest font size tried, in px. */
  maxSize?: number;
}

/** The second line's size relative to the headline's. */
export const SECOND_LINE_SCALE = 0.6;

export interface FittedText {
  size: number;
  lines: string[];
  /** The second line, wrapped, at secondSize (empty when there is none). */
  secondLines: string[];
  secondSize: number;
  secondLineAdvance: number;
  /** Gap between the headline block and the second line, px. */
  gap: number;
  /** Baseline-to-baseline distance, whole px. */
  lineAdvance: number;
  ascent: number;
  descent: number;
  /** Widest line's width, px. */
  blockWidth: number;
  /** From the first line's ink top to the last line's ink bottom, px. */
  blockHeight: number;
}

/** Paragraphs (explicit line breaks) split into words. */
function paragraphs(text: string): string[][] {
  return text.split('\n').map((p) => p.split(' ').filter((w) => w.length > 0)).filter((p) => p.length > 0);
}

/** Greedy wrap of each paragraph to maxWidth; null when a single word is wider than maxWidth. */
function wrap(paras: string[][], size: number, maxWidth: number, m: Measurer): string[] | null {
  const lines: string[] = [];
  for (const words of paras) {
    let line = '';
    for (const word of words) {
      if (m.width(word, size) > maxWidth) return null;
      const candidate = line ? `${line} ${word}` : word;
      if (line && m.width(candidate, size) > maxWidth) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

function balance(paras: string[][], size: number, innerW: number, m: Measurer): string[] | null {
  const greedy = wrap(paras, size, innerW, m);
  if (!greedy) return null;
  // The narrowest wrap width that keeps the same number of lines: lines of similar length.
  let lo = 1;
  let hi = innerW;
  let best = greedy;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const tried = wrap(paras, size, mid, m);
    if (tried && tried.length === greedy.length) {
      best = tried;
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return best;
}

function layout(paras: string[][], second: string[][], size: number, o: FitOptions, m: Measurer): FittedText | null {
  const innerW = o.width - 2 * o.padding;
  const innerH = o.height - 2 * o.padding;
  const lines = balance(paras, size, innerW, m);
  if (!lines) return null;
  const { ascent, descent } = m.extents(size);
  const lineAdvance = Math.ceil(ascent + descent + size * 0.06);
  let blockHeight = Math.ceil((lines.length - 1) * lineAdvance + ascent + descent);
  let secondLines: string[] = [];
  let secondSize = 0;
  let secondLineAdvance = 0;
  let gap = 0;
  if (second.length) {
    secondSize = Math.max(1, Math.round(size * SECOND_LINE_SCALE));
    // The second line must be legible too: it holds the text to the same minimum.
    if (secondSize < o.minSize) return null;
    const wrapped = balance(second, secondSize, innerW, m);
    if (!wrapped) return null;
    secondLines = wrapped;
    const e2 = m.extents(secondSize);
    secondLineAdvance = Math.ceil(e2.ascent + e2.descent + secondSize * 0.06);
    gap = Math.ceil(size * 0.25);
    blockHeight += gap + Math.ceil((secondLines.length - 1) * secondLineAdvance + e2.ascent + e2.descent);
  }
  if (blockHeight > innerH) return null;
  const widths = [...lines.map((l) => m.width(l, size)), ...secondLines.map((l) => m.width(l, secondSize))];
  const blockWidth = Math.ceil(Math.max(...widths));
  return { size, lines, secondLines, secondSize, secondLineAdvance, gap, lineAdvance, ascent, descent, blockWidth, blockHeight };
}

export function fitText(text: string, o: FitOptions, m: Measurer): FittedText {
  const paras = paragraphs(text);
  const second = o.secondLine ? paragraphs(o.secondLine) : [];
  if (paras.length === 0) {
    throw new Unprocessable({ vi: 'Nội dung trống: hãy nhập chữ cho trang trình chiếu.', en: 'The text is empty: type the words for the slide.' });
  }
  const maxSize = Math.max(o.minSize, Math.min(o.maxSize ?? o.height, o.height - 2 * o.padding));
  // Fitting is monotonic in practice (smaller text never needs more room), so a binary search
  // finds the largest size; the final layout is verified, not assumed.
  let lo = o.minSize;
  let hi = maxSize;
  let found: FittedText | null = null;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const l = layout(paras, second, mid, o, m);
    if (l) {
      found = l;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (!found) {
    throw new Unprocessable(
      {
        vi: `Nội dung quá dài cho bảng ${o.width} × ${o.height} px: dù thu nhỏ đến cỡ chữ tối thiểu ${o.minSize} px vẫn không vừa (người lái xe không đọc được chữ nhỏ hơn). Hãy rút gọn nội dung, chia thành nhiều trang, hoặc dùng chế độ chữ chạy.`,
        en: `The text is too long for a ${o.width} × ${o.height} px board: it does not fit even at the minimum legible size of ${o.minSize} px (drivers cannot read anything smaller). Shorten it, split it into several slides, or use scroll mode.`,
      },
      { minSize: o.minSize, characters: text.length },
    );
  }
  return found;
}
