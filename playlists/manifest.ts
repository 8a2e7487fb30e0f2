// The manifest: everything one board needs to play on its own for the next 48 hours — its size,
// contiguous segments of time (what plays, from which layer and entry, or why it is black), the
// brightness to show at, and what to fall back to after the horizon if the controller stays away.
import { z } from 'zod';
import { BoardSizeSchema, IdSchema, TimeZoneSchema } from './board.ts';

export const TransitionSchema = z.enum(['cut', 'fade']);

const MediaUrlSchema = z.string().regex(/^\/media\/[0-9a-f]{64}\.(png|webp)$/);
const itemBase = {
  slideId: IdSchema,
  /** Identity of what is drawn: the image's sha256, or a hash of a clock's settings. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  durationMs: z.number().int().positive(),
  transition: TransitionSchema,
  /** Where the item comes from, for proof of play. */
  playlistId: IdSchema.optional(),
  entryId: z.string().optional(),
};

/** A picture drawn by the controller at the board's size (text, QR, photo). */
export const ImageItemSchema = z.object({ ...itemBase, type: z.literal('image'), url: MediaUrlSchema });
/** One line of text drawn once as a strip, moved right to left by the player. */
export const ScrollItemSchema = z.object({
  ...itemBase,
  type: z.literal('scroll'),
  url: MediaUrlSchema,
  stripWidth: z.number().int().positive(),
  pxPerSecond: z.number().int().positive(),
  background: z.string(),
});
/** The time (and date), drawn live by the player in a bundled font. */
export const ClockItemSchema = z.object({
  ...itemBase,
  type: z.literal('clock'),
  fontUrl: z.string().regex(/^\/fonts\/[\w./-]+\.ttf$/),
  fontFamily: z.string(),
  color: z.string(),
  background: z.string(),
  showDate: z.boolean(),
  uppercase: z.boolean(),
  timeZone: z.string(),
});
export const ManifestItemSchema = z.discriminatedUnion('type', [ImageItemSchema, ScrollItemSchema, ClockItemSchema]);
export type ManifestItem = z.infer<typeof ManifestItemSchema>;
export type ImageItem = z.infer<typeof ImageItemSchema>;
export type ScrollItem = z.infer<typeof ScrollItemSchema>;
export type ClockItem = z.infer<typeof ClockItemSchema>;

/** Highest first: emergency › interrupt › campaign › default. */
export const LayerSchema = z.enum(['emergency', 'interrupt', 'campaign', 'default']);
export type Layer = z.infer<typeof LayerSchema>;

export const BlackReasonSchema = z.enum(['blackout', 'power-off', 'nothing-scheduled']);
export type BlackReason = z.infer<typeof BlackReasonSchema>;

/** A loop of items anchored to a fixed instant, so every board playing it is in phase. */
export const LoopSchema = z.object({
  anchorAt: z.number().int(),
  items: z.array(ManifestItemSchema).min(1),
});
export type Loop = z.infer<typeof LoopSchema>;

export const PlaySegmentSchema = LoopSchema.extend({
  kind: z.literal('play'),
  from: z.number().int(),
  to: z.number().int(),
  layer: LayerSchema,
  /** The schedule entries (or emergency, or "default:<playlist>") whose playlists rotate here. */
  entryIds: z.array(z.string().min(1)).min(1),
});
export type PlaySegment = z.infer<typeof PlaySegmentSchema>;

export const BlackSegmentSchema = z.object({
  kind: z.literal('black'),
  from: z.number().int(),
  to: z.number().int(),
  reason: BlackReasonSchema,
  /** The blackout's id when reason is blackout. */
  overrideId: z.string().optional(),
});
export type BlackSegment = z.infer<typeof BlackSegmentSchema>;

export const SegmentSchema = z.discriminatedUnion('kind', [PlaySegmentSchema, BlackSegmentSchema]);
export type Segment = z.infer<typeof SegmentSchema>;

export const BrightnessSpanSchema = z.object({ from: z.number().int(), to: z.number().int(), level: z.number().int().min(0).max(100) });
export type BrightnessSpan = z.infer<typeof BrightnessSpanSchema>;

export const ManifestSchema = z.object({
  schemaVersion: z.literal(3),
  boardId: IdSchema,
  /** sha256 of the canonical content (everything but version and generatedAt). */
  version: z.string().regex(/^[0-9a-f]{64}$/),
  generatedAt: z.number().int(),
  board: BoardSizeSchema.extend({ timeZone: TimeZoneSchema }),
  horizon: z.object({ from: z.number().int(), to: z.number().int() }),
  /** Contiguous, ordered, covering the horizon exactly. */
  segments: z.array(SegmentSchema),
  /** Spans with a brightness other than 100 %. */
  brightness: z.array(BrightnessSpanSchema),
  /** Plays outside the horizon (the default playlist); null = black. */
  fallback: LoopSchema.nullable(),
});
export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestContent = Omit<Manifest, 'version' | 'generatedAt'>;

/**
 * What boards that play the same share: a manifest's content without its board, as canonical JSON
 * (boardId ""), and the sha256 of that text. The store keeps it once for all of them.
 */
export interface SharedContent {
  hash: string;
  body: string;
}

/** A compiled manifest as it is saved: the board's own manifest and the shared content it was made from. */
export interface ManifestToSave {
  manifest: Manifest;
  shared: SharedContent;
}

/** Deterministic JSON (sorted keys) of a manifest's content: the input of its version hash. */
/**
 * memo: canonical forms of objects already written, by identity. Boards compiled together share
 * their playlists' item arrays (one per playlist and size), so a thousand manifests write each
 * shared array once. Only for objects that do not change while the memo lives (one compile batch).
 */
export function canonicalManifestContent(m: ManifestContent | Manifest, memo?: WeakMap<object, string>): string {
  const { schemaVersion, boardId, board, horizon, segments, brightness, fallback } = m;
  return canonicalJson({ schemaVersion, boardId, board, horizon, segments, brightness, fallback }, memo);
}

export function canonicalJson(value: unknown, memo?: WeakMap<object, string>): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const known = memo?.get(value);
  if (known !== undefined) return known;
  let out: string;
  if (Array.isArray(value)) out = `[${value.map((v: unknown) => canonicalJson(v, memo)).join(',')}]`;
  else {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, memo)}`).join(',')}}`;
  }
  memo?.set(value, out);
  return out;
}
