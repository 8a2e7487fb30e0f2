// The board page's data: the board's live status (kept current by /ops, never polled), the
// manifest it plays (fetched once per version, shared with the wall's cache), and small helpers
// both board pages use.
import { useQuery } from '@tanstack/react-query';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { Manifest, ManifestItem } from '@playlists/manifest.ts';
import { API, call } from '../../api/index.ts';
import { BOARDS_KEY, boardKey } from '../../live/ops.tsx';

export const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

export function useBoards() {
  return useQuery({ queryKey: BOARDS_KEY, queryFn: () => call(API.listBoards), staleTime: Infinity });
}

/** One board: the first answer from the API, then every change pushed over /ops. */
export function useBoard(id: string) {
  return useQuery<BoardStatus>({ queryKey: boardKey(id), queryFn: () => call(API.getBoard, { params: { id } }), staleTime: Infinity });
}

/** The manifest a board plays, fetched once per version (the same cache entry the wall uses). */
export function useManifest(boardId: string, version: string | null) {
  return useQuery({
    queryKey: ['manifest', boardId, version],
    queryFn: () => call(API.boardManifest, { params: { id: boardId } }) as Promise<Manifest>,
    enabled: version !== null,
    // While a new version loads, the preview keeps ticking on the one before.
    placeholderData: (previous: Manifest | undefined) => (previous?.boardId === boardId ? previous : undefined),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
}

export function usePlaylists(enabled = true) {
  return useQuery({ queryKey: ['playlists'], queryFn: () => call(API.listPlaylists), enabled });
}

export function useGroups() {
  return useQuery({ queryKey: ['groups'], queryFn: () => call(API.listGroups) });
}

/** Every item of a manifest, by the sha256 of what it draws (proof of play names pictures by hash). */
export function itemsBySha(m: Manifest | undefined): Map<string, ManifestItem> {
  const map = new Map<string, ManifestItem>();
  if (!m) return map;
  for (const s of m.segments) if (s.kind === 'play') for (const i of s.items) map.set(i.sha256, i);
  for (const i of m.fallback?.items ?? []) map.set(i.sha256, i);
  return map;
}

export function findItem(m: Manifest | undefined, slideId: string): ManifestItem | null {
  if (!m) return null;
  for (const s of m.segments) if (s.kind === 'play') for (const i of s.items) if (i.slideId === slideId) return i;
  return m.fallback?.items.find((i) => i.slideId === slideId) ?? null;
}

/** The physical size of a board in metres, from its pixels and pitch. */
export function metres(px: number, pitchMm: number, lang: string): string {
  return (Math.round((px * pitchMm) / 100) / 10).toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN');
}

export const LAYER_COLOURS: Record<string, string> = {
  emergency: 'var(--mantine-color-orange-6)',
  interrupt: 'var(--mantine-color-violet-6)',
  campaign: 'var(--mantine-color-blue-6)',
  default: 'var(--mantine-color-teal-6)',
  fallback: 'var(--mantine-color-teal-3)',
  black: 'var(--mantine-color-gray-5)',
};
