// Schemas every part of the API contract shares.
import { z } from 'zod';
import { IdSchema } from '../board.ts';

export const InstantSchema = z.iso.datetime({ offset: true });
export const OkSchema = z.object({ ok: z.literal(true) });
export const IdParamsSchema = z.object({ id: IdSchema });

/** Every refusal: what to fix, in English and Vietnamese. */
export const ErrorBodySchema = z.object({
  statusCode: z.number(),
  code: z.string(),
  message: z.string().describe('English'),
  messageVi: z.string().describe('Tiếng Việt'),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Something that uses an item (shown before it is deleted). */
export const UsageRefSchema = z.object({ kind: z.enum(['playlist', 'entry', 'board', 'group', 'emergency', 'change']), id: z.string(), name: z.string() });
export const UsageSchema = z.object({ usedBy: z.array(UsageRefSchema) });

/** An instant (ms) as the API writes it: ISO 8601 in UTC; null stays null. */
export function iso(t: number): string;
export function iso(t: number | null | undefined): string | null;
export function iso(t: number | null | undefined): string | null {
  return t === null || t === undefined ? null : new Date(t).toISOString();
}
