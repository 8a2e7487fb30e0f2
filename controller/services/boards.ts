// Boards: registering them and their settings, their display schedule, and everything operators
// read about them — truthful delivery state, what shows at an instant, the timeline, proof of play,
// paired devices — and previews of a draft on a board, computed by the very compiler and timeline
// the players run.
import type { LiveThresholds } from '../../playlists/board-state.ts';
import { DEFAULT_THRESHOLDS } from '../../playlists/board-state.ts';
import type { Board } from '../../playlists/board.ts';
import type { Manifest } from '../../playlists/manifest.ts';
import type { Playlist } from '../../playlists/playlist.ts';
import type { DisplaySchedule, ScheduleEntry } from '../../playlists/schedule.ts';
import type { Slide } from '../../playlists/slide.ts';
import { brightnessAt, showAt } from '../../playlists/timeline.ts';
import { BadRequest, Conflict, noSuch, NotFound } from '../errors.ts';
import type { Renditions } from '../render/renditions.ts';
import type { BoardRow } from '../store/boards-repo.ts';
import type { DeviceRow } from '../store/devices-repo.ts';
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import type { BoardStatus } from './board-status.ts';
import { boardStatus } from './board-status.ts';
import type { ChangesService } from './changes.ts';
import type { CompileSource, Publisher } from './compile.ts';
import { compileBoard, slideItem, storeSource } from './compile.ts';
import type { ContentService } from './content.ts';
import type { Door } from './door.ts';
import type { Events } from './events.ts';
import { iso } from '../../playlists/api/common.ts';


/** A slide as a board shows it, for previews. */
export interface PreviewItem {
  slideId: string;
  type: 'image' | 'scroll' | 'clock';
  url: string | null;
  durationMs: number;
}

export type SegmentView =
  | { kind: 'play'; from: string; to: string; anchorAt: number; layer: string; entryIds: string[]; items: PreviewItem[] }
  | { kind: 'black'; from: string; to: string; reason: string; overrideId?: string | undefined };

type BoardsStore = Pick<Store, 'boards' | 'groups' | 'overrides' | 'content' | 'manifests' | 'devices' | 'plays'>;

export class BoardsService {
  constructor(
    private readonly store: BoardsStore,
    private readonly renditions: Renditions,
    private readonly content: ContentService,
    private readonly changes: ChangesService,
    private readonly publisher: Publisher,
    private readonly door: Door,
    private readonly events: Events,
    private readonly now: () => number,
    private readonly thresholds: LiveThresholds = DEFAULT_THRESHOLDS,
  ) {}

  // ── reading ───────────────────────────────────────────────────────────────────────────────

  get(id: string): BoardRow {
    const board = this.store.boards.get(id);
    if (!board) throw new NotFound(noSuch('board', id));
    return board;
  }

  statuses(): BoardStatus[] {
    return this.store.boards.list().map((b) => boardStatus(this.store, b, this.now(), this.thresholds));
  }

  status(id: string): BoardStatus {
    return boardStatus(this.store, this.get(id), this.now(), this.thresholds);
  }

  display(id: string): DisplaySchedule {
    this.get(id);
    return this.store.boards.display(id);
  }

  manifest(id: string): Promise<Manifest> {
    this.get(id);
    return this.publisher.current(id);
  }

  plays(id: string, from: number, to: number) {
    this.get(id);
    return this.store.plays.forBoard(id, from, to).map((p) => ({ ...p, startedAt: new Date(p.startedAt).toISOString(), endedAt: new Date(p.endedAt).toISOString() }));
  }

  devices(id: string): (Omit<DeviceRow, 'createdAt' | 'revokedAt' | 'lastSeenAt'> & { createdAt: string; revokedAt: string | null; lastSeenAt: string | null })[] {
    this.get(id);
    return this.store.devices.listForBoard(id).map((d) => ({ ...d, createdAt: iso(d.createdAt), revokedAt: iso(d.revokedAt), lastSeenAt: iso(d.lastSeenAt) }));
  }

  /** What the board shows at an instant, computed by the player's own code. */
  async previewAt(id: string, at: number) {
    const b = this.get(id);
    const current = await this.publisher.current(b.id);
    // Inside the horizon, the board's own manifest; beyond it, the schedule compiled for then.
    const manifest = at >= current.horizon.from && at < current.horizon.to ? current : await compileBoard(b.id, { store: this.store, renditions: this.renditions, now: at });
    const shown = showAt(manifest, at);
    return {
      at: new Date(at).toISOString(),
      manifestVersion: manifest.version,
      black: shown.item === null,
      reason: shown.item === null ? (shown.segment?.reason ?? (manifest.fallback ? null : 'nothing-scheduled')) : null,
      layer: shown.item ? (shown.segment?.layer ?? 'default') : null,
      entryIds: shown.item ? (shown.segment?.entryIds ?? []) : [],
      slideId: shown.item?.slideId ?? null,
      imageUrl: shown.item && shown.item.type !== 'clock' ? shown.item.url : null,
      itemType: shown.item?.type ?? null,
      brightness: brightnessAt(manifest, at),
      nextChangeAt: Number.isFinite(shown.nextChangeAt) ? new Date(shown.nextChangeAt).toISOString() : null,
    };
  }

  /** The segments between two instants (at most 31 days). */
  async timeline(id: string, from: number, to: number, source?: CompileSource): Promise<SegmentView[]> {
    this.get(id);
    if (!(to > from)) throw new BadRequest({ vi: '"to" phải sau "from".', en: '"to" must be after "from".' });
    if (to - from > 31 * 86_400_000) throw new BadRequest({ vi: 'Tối đa 31 ngày mỗi lần xem.', en: 'At most 31 days at a time.' });
    const manifest = await compileBoard(id, { store: this.store, renditions: this.renditions, now: this.now(), horizon: { from, to }, ...(source ? { source } : {}) });
    const at = (t: number) => new Date(t).toISOString();
    return manifest.segments.map(
      (s): SegmentView =>
        s.kind === 'play'
          ? { kind: 'play', from: at(s.from), to: at(s.to), anchorAt: s.anchorAt, layer: s.layer, entryIds: s.entryIds, items: s.items.map((i) => ({ slideId: i.slideId, type: i.type, url: i.type === 'clock' ? null : i.url, durationMs: i.durationMs })) }
          : { kind: 'black', from: at(s.from), to: at(s.to), reason: s.reason, ...(s.overrideId ? { overrideId: s.overrideId } : {}) },
    );
  }

  /**
   * A change previewed on one board, beside what plays now: the slides as the board would draw
   * them, and the next 48 hours of the board's timeline with and without the change.
   */
  async previewChange(changeId: string, boardId: string): Promise<{ changeId: string; board: BoardRow; current: PreviewItem[]; proposed: PreviewItem[]; timeline: { current: SegmentView[]; proposed: SegmentView[] } }> {
    const change = this.changes.row(changeId);
    const board = this.get(boardId);
    const published = storeSource(this.store);
    // Drafts a draft refers to (a new slide in a new playlist) are shown as drafts.
    const withDrafts: CompileSource = {
      entriesForBoard: published.entriesForBoard,
      playlist: (id) => published.playlist(id) ?? this.changes.draftOf<Playlist>('playlist', id),
      slide: (id) => published.slide(id) ?? this.changes.draftOf<Slide>('slide', id),
    };
    const body = change.op === 'save' ? change.body : null;
    const proposed: CompileSource =
      change.kind === 'slide'
        ? { ...withDrafts, slide: (id) => (id === change.targetId ? (body as Slide | null) ?? undefined : withDrafts.slide(id)) }
        : change.kind === 'playlist'
          ? { ...withDrafts, playlist: (id) => (id === change.targetId ? (body as Playlist | null) ?? undefined : withDrafts.playlist(id)) }
          : { ...withDrafts, entriesForBoard: (b) => this.entriesWith(b, change.targetId, body as ScheduleEntry | null) };
    const items = async (source: CompileSource): Promise<PreviewItem[]> => {
      const slides: { slide: Slide; seconds: number }[] = [];
      if (change.kind === 'slide') {
        const s = source.slide(change.targetId);
        if (s) slides.push({ slide: s, seconds: s.durationSeconds });
      } else {
        const playlistId = change.kind === 'playlist' ? change.targetId : ((source.entriesForBoard(boardId).find((e) => e.id === change.targetId) ?? (body as ScheduleEntry | null))?.playlistId ?? '');
        for (const item of source.playlist(playlistId)?.items ?? []) {
          const s = source.slide(item.slideId);
          if (s) slides.push({ slide: s, seconds: item.durationSeconds ?? s.durationSeconds });
        }
      }
      const out: PreviewItem[] = [];
      for (const { slide, seconds } of slides) {
        const i = await slideItem(slide, seconds, board, this.renditions);
        out.push({ slideId: i.slideId, type: i.type, url: i.type === 'clock' ? null : i.url, durationMs: i.durationMs });
      }
      return out;
    };
    const now = this.now();
    const to = now + 48 * 3_600_000;
    return {
      changeId,
      board,
      current: await items(published),
      proposed: await items(proposed),
      timeline: { current: await this.timeline(boardId, now, to, published), proposed: await this.timeline(boardId, now, to, proposed) },
    };
  }

  /** What names this board: schedule entries (directly) and groups. */
  usage(id: string): { usedBy: { kind: 'entry' | 'group'; id: string; name: string }[] } {
    this.get(id);
    return {
      usedBy: [
        ...this.store.content.entriesNamingBoard(id).map((e) => ({ kind: 'entry' as const, id: e.id, name: e.name ?? e.id })),
        ...this.store.groups.groupsOfBoard(id).map((g) => ({ kind: 'group' as const, id: g.id, name: g.name })),
      ],
    };
  }

  /**
   * Removes a board that no schedule entry names (409 lists those) — its groups simply lose it.
   * Its players are cut off at once; its proof of play stays for the reports.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    const devices = this.door.pass(actor, 'boards.manage', () => {
      const board = this.get(id);
      const entries = this.store.content.entriesNamingBoard(id);
      if (entries.length) {
        const list = entries.map((e) => `"${e.name ?? e.id}"`).join(', ');
        throw new Conflict(
          { vi: `Bảng "${board.name}" còn có trong lịch ${list}: hãy bỏ bảng khỏi các lịch đó trước.`, en: `Board "${board.name}" is still named by schedule entries ${list}: take it out of them first.` },
          this.usage(id),
        );
      }
      const active = this.store.devices.activeIdsForBoard(id);
      const before = { ...board, groups: this.store.groups.groupsOfBoard(id).map((g) => g.id), devices: active };
      this.store.boards.delete(id);
      return { action: 'board.delete', target: { kind: 'board', id }, before, after: null, result: active };
    });
    for (const d of devices) this.events.emit('device-revoked', d);
  }

  // ── changing ──────────────────────────────────────────────────────────────────────────────

  async create(actor: Actor, board: Board): Promise<BoardStatus> {
    this.door.pass(actor, 'boards.manage', () => {
      if (this.store.boards.get(board.id)) throw new Conflict({ vi: `Đã có bảng mã "${board.id}".`, en: `A board with id "${board.id}" exists already.` });
      this.store.boards.insert(board, this.now());
      return { action: 'board.create', target: { kind: 'board', id: board.id }, after: board, result: undefined };
    });
    await this.publisher.recompile([board.id]);
    return this.status(board.id);
  }

  /** Name, time zone, pixel pitch or default playlist (an approved one). */
  async update(actor: Actor, id: string, patch: Partial<Pick<BoardRow, 'name' | 'timeZone' | 'pitchMm' | 'defaultPlaylistId'>>): Promise<BoardStatus> {
    this.get(id);
    if (patch.defaultPlaylistId) {
      const p = this.content.getPlaylist(patch.defaultPlaylistId);
      await this.content.checkFits(this.content.slidesOf(p, 'publish'), [id]);
    }
    this.door.pass(actor, 'boards.manage', () => {
      const before = this.get(id);
      const next: BoardRow = { ...before, ...patch };
      this.store.boards.update(next);
      return { action: 'board.update', target: { kind: 'board', id }, before, after: next, result: undefined };
    });
    await this.publisher.recompile([id]);
    return this.status(id);
  }

  async setDisplay(actor: Actor, id: string, display: DisplaySchedule): Promise<DisplaySchedule> {
    this.get(id);
    this.door.pass(actor, 'boards.display', () => {
      const before = this.store.boards.display(id);
      this.store.boards.setDisplay(id, display);
      return { action: 'board.display', target: { kind: 'board', id }, before, after: display, result: undefined };
    });
    await this.publisher.recompile([id]);
    return this.store.boards.display(id);
  }

  /** Published entries of a board with one entry replaced by a draft version (or removed). */
  private entriesWith(boardId: string, entryId: string, next: ScheduleEntry | null): ScheduleEntry[] {
    const others = this.store.content.entriesForBoard(boardId).filter((e) => e.id !== entryId);
    if (!next) return others;
    const groups = this.store.groups.groupsOfBoard(boardId).map((g) => g.id);
    const reaches = next.targets.boardIds.includes(boardId) || next.targets.groupIds.some((g) => groups.includes(g));
    return reaches ? [...others, next] : others;
  }
}
