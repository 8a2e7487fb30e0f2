// Text helpers shared by every schema that accepts words a person typed: Vietnamese text is
// stored and compared in NFC, whatever form (NFD from macOS, pasted Word text) it arrived in.
import { z } from 'zod';
import { bi } from './messages.ts';

/** NFC-normalise, unify line endings and trim each line; keeps explicit line breaks. */
export function normaliseText(input: string): string {
  return input
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .trim();
}

/**
 * Characters no one types in a slogan or a name, that an attacker (or a copy from another app)
 * brings: control characters other than line breaks and tabs, bidirectional overrides and isolates
 * (they reverse what a reader sees, U+202E), zero-width characters, the byte-order mark, and lone
 * surrogates (not valid Unicode at all).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Something a reader can see: a letter, digit, punctuation mark or symbol. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** The first forbidden character of a text, as "U+202E at position 5", or null. */
export function forbiddenCharacter(text: string): { codePoint: string; position: number } | null {
  const m = FORBIDDEN.exec(text);
  if (!m) return null;
  return { codePoint: `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, position: m.index + 1 };
}

/** A required piece of human text: no hidden or control characters, normalised, visible, bounded. */
export function humanText(max: number) {
  return z
    .string()
    .superRefine((text, ctx) => {
      const bad = forbiddenCharacter(text);
      if (bad) {
        ctx.addIssue({
          code: 'custom',
          message: bi(
            `có ký tự ẩn hoặc ký tự điều khiển (${bad.codePoint}, vị trí ${bad.position}), thường do dán từ ứng dụng khác: hãy xoá nó`,
            `contains a hidden or control character (${bad.codePoint}, position ${bad.position}), often pasted from another app: remove it`,
          ),
        });
      }
    })
    .transform(normaliseText)
    .pipe(
      z
        .string()
        .min(1, bi('không được để trống', 'must not be empty'))
        .max(max, bi(`tối đa ${max} ký tự`, `must be at most ${max} characters`))
        .refine((t) => VISIBLE.test(t), bi('không có chữ nào nhìn thấy được', 'has nothing a reader can see')),
    );
}

/** A short name (board, playlist, slide label). */
export const NameSchema = humanText(200);

/**
 * Text folded for searching: lower case, without tone marks or diacritics, đ as d — so "phia bac"
 * finds "Cửa ngõ phía Bắc", as people type on a phone without a Vietnamese keyboard.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}
