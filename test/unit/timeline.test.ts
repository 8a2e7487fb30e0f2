import { describe, expect, it } from 'vitest';
import type { Manifest, ManifestItem, PlaySegment } from '../../playlists/manifest.ts';
import { ManifestSchema } from '../../playlists/manifest.ts';
import { PlaylistSchema } from '../../playlists/playlist.ts';
import { compile } from '../../playlists/compiler.ts';
import { itemAt, loopItemAt } from '../../playlists/timeline.ts';

const sha = (c: string) => c.repeat(64);
const item = (slideId: string, durationMs: number, c: string): ManifestItem => ({ type: 'image', slideId, url: `/media/${sha(c)}.png`, sha256: sha(c), durationMs, transition: 'cut' });
const A = item('a', 10_000, 'a');
const B = item('b', 8_000, 'b');
const C = item('c', 2_000, 'c');
const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);

function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    schemaVersion: 3,
    boardId: 'b1',
    version: sha('0'),
    generatedAt: T0,
    board: { width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh' },
    horizon: { from: T0, to: T0 + 3_600_000 },
    segments: [{ kind: 'play', from: T0, to: T0 + 3_600_000, layer: 'campaign', entryIds: ['e1'], anchorAt: T0, items: [A, B, C] }],
    brightness: [],
    fallback: { anchorAt: T0, items: [C] },
    ...over,
  };
}

describe('itemAt', () => {
  it('walks the playlist in order, each item for its duration, and loops', () => {
    const m = manifest();
    const at = (ms: number) => itemAt(m, T0 + ms)!.item.slideId;
    expect([0, 9_999, 10_000, 17_999, 18_000, 19_999, 20_000, 30_000, 38_000].map(at)).toEqual(['a', 'a', 'b', 'b', 'c', 'c', 'a', 'b', 'c']);
  });

  it('switches exactly at the boundaries and says when the next change is', () => {
    const p = itemAt(manifest(), T0 + 12_345)!;
    expect(p.item.slideId).toBe('b');
    expect(p.startedAt).toBe(T0 + 10_000);
    expect(p.nextChangeAt).toBe(T0 + 18_000);
  });

  it('is anchored to a fixed instant: two boards compiled at different times show the same slide', () => {
    const entries = [
      { entry: { id: 'e1', playlistId: 'p', targets: { boardIds: ['b1', 'b2'], groupIds: [] }, layer: 'campaign' as const, priority: 50, startDate: null, endDate: null, excludedDates: [], recurrence: { kind: 'daily' as const, weekdays: [1, 2, 3, 4, 5, 6, 7], window: { start: '05:30', end: '22:00' } }, anchorAt: 0 }, items: [A, B, C] },
    ];
    const board = (id: string, from: number) =>
      ({ ...compile({ boardId: id, board: { width: 576, height: 288, timeZone: 'Asia/Ho_Chi_Minh' }, horizon: { from, to: from + 48 * 3_600_000 }, entries, overrides: [], display: { brightness: [], powerOff: [] }, defaultLoop: null }), version: sha('0'), generatedAt: from });
    const b1 = board('b1', T0);
    const b2 = board('b2', T0 + 5 * 3_600_000); // compiled five hours later, on another board
    let compared = 0;
    for (let t = T0 + 6 * 3_600_000; t < T0 + 30 * 3_600_000; t += 977_777) {
      const a = itemAt(b1, t);
      const b = itemAt(b2, t);
      expect(b?.item.slideId ?? null).toBe(a?.item.slideId ?? null);
      if (a) compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('never lets the next change run past the end of the segment', () => {
    const m = manifest({ segments: [{ ...manifest().segments[0]!, to: T0 + 15_000 }] });
    expect(itemAt(m, T0 + 12_000)!.nextChangeAt).toBe(T0 + 15_000);
    // After the segment, the fallback loop plays.
    const after = itemAt(m, T0 + 15_000)!;
    expect(after.segment).toBeNull();
    expect(after.item.slideId).toBe('c');
  });

  it('handles instants before the anchor (negative phase)', () => {
    expect(loopItemAt({ anchorAt: T0, items: [A, B, C] }, T0 - 1).item.slideId).toBe('c');
    expect(loopItemAt({ anchorAt: T0, items: [A, B, C] }, T0 - 2_001).item.slideId).toBe('b');
  });

  it('gives null (black) outside every segment when there is no fallback', () => {
    expect(itemAt(manifest({ fallback: null }), T0 + 3_600_000)).toBeNull();
    expect(itemAt(manifest({ fallback: null }), T0 - 1)).toBeNull();
  });

  it('refuses an empty playlist in the schemas', () => {
    expect(PlaylistSchema.safeParse({ id: 'p', name: 'Trống', items: [] }).success).toBe(false);
    const bad = manifest();
    (bad.segments[0] as PlaySegment).items = [];
    expect(ManifestSchema.safeParse(bad).success).toBe(false);
    expect(ManifestSchema.safeParse(manifest()).success).toBe(true);
  });
});
