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

/** A required piece of human text: normalised, non-empty, bounded. */
export function humanText(max: number) {
  return z
    .string()
    .transform(normaliseText)
    .pipe(z.string().min(1, bi('không được để trống', 'must not be empty')).max(max, bi(`tối đa ${max} ký tự`, `must be at most ${max} characters`)));
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
