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
  /** Smallest font size allowed, in px. */
  minSize: number;
  /** Largest font size tried, in px. */
  maxSize?: number;
}

export interface FittedText {
  size: number;
  lines: string[];
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

function layout(paras: string[][], size: number, o: FitOptions, m: Measurer): FittedText | null {
  const innerW = o.width - 2 * o.padding;
  const innerH = o.height - 2 * o.padding;
  const greedy = wrap(paras, size, innerW, m);
  if (!greedy) return null;
  const { ascent, descent } = m.extents(size);
  const lineAdvance = Math.ceil(ascent + descent + size * 0.06);
  const blockHeight = Math.ceil((greedy.length - 1) * lineAdvance + ascent + descent);
  if (blockHeight > innerH) return null;
  // Balance: the narrowest wrap width that keeps the same number of lines.
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
  const blockWidth = Math.ceil(Math.max(...best.map((l) => m.width(l, size))));
  return { size, lines: best, lineAdvance, ascent, descent, blockWidth, blockHeight };
}

export function fitText(text: string, o: FitOptions, m: Measurer): FittedText {
  const paras = paragraphs(text);
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
    const l = layout(paras, mid, o, m);
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
        vi: `Nội dung quá dài cho bảng ${o.width} × ${o.height} px: dù thu nhỏ đến cỡ chữ tối thiểu ${o.minSize} px vẫn không vừa (người lái xe không đọc được chữ nhỏ hơn). Hãy rút gọn nội dung hoặc chia thành nhiều trang.`,
        en: `The text is too long for a ${o.width} × ${o.height} px board: it does not fit even at the minimum legible size of ${o.minSize} px (drivers cannot read anything smaller). Shorten it or split it into several slides.`,
      },
      { minSize: o.minSize, characters: text.length },
    );
  }
  return found;
}
