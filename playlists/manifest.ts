// The manifest: everything one board needs to play on its own — its size, the segments of time
// ahead with their items (immutable asset URLs + sha256), and what to fall back to after them.
import { z } from 'zod';
import { BoardSizeSchema, IdSchema, TimeZoneSchema } from './board.ts';

export const TransitionSchema = z.enum(['cut']);

export const ManifestItemSchema = z.object({
  slideId: IdSchema,
  url: z.string().regex(/^\/media\/[0-9a-f]{64}\.png$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  durationMs: z.number().int().positive(),
  transition: TransitionSchema,
});
export type ManifestItem = z.infer<typeof ManifestItemSchema>;

export const LayerSchema = z.enum(['campaign']);
export type Layer = z.infer<typeof LayerSchema>;

/** A loop of items anchored to a fixed instant, so every board playing it is in phase. */
export const LoopSchema = z.object({
  anchorAt: z.number().int(),
  items: z.array(ManifestItemSchema).min(1),
});
export type Loop = z.infer<typeof LoopSchema>;

export const SegmentSchema = LoopSchema.extend({
  from: z.number().int(),
  to: z.number().int(),
  layer: LayerSchema,
  entryIds: z.array(IdSchema).min(1),
});
export type Segment = z.infer<typeof SegmentSchema>;

export const ManifestSchema = z.object({
  schemaVersion: z.literal(1),
  boardId: IdSchema,
  /** sha256 of the canonical content (everything but version and generatedAt). */
  version: z.string().regex(/^[0-9a-f]{64}$/),
  generatedAt: z.number().int(),
  board: BoardSizeSchema.extend({ timeZone: TimeZoneSchema }),
  horizon: z.object({ from: z.number().int(), to: z.number().int() }),
  segments: z.array(SegmentSchema),
  /** Plays outside every segment (after the horizon, if the controller stays away); null = black. */
  fallback: LoopSchema.nullable(),
});
export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestContent = Omit<Manifest, 'version' | 'generatedAt'>;

/** Deterministic JSON (sorted keys) of a manifest's content: the input of its version hash. */
export function canonicalManifestContent(m: ManifestContent | Manifest): string {
  const { schemaVersion, boardId, board, horizon, segments, fallback } = m;
  return canonicalJson({ schemaVersion, boardId, board, horizon, segments, fallback });
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
