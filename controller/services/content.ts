// Use cases on what staff write: slides, playlists and the picture library. Slides and playlists
// are saved as drafts and published by approval (changes.ts); each version is checked in full
// before it is saved and again before it is published (a slide must fit every board it is
// scheduled on), and only the boards it affects are recompiled.
import { stringify as stringifyYaml } from 'yaml';
import type { BoardSize } from '../../playlists/board.ts';
import type { Playlist } from '../../playlists/playlist.ts';
import type { Slide } from '../../playlists/slide.ts';
import { slideText } from '../../playlists/slide.ts';
import { AppError, BadRequest, Conflict, noSuch, NotFound, Unprocessable } from '../errors.ts';
import { fontCatalogue } from '../render/fonts.ts';
import type { ImageLimits } from '../render/image-pipeline.ts';
import { legibilityReport } from '../render/legibility.ts';
import type { LegibilityReport } from '../render/legibility.ts';
import { addToLibrary } from '../render/media-library.ts';
import type { Rendition, Renditions } from '../render/renditions.ts';
import type { Store } from '../store/index.ts';
import type { MediaRow } from '../store/media-repo.ts';
import type { Actor } from './actor.ts';
import { actorName } from './actor.ts';
import type { ChangesService, ChangeSummary, Publishable, SaveResult } from './changes.ts';
import type { Door } from './door.ts';
import { checkSlide } from './slide-checks.ts';

export interface UsageRef {
  kind: 'playlist' | 'entry' | 'board' | 'group' | 'emergency' | 'change';
  id: string;
  name: string;
}
export interface Preview {
  /** url is null when the drawing is not kept. */
  rendition: Omit<Rendition, 'url'> & { url: string | null };
  bytes: Buffer;
  legibility: LegibilityReport | null;
}

export interface Usage {
  usedBy: UsageRef[];
}

export type WithPending<T> = T & { pendingChange: ChangeSummary | null };

type ContentStore = Pick<Store, 'content' | 'boards' | 'groups' | 'overrides' | 'media' | 'changes'>;

export class ContentService {
  constructor(
    private readonly store: ContentStore,
    private readonly renditions: Renditions,
    private readonly changes: ChangesService,
    private readonly door: Door,
    private readonly now: () => number,
  ) {
    changes.register(this.slides());
    changes.register(this.playlists());
  }

  fonts() {
    return fontCatalogue();
  }

  // ── slides ────────────────────────────────────────────────────────────────────────────────

  async listSlides(): Promise<WithPending<Slide>[]> {
    return Promise.all((await this.store.content.listSlides()).map(async (s) => ({ ...s, pendingChange: await this.changes.pendingOf('slide', s.id) })));
  }

  /** The approved slide. */
  async getSlide(id: string): Promise<Slide> {
    const slide = await this.store.content.getSlide(id);
    if (!slide) throw new NotFound(await this.missing('slide', id));
    return slide;
  }

  /** The slide's open draft if it has one, else the approved slide (for previews while editing). */
  async draftOrSlide(id: string): Promise<Slide> {
    return (await this.changes.draftOf<Slide>('slide', id)) ?? (await this.getSlide(id));
  }

  async saveSlide(actor: Actor, slide: Slide, opts: { mode: 'create' | 'replace'; submit?: boolean | undefined }): Promise<SaveResult> {
    return this.changes.save(actor, 'slide', slide.id, slide, opts);
  }

  // ── playlists ─────────────────────────────────────────────────────────────────────────────

  async listPlaylists(): Promise<WithPending<Playlist>[]> {
    return Promise.all((await this.store.content.listPlaylists()).map(async (p) => ({ ...p, pendingChange: await this.changes.pendingOf('playlist', p.id) })));
  }

  async getPlaylist(id: string): Promise<Playlist> {
    const playlist = await this.store.content.getPlaylist(id);
    if (!playlist) throw new NotFound(await this.missing('playlist', id));
    return playlist;
  }

  async savePlaylist(actor: Actor, playlist: Playlist, opts: { submit?: boolean | undefined } = {}): Promise<SaveResult> {
    return this.changes.save(actor, 'playlist', playlist.id, playlist, { mode: 'upsert', submit: opts.submit });
  }

  // ── what uses what, and deleting what nothing uses ────────────────────────────────────────

  /** Playlists (approved, or drafts) that use a slide, and the slide's own open change. */
  async slideUsage(id: string, s: ContentStore = this.store): Promise<Usage> {
    await this.existing('slide', id, s);
    const usedBy: UsageRef[] = [];
    for (const p of await s.content.playlistsUsingSlide(id)) usedBy.push({ kind: 'playlist', id: p, name: (await s.content.getPlaylist(p))?.name ?? p });
    for (const c of await s.changes.openPlaylistsUsingSlide(id)) usedBy.push({ kind: 'change', id: c.id, name: `playlist ${c.targetId}` });
    const own = await this.changes.pendingOf('slide', id, s);
    if (own) usedBy.push({ kind: 'change', id: own.id, name: `slide ${id}` });
    return { usedBy };
  }

  /** What plays a playlist: entries, board and group defaults, live emergencies, drafts. */
  async playlistUsage(id: string, s: ContentStore = this.store): Promise<Usage> {
    await this.existing('playlist', id, s);
    const usedBy: UsageRef[] = [
      ...(await s.content.entriesPlaying(id)).map((e) => ({ kind: 'entry' as const, id: e.id, name: e.name ?? e.id })),
      ...(await s.boards.withDefaultPlaylist(id)).map((b) => ({ kind: 'board' as const, ...b })),
      ...(await s.groups.withDefaultPlaylist(id)).map((g) => ({ kind: 'group' as const, ...g })),
      ...(await s.overrides.live(this.now())).filter((o) => o.playlistId === id).map((o) => ({ kind: 'emergency' as const, id: o.id, name: o.reason ?? o.id })),
      ...(await s.changes.openEntriesPlaying(id)).map((c) => ({ kind: 'change' as const, id: c.id, name: `entry ${c.targetId}` })),
    ];
    const own = await this.changes.pendingOf('playlist', id, s);
    if (own) usedBy.push({ kind: 'change', id: own.id, name: `playlist ${id}` });
    return { usedBy };
  }

  /**
   * Deletes a slide that nothing uses (no playlist, no draft, no open change of its own): it plays
   * on no board, so no approval is needed. Past proof of play keeps what it showed.
   */
  async deleteSlide(actor: Actor, id: string): Promise<void> {
    await this.door.pass(actor, 'content.edit', async (tx) => {
      const slide = (await this.existing('slide', id, tx)) as Slide;
      this.refuseIfUsed('slide', id, await this.slideUsage(id, tx));
      await tx.content.deleteSlide(id);
      return { action: 'slide.delete', target: { kind: 'slide', id }, before: slide, after: null, result: undefined };
    });
  }

  /** Deletes a playlist that nothing plays or refers to. */
  async deletePlaylist(actor: Actor, id: string): Promise<void> {
    await this.door.pass(actor, 'content.edit', async (tx) => {
      const playlist = (await this.existing('playlist', id, tx)) as Playlist;
      this.refuseIfUsed('playlist', id, await this.playlistUsage(id, tx));
      await tx.content.deletePlaylist(id);
      return { action: 'playlist.delete', target: { kind: 'playlist', id }, before: playlist, after: null, result: undefined };
    });
  }

  private async existing(kind: 'slide' | 'playlist', id: string, s: ContentStore = this.store): Promise<Slide | Playlist> {
    const item = kind === 'slide' ? await s.content.getSlide(id) : await s.content.getPlaylist(id);
    if (!item) throw new NotFound(await this.missing(kind, id, s));
    return item;
  }

  private refuseIfUsed(kind: 'slide' | 'playlist', id: string, usage: Usage): void {
    if (!usage.usedBy.length) return;
    const list = usage.usedBy.map((u) => `${u.kind} "${u.name}"`).join(', ');
    const thing = kind === 'slide' ? { vi: 'Trang', en: 'Slide' } : { vi: 'Danh sách phát', en: 'Playlist' };
    throw new Conflict(
      { vi: `${thing.vi} "${id}" còn được dùng: ${list}. Hãy gỡ nó khỏi đó (hoặc huỷ bản nháp) trước khi xoá.`, en: `${thing.en} "${id}" is still used by ${list}. Take it out of those (or discard the drafts) before deleting it.` },
      usage,
    );
  }

  // ── campaigns ─────────────────────────────────────────────────────────────────────────────

  async listCampaigns() {
    return await this.store.content.listCampaigns();
  }

  /** A campaign as the YAML file the import reads: its approved slides and playlists. */
  async exportCampaign(id: string): Promise<string> {
    const c = await this.store.content.campaign(id);
    if (!c) throw new NotFound({ vi: `Không có chiến dịch "${id}".`, en: `No campaign "${id}".` });
    const file = {
      campaign: { id: c.campaign.id, name: c.campaign.name, ...(c.campaign.source ? { source: c.campaign.source } : {}) },
      slides: await Promise.all(c.slideIds.map(async (s) => (await this.store.content.getSlide(s))!)),
      playlists: await Promise.all(c.playlistIds.map(async (p) => (await this.store.content.getPlaylist(p))!)),
    };
    return `# ${c.campaign.name} — exported by LEDGate ${new Date(this.now()).toISOString()}\n# Import with: npm run cli -- import <this file>\n${stringifyYaml(file, { lineWidth: 0 })}`;
  }

  // ── the picture library ─────────────────────────────────────────────────────────────────

  async listMedia(): Promise<MediaRow[]> {
    return await this.store.media.listMedia();
  }

  /** Adds a picture (checked and cleaned by the image pipeline); a picture reaches no board until a slide that uses it is approved. */
  async uploadMedia(actor: Actor, bytes: Buffer, opts: { originalName: string | null; limits: ImageLimits }): Promise<MediaRow> {
    let row!: MediaRow;
    // The pixels are checked and written first (content-addressed files, harmless if unused); the
    // library row and its audit record land together.
    const prepared = await addToLibrary(bytes, { renditions: this.renditions, limits: opts.limits, uploadedBy: actorName(actor), originalName: opts.originalName, now: this.now() });
    await this.door.pass(actor, 'content.edit', async (tx) => {
      const existing = await tx.media.media(prepared.sha256);
      if (!existing) await tx.media.insertMedia(prepared);
      row = existing ?? prepared;
      return { action: 'media.upload', target: { kind: 'media', id: prepared.sha256 }, after: { ...row, duplicate: !!existing }, result: undefined };
    });
    return row;
  }

  // ── previews and legibility ─────────────────────────────────────────────────────────────

  /** The legibility report of a slide as drawn for one board (null for pictures and clocks). */
  legibilityOn(slide: Slide, board: BoardSize & { pitchMm: number }, rendition: Pick<Rendition, 'meta'>, durationSeconds = slide.durationSeconds): LegibilityReport | null {
    if (slide.kind === 'image' || slide.kind === 'clock' || !rendition.meta.capHeightPx) return null;
    return legibilityReport({ capHeightPx: rendition.meta.capHeightPx, pitchMm: board.pitchMm, text: slideText(slide), durationSeconds });
  }

  /** A slide as it is being written, drawn at a size with the checks a save makes; nothing is saved or kept. */
  async render(slide: Slide, size: BoardSize, pitchMm: number): Promise<Preview> {
    await checkSlide(slide, this.renditions);
    return this.preview(slide, size, pitchMm, false);
  }

  /**
   * The image a board of this size would show for a slide (drafts included), with its legibility.
   * Kept as a rendition only when asked (a real board's size): previews at other sizes are drawn,
   * sent and forgotten.
   */
  async preview(slide: Slide, size: BoardSize, pitchMm: number, keep = true): Promise<Preview> {
    if (slide.kind === 'clock') {
      throw new BadRequest({ vi: 'Trang đồng hồ do trình phát vẽ trực tiếp: xem trên bảng hoặc trình phát.', en: 'A clock slide is drawn live by the player: see it on a player.' });
    }
    if (keep) {
      const rendition = await this.renditions.get(slide, size);
      return { rendition, bytes: await this.renditions.bytes(rendition), legibility: this.legibilityOn(slide, { ...size, pitchMm }, rendition) };
    }
    await this.checkPreviewSize(size);
    const { rendition, bytes } = await this.renditions.sketch(slide, size);
    return { rendition, bytes, legibility: this.legibilityOn(slide, { ...size, pitchMm }, rendition) };
  }

  /** Previews at sizes no board has stay within what boards are (and Full HD): no 8K drawings on demand. */
  private async checkPreviewSize(size: BoardSize): Promise<void> {
    let maxW = 1920;
    let maxH = 1080;
    for (const b of await this.store.boards.list()) {
      maxW = Math.max(maxW, b.width);
      maxH = Math.max(maxH, b.height);
    }
    if (size.width > maxW || size.height > maxH) {
      throw new BadRequest(
        { vi: `Xem trước tối đa ${maxW} × ${maxH} điểm ảnh (bảng lớn nhất, hoặc Full HD). Hãy chọn một bảng hoặc kích thước nhỏ hơn.`, en: `Previews are at most ${maxW} × ${maxH} pixels (the largest board, or Full HD). Choose a board or a smaller size.` },
        { path: 'w', maxWidth: maxW, maxHeight: maxH },
      );
    }
  }

  /**
   * Legibility on every board the slide plays on (or the given ones), judged on the shortest time
   * it is shown there: a playlist may override the slide's own duration.
   */
  async legibility(slide: Slide, boardIds?: string[]): Promise<{ boardId: string; boardName: string; report: LegibilityReport | null }[]> {
    const shortest = new Map<string, number>();
    for (const playlistId of await this.store.content.playlistsUsingSlide(slide.id)) {
      const items = (await this.store.content.getPlaylist(playlistId))?.items.filter((i) => i.slideId === slide.id) ?? [];
      const seconds = Math.min(...items.map((i) => i.durationSeconds ?? slide.durationSeconds));
      for (const b of await this.boardsPlaying(playlistId)) shortest.set(b, Math.min(shortest.get(b) ?? Infinity, seconds));
    }
    const ids = boardIds ?? [...shortest.keys()].sort();
    const out = [];
    for (const id of ids) {
      const board = await this.store.boards.get(id);
      if (!board || slide.kind === 'clock') continue;
      const seconds = shortest.get(id) ?? slide.durationSeconds;
      out.push({ boardId: id, boardName: board.name, report: this.legibilityOn(slide, board, await this.renditions.get(slide, board), seconds) });
    }
    return out;
  }

  /** Boards whose manifest a playlist is part of: schedules, defaults, live emergencies. */
  async boardsPlaying(playlistId: string): Promise<string[]> {
    const boards = new Set(await this.store.content.boardsForPlaylist(playlistId));
    for (const o of await this.store.overrides.live(this.now())) {
      if (o.playlistId !== playlistId) continue;
      for (const b of o.targets.all ? await this.store.boards.ids() : await this.store.content.boardsForTargets(o.targets)) boards.add(b);
    }
    return [...boards];
  }

  /** Renders every slide for every board it would reach; the first refusal stops the change. */
  async checkFits(slides: Slide[], boardIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(boardIds)];
    const boards = await this.store.boards.sizesOf(ids);
    // A slide fits or not by board size: each size is tried once, named by its first board.
    const sizes = new Set<string>();
    for (const boardId of ids) {
      const board = boards.get(boardId);
      if (!board || sizes.has(`${board.width}x${board.height}`)) continue;
      sizes.add(`${board.width}x${board.height}`);
      for (const slide of slides) {
        if (slide.kind === 'clock') continue;
        try {
          await this.renditions.get(slide, board);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          throw new Unprocessable(
            { vi: `Trang "${slide.id}" trên bảng "${board.name}": ${e.messages.vi}`, en: `Slide "${slide.id}" on board "${board.name}": ${e.messages.en}` },
            { slideId: slide.id, boardId: board.id, ...(typeof e.details === 'object' ? e.details : {}) },
          );
        }
      }
    }
  }

  /** The slides of a playlist version: approved ones, or (while drafting) drafts of new ones. */
  async slidesOf(playlist: Playlist, stage: 'draft' | 'publish'): Promise<Slide[]> {
    const slides: Slide[] = [];
    const approved = await this.store.content.getSlides(playlist.items.map((i) => i.slideId));
    // In order: the first item that fails is the one named.
    for (const [i, item] of playlist.items.entries()) {
      const slide = approved.get(item.slideId) ?? (stage === 'draft' ? await this.changes.draftOf<Slide>('slide', item.slideId) : undefined);
      if (slide) {
        slides.push(slide);
        continue;
      }
      const pending = await this.changes.pendingOf('slide', item.slideId);
      if (pending) {
        throw new Conflict(
          { vi: `Mục số ${i + 1} dùng trang "${item.slideId}" chưa được duyệt: hãy duyệt trang đó trước.`, en: `Item ${i + 1} uses slide "${item.slideId}", which is not approved yet: approve that slide first.` },
          { path: `items.${i}.slideId`, changeId: pending.id },
        );
      }
      throw new BadRequest(
        { vi: `Mục số ${i + 1} dùng trang "${item.slideId}" không tồn tại: hãy tạo trang đó trước.`, en: `Item ${i + 1} uses slide "${item.slideId}", which does not exist: create that slide first.` },
        { path: `items.${i}.slideId` },
      );
    }
    return slides;
  }

  private slides(): Publishable<Slide> {
    return {
      kind: 'slide',
      published: (id, s = this.store) => s.content.getSlide(id),
      check: async (id, next) => {
        const boards: string[] = [];
        for (const p of await this.store.content.playlistsUsingSlide(id)) boards.push(...(await this.boardsPlaying(p)));
        if (next) {
          await checkSlide(next, this.renditions);
          await this.checkFits([next], boards);
        }
        return boards;
      },
      write: async (tx, _id, next) => {
        if (next) await tx.content.upsertSlide(next, null, this.now());
      },
    };
  }

  private playlists(): Publishable<Playlist> {
    return {
      kind: 'playlist',
      published: (id, s = this.store) => s.content.getPlaylist(id),
      check: async (id, next, stage) => {
        const boards = await this.boardsPlaying(id);
        if (next) await this.checkFits(await this.slidesOf(next, stage), boards);
        return boards;
      },
      write: async (tx, _id, next) => {
        if (next) await tx.content.upsertPlaylist(next, null, this.now());
      },
    };
  }

  private async missing(kind: 'slide' | 'playlist', id: string, s: ContentStore = this.store) {
    const pending = await this.changes.pendingOf(kind, id, s);
    if (!pending) return noSuch(kind, id);
    const thing = kind === 'slide' ? { vi: 'Trang', en: 'Slide' } : { vi: 'Danh sách phát', en: 'Playlist' };
    return {
      vi: `${thing.vi} "${id}" chưa được duyệt: bản nháp ở /api/changes/${pending.id}.`,
      en: `${thing.en} "${id}" is not approved yet: its draft is at /api/changes/${pending.id}.`,
    };
  }
}
