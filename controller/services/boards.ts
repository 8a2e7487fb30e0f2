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
import { boardStatus, boardStatuses } from './board-status.ts';
import type { ChangesService } from './changes.ts';
import type { CompileSource, Publisher } from './compile.ts';
import { compileBoard, slideItem, storeSource, withReplaced } from './compile.ts';
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

  /** `s` is the transaction's store when called inside one. */
  async get(id: string, s: BoardsStore = this.store): Promise<BoardRow> {
    const board = await s.boards.get(id);
    if (!board) throw new NotFound(noSuch('board', id));
    return board;
  }

  async statuses(): Promise<BoardStatus[]> {
    return boardStatuses(this.store, await this.store.boards.list(), this.now(), this.thresholds);
  }

  /** These boards' statuses, in a few queries; boards deleted meanwhile are left out. */
  async statusesOf(ids: readonly string[]): Promise<BoardStatus[]> {
    const rows = [...(await this.store.boards.getMany(ids)).values()].map(({ display: _display, ...board }) => board);
    return boardStatuses(this.store, rows, this.now(), this.thresholds);
  }

  async status(id: string): Promise<BoardStatus> {
    return await boardStatus(this.store, await this.get(id), this.now(), this.thresholds);
  }

  async display(id: string): Promise<DisplaySchedule> {
    await this.get(id);
    return await this.store.boards.display(id);
  }

  async manifest(id: string): Promise<Manifest> {
    await this.get(id);
    return this.publisher.current(id);
  }

  async plays(id: string, from: number, to: number) {
    await this.get(id);
    return (await this.store.plays.forBoard(id, from, to)).map((p) => ({ ...p, startedAt: new Date(p.startedAt).toISOString(), endedAt: new Date(p.endedAt).toISOString() }));
  }

  async devices(id: string): Promise<(Omit<DeviceRow, 'createdAt' | 'revokedAt' | 'lastSeenAt'> & { createdAt: string; revokedAt: string | null; lastSeenAt: string | null })[]> {
    await this.get(id);
    return (await this.store.devices.listForBoard(id)).map((d) => ({ ...d, createdAt: iso(d.createdAt), revokedAt: iso(d.revokedAt), lastSeenAt: iso(d.lastSeenAt) }));
  }

  /** What the board shows at an instant, computed by the player's own code. */
  async previewAt(id: string, at: number) {
    const b = await this.get(id);
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
    await this.get(id);
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
    const change = await this.changes.row(changeId);
    const board = await this.get(boardId);
    const published = storeSource(this.store);
    // Drafts a draft refers to (a new slide in a new playlist) are shown as drafts.
    const withDrafts: CompileSource = {
      entriesForBoard: published.entriesForBoard,
      playlist: async (id) => (await published.playlist(id)) ?? (await this.changes.draftOf<Playlist>('playlist', id)),
      slides: async (ids) => {
        const found = await published.slides(ids);
        for (const id of ids) {
          const draft = found.has(id) ? undefined : await this.changes.draftOf<Slide>('slide', id);
          if (draft) found.set(id, draft);
        }
        return found;
      },
    };
    const body = change.op === 'save' ? change.body : null;
    const proposed: CompileSource =
      change.kind === 'slide' || change.kind === 'playlist'
        ? withReplaced(withDrafts, change.kind, change.targetId, body as Slide | Playlist | null)
        : { ...withDrafts, entriesForBoard: (b) => this.entriesWith(b, change.targetId, body as ScheduleEntry | null) };
    const items = async (source: CompileSource): Promise<PreviewItem[]> => {
      const slides: { slide: Slide; seconds: number }[] = [];
      if (change.kind === 'slide') {
        const s = (await source.slides([change.targetId])).get(change.targetId);
        if (s) slides.push({ slide: s, seconds: s.durationSeconds });
      } else {
        const playlistId = change.kind === 'playlist' ? change.targetId : (((await source.entriesForBoard(boardId)).find((e) => e.id === change.targetId) ?? (body as ScheduleEntry | null))?.playlistId ?? '');
        const playlistItems = (await source.playlist(playlistId))?.items ?? [];
        const found = await source.slides(playlistItems.map((i) => i.slideId));
        for (const item of playlistItems) {
          const s = found.get(item.slideId);
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
  async usage(id: string, s: BoardsStore = this.store): Promise<{ usedBy: { kind: 'entry' | 'group'; id: string; name: string }[] }> {
    await this.get(id, s);
    return {
      usedBy: [
        ...(await s.content.entriesNamingBoard(id)).map((e) => ({ kind: 'entry' as const, id: e.id, name: e.name ?? e.id })),
        ...(await s.groups.groupsOfBoard(id)).map((g) => ({ kind: 'group' as const, id: g.id, name: g.name })),
      ],
    };
  }

  /**
   * Removes a board that no schedule entry names (409 lists those) — its groups simply lose it.
   * Its players are cut off at once; its proof of play stays for the reports.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    const devices = await this.door.pass(actor, 'boards.manage', async (tx) => {
      const board = await this.get(id, tx);
      const entries = await tx.content.entriesNamingBoard(id);
      if (entries.length) {
        const list = entries.map((e) => `"${e.name ?? e.id}"`).join(', ');
        throw new Conflict(
          { vi: `Bảng "${board.name}" còn có trong lịch ${list}: hãy bỏ bảng khỏi các lịch đó trước.`, en: `Board "${board.name}" is still named by schedule entries ${list}: take it out of them first.` },
          await this.usage(id, tx),
        );
      }
      const active = await tx.devices.activeIdsForBoard(id);
      const before = { ...board, groups: (await tx.groups.groupsOfBoard(id)).map((g) => g.id), devices: active };
      await tx.boards.delete(id);
      return { action: 'board.delete', target: { kind: 'board', id }, before, after: null, result: active };
    });
    for (const d of devices) this.events.emit('device-revoked', d);
  }

  // ── changing ──────────────────────────────────────────────────────────────────────────────

  async create(actor: Actor, board: Board): Promise<BoardStatus> {
    await this.door.pass(actor, 'boards.manage', async (tx) => {
      if (await tx.boards.get(board.id)) throw new Conflict({ vi: `Đã có bảng mã "${board.id}".`, en: `A board with id "${board.id}" exists already.` });
      await tx.boards.insert(board, this.now());
      return { action: 'board.create', target: { kind: 'board', id: board.id }, after: board, result: undefined };
    });
    await this.publisher.recompile([board.id]);
    return await this.status(board.id);
  }

  /** Name, time zone, pixel pitch or default playlist (an approved one). */
  async update(actor: Actor, id: string, patch: Partial<Pick<BoardRow, 'name' | 'timeZone' | 'pitchMm' | 'defaultPlaylistId'>>): Promise<BoardStatus> {
    await this.get(id);
    if (patch.defaultPlaylistId) {
      const p = await this.content.getPlaylist(patch.defaultPlaylistId);
      await this.content.checkFits(await this.content.slidesOf(p, 'publish'), [id]);
    }
    await this.door.pass(actor, 'boards.manage', async (tx) => {
      const before = await this.get(id, tx);
      const next: BoardRow = { ...before, ...patch };
      await tx.boards.update(next);
      return { action: 'board.update', target: { kind: 'board', id }, before, after: next, result: undefined };
    });
    await this.publisher.recompile([id]);
    return await this.status(id);
  }

  async setDisplay(actor: Actor, id: string, display: DisplaySchedule): Promise<DisplaySchedule> {
    await this.get(id);
    await this.door.pass(actor, 'boards.display', async (tx) => {
      const before = await tx.boards.display(id);
      await tx.boards.setDisplay(id, display);
      return { action: 'board.display', target: { kind: 'board', id }, before, after: display, result: undefined };
    });
    await this.publisher.recompile([id]);
    return await this.store.boards.display(id);
  }

  /** Published entries of a board with one entry replaced by a draft version (or removed). */
  private async entriesWith(boardId: string, entryId: string, next: ScheduleEntry | null): Promise<ScheduleEntry[]> {
    const others = (await this.store.content.entriesForBoard(boardId)).filter((e) => e.id !== entryId);
    if (!next) return others;
    const groups = (await this.store.groups.groupsOfBoard(boardId)).map((g) => g.id);
    const reaches = next.targets.boardIds.includes(boardId) || next.targets.groupIds.some((g) => groups.includes(g));
    return reaches ? [...others, next] : others;
  }
}
