// Use cases on what staff write and arrange: boards, slides, playlists, schedule entries.
// Each change is checked in full before anything is written (a slide must fit every board it is
// scheduled on), written in one transaction, then only the affected boards are recompiled.
import type { Board } from '../../playlists/board.ts';
import type { Playlist } from '../../playlists/playlist.ts';
import type { BoardSize } from '../../playlists/board.ts';
import type { Slide } from '../../playlists/slide.ts';
import { slideText } from '../../playlists/slide.ts';
import { legibilityReport } from '../render/legibility.ts';
import type { LegibilityReport } from '../render/legibility.ts';
import { AppError, BadRequest, Conflict, noSuch, NotFound, Unprocessable } from '../errors.ts';
import type { Rendition, Renditions } from '../render/renditions.ts';
import type { BoardRow } from '../store/boards-repo.ts';
import type { Store } from '../store/index.ts';
import type { Publisher } from './compile.ts';
import { checkSlide } from './slide-checks.ts';

export class ContentService {
  constructor(
    private readonly store: Store,
    private readonly renditions: Renditions,
    private readonly publisher: Publisher,
    private readonly now: () => number,
  ) {}

  createBoard(board: Board): Board {
    if (this.store.boards.get(board.id)) throw new Conflict({ vi: `Đã có bảng mã "${board.id}".`, en: `A board with id "${board.id}" exists already.` });
    this.store.boards.insert(board, this.now());
    return board;
  }

  getBoard(id: string): BoardRow {
    const board = this.store.boards.get(id);
    if (!board) throw new NotFound(noSuch('board', id));
    return board;
  }

  getSlide(id: string): Slide {
    const slide = this.store.content.getSlide(id);
    if (!slide) throw new NotFound(noSuch('slide', id));
    return slide;
  }

  async createSlide(slide: Slide): Promise<Slide> {
    if (this.store.content.getSlide(slide.id)) throw new Conflict({ vi: `Đã có trang mã "${slide.id}".`, en: `A slide with id "${slide.id}" exists already.` });
    checkSlide(slide, this.renditions);
    this.store.content.upsertSlide(slide, null, this.now());
    return slide;
  }

  async updateSlide(slide: Slide): Promise<Slide> {
    this.getSlide(slide.id);
    checkSlide(slide, this.renditions);
    const boardIds = this.store.content.playlistsUsingSlide(slide.id).flatMap((p) => this.boardsPlaying(p));
    await this.checkFits([slide], boardIds);
    this.store.content.upsertSlide(slide, null, this.now());
    await this.publisher.recompile(boardIds);
    return slide;
  }

  getPlaylist(id: string): Playlist {
    const playlist = this.store.content.getPlaylist(id);
    if (!playlist) throw new NotFound(noSuch('playlist', id));
    return playlist;
  }

  async savePlaylist(playlist: Playlist): Promise<Playlist> {
    const slides = playlist.items.map((item, i) => {
      const slide = this.store.content.getSlide(item.slideId);
      if (!slide) {
        throw new BadRequest(
          { vi: `Mục số ${i + 1} dùng trang "${item.slideId}" không tồn tại: hãy tạo trang đó trước.`, en: `Item ${i + 1} uses slide "${item.slideId}", which does not exist: create that slide first.` },
          { path: `items.${i}.slideId` },
        );
      }
      return slide;
    });
    const boardIds = this.boardsPlaying(playlist.id);
    await this.checkFits(slides, boardIds);
    this.store.transaction(() => this.store.content.upsertPlaylist(playlist, null, this.now()));
    await this.publisher.recompile(boardIds);
    return playlist;
  }

  /** The legibility report of a slide as drawn for one board (null for pictures and clocks). */
  legibilityOn(slide: Slide, board: BoardSize & { pitchMm: number }, rendition: Rendition, durationSeconds = slide.durationSeconds): LegibilityReport | null {
    if (slide.kind === 'image' || slide.kind === 'clock' || !rendition.meta.capHeightPx) return null;
    return legibilityReport({ capHeightPx: rendition.meta.capHeightPx, pitchMm: board.pitchMm, text: slideText(slide), durationSeconds });
  }

  /**
   * Legibility on every board the slide plays on (or the given ones), judged on the shortest time
   * it is shown there: a playlist may override the slide's own duration.
   */
  async legibility(slide: Slide, boardIds?: string[]): Promise<{ boardId: string; boardName: string; report: LegibilityReport | null }[]> {
    const shortest = new Map<string, number>();
    for (const playlistId of this.store.content.playlistsUsingSlide(slide.id)) {
      const items = this.store.content.getPlaylist(playlistId)?.items.filter((i) => i.slideId === slide.id) ?? [];
      const seconds = Math.min(...items.map((i) => i.durationSeconds ?? slide.durationSeconds));
      for (const b of this.boardsPlaying(playlistId)) shortest.set(b, Math.min(shortest.get(b) ?? Infinity, seconds));
    }
    const ids = boardIds ?? [...shortest.keys()].sort();
    const out = [];
    for (const id of ids) {
      const board = this.store.boards.get(id);
      if (!board || slide.kind === 'clock') continue;
      const seconds = shortest.get(id) ?? slide.durationSeconds;
      out.push({ boardId: id, boardName: board.name, report: this.legibilityOn(slide, board, await this.renditions.get(slide, board), seconds) });
    }
    return out;
  }

  /** Boards whose manifest a playlist is part of: schedules, defaults, live emergencies. */
  boardsPlaying(playlistId: string): string[] {
    const boards = new Set(this.store.content.boardsForPlaylist(playlistId));
    for (const o of this.store.overrides.live(this.now())) {
      if (o.playlistId !== playlistId) continue;
      for (const b of o.targets.all ? this.store.boards.ids() : this.store.content.boardsForTargets(o.targets)) boards.add(b);
    }
    return [...boards];
  }

  /** Renders every slide for every board it would reach; the first refusal stops the change. */
  async checkFits(slides: Slide[], boardIds: string[]): Promise<void> {
    for (const boardId of new Set(boardIds)) {
      const board = this.store.boards.get(boardId);
      if (!board) continue;
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
}
