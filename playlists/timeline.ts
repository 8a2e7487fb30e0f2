// What a board shows at an instant: a pure function of its manifest and the (synced) time.
// The player runs this to play; the controller runs the very same code to preview and report.
// Type-only imports keep zod out of the player bundle.
import type { Loop, Manifest, ManifestItem, Segment } from './manifest.ts';

export interface Playing {
  item: ManifestItem;
  /** Index of the item in its loop. */
  index: number;
  /** The segment in force, or null when the fallback loop plays. */
  segment: Segment | null;
  /** When this item started showing (ms since epoch, the loop's own start, not clipped). */
  startedAt: number;
  /** The next instant the picture may change: end of the item or of the segment. */
  nextChangeAt: number;
}

function loopDuration(loop: Loop): number {
  let total = 0;
  for (const item of loop.items) total += item.durationMs;
  return total;
}

/** Item of a loop at instant t; the loop repeats forever in both directions from its anchor. */
export function loopItemAt(loop: Loop, t: number): { item: ManifestItem; index: number; startedAt: number; endsAt: number } {
  const total = loopDuration(loop);
  if (loop.items.length === 0 || total <= 0) throw new RangeError('a loop needs at least one item with a positive duration');
  const elapsed = t - loop.anchorAt;
  const phase = ((elapsed % total) + total) % total;
  const cycleStart = t - phase;
  let offset = 0;
  for (let index = 0; index < loop.items.length; index++) {
    const item = loop.items[index]!;
    if (phase < offset + item.durationMs) {
      return { item, index, startedAt: cycleStart + offset, endsAt: cycleStart + offset + item.durationMs };
    }
    offset += item.durationMs;
  }
  // Unreachable: phase < total by construction.
  throw new RangeError('phase outside loop');
}

/** The segment in force at t (segments are half-open [from, to)). */
export function segmentAt(manifest: Manifest, t: number): Segment | null {
  for (const segment of manifest.segments) {
    if (segment.from <= t && t < segment.to) return segment;
  }
  return null;
}

/** What the board shows at t, or null for a black screen (nothing scheduled, no fallback). */
export function itemAt(manifest: Manifest, t: number): Playing | null {
  const segment = segmentAt(manifest, t);
  if (segment) {
    const at = loopItemAt(segment, t);
    return { item: at.item, index: at.index, segment, startedAt: at.startedAt, nextChangeAt: Math.min(at.endsAt, segment.to) };
  }
  if (!manifest.fallback) return null;
  const at = loopItemAt(manifest.fallback, t);
  return { item: at.item, index: at.index, segment: null, startedAt: at.startedAt, nextChangeAt: Math.min(at.endsAt, nextSegmentStart(manifest, t)) };
}

/** When a black screen at t may end (the next segment's start), or Infinity. */
export function nextSegmentStart(manifest: Manifest, t: number): number {
  let soonest = Infinity;
  for (const s of manifest.segments) if (s.from > t && s.from < soonest) soonest = s.from;
  return soonest;
}
