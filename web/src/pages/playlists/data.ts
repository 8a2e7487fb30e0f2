// What the playlist pages read: approved playlists with their pending change, new playlists that
// exist only as drafts, the approved slides (names, durations, transitions) and loop lengths.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ChangeSummary } from '@playlists/api/changes.ts';
import { urlOf } from '@playlists/api/endpoint.ts';
import type { Playlist, PlaylistItem } from '@playlists/playlist.ts';
import type { ResponseOf } from '../../api/index.ts';
import { API, call } from '../../api/index.ts';
import { BOARDS_KEY } from '../../live/ops.tsx';

export type SlideView = ResponseOf<typeof API.listSlides>[number];

/** Ink of "awaiting approval" marks: amber dark enough to read on white. */
export const PENDING_INK = '#8a5300';

/** A slide shows 8 s unless it says otherwise (DEFAULT_DURATION_SECONDS in playlists/slide.ts). */
export const DEFAULT_SECONDS = 8;

export const PLAYLISTS_KEY = ['playlists'] as const;
export const PLAYLIST_CHANGES_KEY = ['changes', 'playlist', 'open'] as const;

export interface PlaylistRow {
  /** The version shown: approved, or the proposed one of a playlist never approved. */
  playlist: Playlist;
  approved: boolean;
  pendingChange: ChangeSummary | null;
}

export function useSlides() {
  return useQuery({ queryKey: ['slides'], queryFn: () => call(API.listSlides) });
}

export function useBoardList() {
  return useQuery({ queryKey: BOARDS_KEY, queryFn: () => call(API.listBoards), staleTime: Infinity });
}

export function usePlaylistRows() {
  const approved = useQuery({ queryKey: PLAYLISTS_KEY, queryFn: () => call(API.listPlaylists) });
  const changes = useQuery({ queryKey: PLAYLIST_CHANGES_KEY, queryFn: () => call(API.listChanges, { query: { kind: 'playlist', status: 'draft,submitted,rejected' } }) });
  const fresh = useMemo(() => {
    if (!approved.data) return [];
    const ids = new Set(approved.data.map((p) => p.id));
    return (changes.data ?? []).filter((c) => !ids.has(c.targetId) && c.op === 'save');
  }, [approved.data, changes.data]);
  const details = useQuery({
    queryKey: ['changes', 'playlist', 'proposed', fresh.map((c) => `${c.id}:${c.version}`)],
    queryFn: () => Promise.all(fresh.map((c) => call(API.getChange, { params: { id: c.id } }))),
    enabled: fresh.length > 0,
    staleTime: Infinity,
  });
  const rows = useMemo<PlaylistRow[]>(() => {
    const out: PlaylistRow[] = (approved.data ?? []).map(({ pendingChange, ...p }) => ({ playlist: p, approved: true, pendingChange }));
    for (const d of details.data ?? []) {
      const c = fresh.find((f) => f.id === d.id);
      if (c && d.proposed) out.push({ playlist: { ...(d.proposed as Omit<Playlist, 'id'>), id: c.targetId }, approved: false, pendingChange: c });
    }
    return out;
  }, [approved.data, fresh, details.data]);
  return { rows, isPending: approved.isPending || changes.isPending, error: approved.error ?? changes.error };
}

/** Seconds an item shows: its own override, else its slide's duration, else the default. */
export function itemSeconds(item: Pick<PlaylistItem, 'slideId' | 'durationSeconds'>, slides: Map<string, SlideView>): number {
  return item.durationSeconds ?? slides.get(item.slideId)?.durationSeconds ?? DEFAULT_SECONDS;
}

export function loopSeconds(items: readonly Pick<PlaylistItem, 'slideId' | 'durationSeconds'>[], slides: Map<string, SlideView>): number {
  return items.reduce((sum, i) => sum + itemSeconds(i, slides), 0);
}

/** "1 phút 20 giây" / "1 min 20 s". */
export function formatLoop(seconds: number, t: (key: string, opts?: Record<string, unknown>) => string): string {
  const s = Math.round(seconds * 10) / 10;
  if (s < 60) return t('playlists:seconds', { count: s });
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest ? t('playlists:minutesSeconds', { m, s: rest }) : t('playlists:minutes', { count: m });
}

/** The words a slide is known by: its name, else its text, else its id. */
export function slideLabel(slide: SlideView | undefined, id: string): string {
  if (!slide) return id;
  if (slide.name) return slide.name;
  if (slide.kind === 'text') return slide.text.replace(/\s+/g, ' ').slice(0, 80);
  if (slide.kind === 'qr') return slide.caption ?? slide.data;
  return id;
}

/** The picture a board of this size shows for a slide (clock slides are drawn live: none). */
export function previewUrl(slide: SlideView | undefined, slideId: string, size: { width: number; height: number }): string | null {
  if (slide?.kind === 'clock') return null;
  // A slide not approved yet is drawn from its draft.
  return urlOf(API.slidePreview, { id: slideId }, { w: size.width, h: size.height, ...(slide ? {} : { draft: 'true' }) });
}

export function slideMap(slides: readonly SlideView[] | undefined): Map<string, SlideView> {
  return new Map((slides ?? []).map((s) => [s.id, s]));
}
