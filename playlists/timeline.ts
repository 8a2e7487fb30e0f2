// What a board shows at an instant: a pure function of its manifest and the (synced) time.
// The player runs this to play; the controller runs the very same code to preview and report.
// Type-only imports keep zod out of the player bundle.
import type { BlackSegment, Loop, Manifest, ManifestItem, PlaySegment, Segment } from './manifest.ts';

export interface Playing {
  item: ManifestItem;
  /** Index of the item in its loop. */
  index: number;
  /** The segment in force, or null when the fallback loop plays (past the horizon). */
  segment: PlaySegment | null;
  /** When this item started showing (ms since epoch, in the loop's own time, not clipped). */
  startedAt: number;
  /** The next instant the picture may change: end of the item or of the segment. */
  nextChangeAt: number;
}

export interface Black {
  item: null;
  segment: BlackSegment | null;
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
  throw new RangeError('phase outside loop');
}

/** The segment in force at t (segments are half-open [from, to) and ordered). */
export function segmentAt(manifest: Manifest, t: number): Segment | null {
  const segs = manifest.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid]!;
    if (t < s.from) hi = mid - 1;
    else if (t >= s.to) lo = mid + 1;
    else return s;
  }
  return null;
}

/** When the segment after t starts, or Infinity. */
export function nextSegmentStart(manifest: Manifest, t: number): number {
  let soonest = Infinity;
  for (const s of manifest.segments) if (s.from > t && s.from < soonest) soonest = s.from;
  return soonest;
}

/** What the board shows at t: an item, or black (with why, when a segment says so). */
export function showAt(manifest: Manifest, t: number): Playing | Black {
  const segment = segmentAt(manifest, t);
  if (segment?.kind === 'black') return { item: null, segment, nextChangeAt: segment.to };
  if (segment) {
    const at = loopItemAt(segment, t);
    return { item: at.item, index: at.index, segment, startedAt: at.startedAt, nextChangeAt: Math.min(at.endsAt, segment.to) };
  }
  const nextStart = nextSegmentStart(manifest, t);
  if (!manifest.fallback) return { item: null, segment: null, nextChangeAt: nextStart };
  const at = loopItemAt(manifest.fallback, t);
  return { item: at.item, index: at.index, segment: null, startedAt: at.startedAt, nextChangeAt: Math.min(at.endsAt, nextStart) };
}

/** What the board shows at t, or null for a black screen. */
export function itemAt(manifest: Manifest, t: number): Playing | null {
  const s = showAt(manifest, t);
  return s.item ? (s as Playing) : null;
}

/** Brightness (percent) at t. */
export function brightnessAt(manifest: Manifest, t: number): number {
  for (const span of manifest.brightness) if (span.from <= t && t < span.to) return span.level;
  return 100;
}
