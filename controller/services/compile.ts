// The compiler: a board's schedule entries → its manifest (versioned by content hash), and the
// publisher that saves a new version and announces it. The walking skeleton knows always-on
// entries only: they all play together as one loop over the whole horizon.
import crypto from 'node:crypto';
import type { Board } from '../../playlists/board.ts';
import { canonicalManifestContent } from '../../playlists/manifest.ts';
import type { Manifest, ManifestContent, ManifestItem } from '../../playlists/manifest.ts';
import type { Playlist } from '../../playlists/playlist.ts';
import type { Slide } from '../../playlists/slide.ts';
import { NotFound } from '../errors.ts';
import type { Renditions } from '../render/renditions.ts';
import type { Store } from '../store/index.ts';
import type { Events } from './events.ts';

export const HORIZON_MS = 48 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export async function playlistItems(playlist: Playlist, board: Board, store: Store, renditions: Renditions): Promise<ManifestItem[]> {
  const items: ManifestItem[] = [];
  for (const item of playlist.items) {
    const slide: Slide | undefined = store.content.getSlide(item.slideId);
    if (!slide) throw new NotFound({ vi: `Không có trang "${item.slideId}".`, en: `No slide "${item.slideId}".` });
    const r = await renditions.get(slide, board);
    items.push({
      slideId: slide.id,
      url: r.url,
      sha256: r.sha256,
      durationMs: Math.round((item.durationSeconds ?? slide.durationSeconds) * 1000),
      transition: 'cut',
    });
  }
  return items;
}

export function versionOf(content: ManifestContent): string {
  return crypto.createHash('sha256').update(canonicalManifestContent(content)).digest('hex');
}

export async function compileBoard(boardId: string, deps: { store: Store; renditions: Renditions; now: number }): Promise<Manifest> {
  const { store, renditions, now } = deps;
  const board = store.boards.get(boardId);
  if (!board) throw new NotFound({ vi: `Không có bảng "${boardId}".`, en: `No board "${boardId}".` });
  const entries = store.content.entriesForBoard(boardId);
  const items: ManifestItem[] = [];
  for (const entry of entries) {
    const playlist = store.content.getPlaylist(entry.playlistId);
    if (playlist) items.push(...(await playlistItems(playlist, board, store, renditions)));
  }
  // The horizon starts on the hour so that recompiling within the hour gives the same version.
  const from = Math.floor(now / HOUR_MS) * HOUR_MS;
  const horizon = { from, to: from + HORIZON_MS };
  const anchorAt = entries.length ? Math.min(...entries.map((e) => e.anchorAt)) : 0;
  const content: ManifestContent = {
    schemaVersion: 1,
    boardId,
    board: { width: board.width, height: board.height, timeZone: board.timeZone },
    horizon,
    segments: items.length ? [{ ...horizon, layer: 'campaign', entryIds: entries.map((e) => e.id), anchorAt, items }] : [],
    fallback: items.length ? { anchorAt, items } : null,
  };
  return { ...content, version: versionOf(content), generatedAt: now };
}

export class Publisher {
  /** The version this process last announced per board, to spot versions other processes wrote. */
  private readonly announced = new Map<string, string>();
  private seenDataVersion: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly renditions: Renditions,
    private readonly events: Events,
    private readonly now: () => number,
  ) {}

  /** The board's current manifest, compiled now if it never was. */
  async current(boardId: string): Promise<Manifest> {
    return this.store.manifests.latest(boardId) ?? (await this.recompile([boardId]))[0]!;
  }

  /** Recompiles the given boards; saves and announces each whose version changed. */
  async recompile(boardIds: Iterable<string>): Promise<Manifest[]> {
    const out: Manifest[] = [];
    for (const boardId of new Set(boardIds)) {
      const manifest = await compileBoard(boardId, { store: this.store, renditions: this.renditions, now: this.now() });
      const previous = this.store.manifests.latest(boardId);
      if (previous?.version === manifest.version) {
        out.push(previous);
        continue;
      }
      this.store.manifests.save(manifest);
      this.announce(manifest);
      out.push(manifest);
    }
    return out;
  }

  /**
   * Announces manifests that another process (the CLI's import) saved since the last call, so
   * connected players get them without a controller restart. Returns how many were announced.
   */
  announceStoredChanges(): number {
    const dataVersion = this.store.manifests.dataVersion();
    if (dataVersion === this.seenDataVersion) return 0;
    const first = this.seenDataVersion === undefined;
    this.seenDataVersion = dataVersion;
    let count = 0;
    for (const [boardId, version] of this.store.manifests.versions()) {
      if (this.announced.get(boardId) === version) continue;
      if (first) {
        this.announced.set(boardId, version);
        continue;
      }
      const manifest = this.store.manifests.latest(boardId);
      if (manifest) {
        this.announce(manifest);
        count++;
      }
    }
    return count;
  }

  private announce(manifest: Manifest): void {
    this.announced.set(manifest.boardId, manifest.version);
    this.events.emit('manifest', manifest);
  }
}
