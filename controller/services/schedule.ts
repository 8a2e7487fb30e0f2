// Use cases of the scheduling engine: schedule entries, board groups, display schedules, board
// defaults, and the two admin overrides (emergency, blackout). Every change is validated in full
// first, written in one transaction, then only the boards it affects (before and after) are
// recompiled and pushed.
import { DateTime } from 'luxon';
import { occurrences } from '../../playlists/compiler.ts';
import type { DisplaySchedule, Group, Override, OverrideTargets, ScheduleEntry, Targets } from '../../playlists/schedule.ts';
import { BadRequest, Conflict, noSuch, NotFound } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { BoardRow } from '../store/boards-repo.ts';
import type { Publisher } from './compile.ts';
import { HORIZON_MS } from './compile.ts';
import type { ContentService } from './content.ts';
import { cronOccurrences, cronProblem } from './cron.ts';
import { shortId } from './secrets.ts';

export interface ConflictWarning {
  boardId: string;
  otherEntryId: string;
  /** First overlap within the next 14 days (ISO instant). */
  firstOverlap: string;
  vi: string;
  en: string;
}

const CONFLICT_LOOKAHEAD_MS = 14 * 86_400_000;

export class ScheduleService {
  constructor(
    private readonly store: Store,
    private readonly content: ContentService,
    private readonly publisher: Publisher,
    private readonly now: () => number,
  ) {}

  // ── schedule entries ──────────────────────────────────────────────────────────────────────

  getEntry(id: string): ScheduleEntry {
    const e = this.store.content.getEntry(id);
    if (!e) throw new NotFound(noSuch('entry', id));
    return e;
  }

  async saveEntry(entry: ScheduleEntry, mode: 'create' | 'replace'): Promise<{ entry: ScheduleEntry; warnings: ConflictWarning[] }> {
    const previous = this.store.content.getEntry(entry.id);
    if (mode === 'create' && previous) throw new Conflict({ vi: `Đã có lịch mã "${entry.id}".`, en: `A schedule entry with id "${entry.id}" exists already.` });
    if (mode === 'replace' && !previous) throw new NotFound(noSuch('entry', entry.id));
    const playlist = this.store.content.getPlaylist(entry.playlistId);
    if (!playlist) throw new BadRequest(noSuch('playlist', entry.playlistId), { path: 'playlistId' });
    this.checkTargets(entry.targets);
    if (entry.recurrence.kind === 'cron') {
      const problem = cronProblem(entry.recurrence.expression);
      if (problem) throw new BadRequest(problem, { path: 'recurrence.expression' });
    }
    const boards = this.store.content.boardsForTargets(entry.targets);
    await this.content.checkFits(playlist.items.map((i) => this.content.getSlide(i.slideId)), boards);
    this.store.transaction(() => this.store.content.saveEntry(entry, this.now()));
    const affected = new Set([...boards, ...(previous ? this.store.content.boardsForTargets(previous.targets) : [])]);
    await this.publisher.recompile(affected);
    const saved = this.store.content.getEntry(entry.id)!;
    return { entry: saved, warnings: this.conflicts(saved) };
  }

  async deleteEntry(id: string): Promise<void> {
    const entry = this.getEntry(id);
    const boards = this.store.content.boardsForTargets(entry.targets);
    this.store.content.deleteEntry(id);
    await this.publisher.recompile(boards);
  }

  /** Entries of the same layer and priority that overlap this one on a shared board. */
  conflicts(entry: ScheduleEntry): ConflictWarning[] {
    const from = this.now();
    const to = from + CONFLICT_LOOKAHEAD_MS;
    const warnings: ConflictWarning[] = [];
    for (const boardId of this.store.content.boardsForTargets(entry.targets)) {
      const board = this.store.boards.get(boardId)!;
      const mine = occurrences(entry, board.timeZone, from, to, cronOccurrences);
      for (const other of this.store.content.entriesForBoard(boardId)) {
        if (other.id === entry.id || other.layer !== entry.layer || other.priority !== entry.priority) continue;
        const theirs = occurrences(other, board.timeZone, from, to, cronOccurrences);
        let first = Infinity;
        for (const a of mine) for (const b of theirs) if (a.start < b.end && b.start < a.end) first = Math.min(first, Math.max(a.start, b.start));
        if (first === Infinity) continue;
        const when = DateTime.fromMillis(first, { zone: board.timeZone }).toFormat('dd/MM/yyyy HH:mm');
        warnings.push({
          boardId,
          otherEntryId: other.id,
          firstOverlap: new Date(first).toISOString(),
          vi: `Trên bảng "${board.name}", lịch này trùng giờ với lịch "${other.id}" (cùng lớp, cùng độ ưu tiên ${entry.priority}) từ ${when}: hai danh sách phát sẽ luân phiên nhau.`,
          en: `On board "${board.name}" this entry overlaps "${other.id}" (same layer and priority ${entry.priority}) from ${when}: the two playlists will rotate together.`,
        });
      }
    }
    return warnings;
  }

  // ── groups ────────────────────────────────────────────────────────────────────────────────

  getGroup(id: string): Group {
    const g = this.store.groups.get(id);
    if (!g) throw new NotFound(noSuch('group', id));
    return g;
  }

  async saveGroup(group: Group): Promise<Group> {
    group.boardIds.forEach((id, i) => {
      if (!this.store.boards.get(id)) throw new BadRequest(noSuch('board', id), { path: `boardIds.${i}` });
    });
    if (group.defaultPlaylistId) this.requirePlaylist(group.defaultPlaylistId, 'defaultPlaylistId');
    const previous = this.store.groups.get(group.id);
    const affected = new Set([...group.boardIds, ...(previous?.boardIds ?? [])]);
    // New members must be able to show what the group's entries play.
    for (const entryId of previous ? this.store.groups.entriesTargeting(group.id) : []) {
      const e = this.store.content.getEntry(entryId);
      const p = e && this.store.content.getPlaylist(e.playlistId);
      if (p) await this.content.checkFits(p.items.map((i) => this.content.getSlide(i.slideId)), group.boardIds);
    }
    this.store.transaction(() => this.store.groups.save(group, this.now()));
    await this.publisher.recompile(affected);
    return this.store.groups.get(group.id)!;
  }

  async deleteGroup(id: string): Promise<void> {
    const group = this.getGroup(id);
    const entries = this.store.groups.entriesTargeting(id);
    if (entries.length) {
      throw new Conflict(
        { vi: `Nhóm "${id}" còn được dùng trong lịch: ${entries.join(', ')}. Hãy sửa hoặc xoá các lịch đó trước.`, en: `Group "${id}" is still targeted by schedule entries ${entries.join(', ')}. Change or delete them first.` },
        { entries },
      );
    }
    this.store.groups.delete(id);
    await this.publisher.recompile(group.boardIds);
  }

  // ── boards: settings, display schedule ──────────────────────────────────────────────────

  async updateBoard(id: string, patch: Partial<Pick<BoardRow, 'name' | 'timeZone' | 'pitchMm' | 'defaultPlaylistId'>>): Promise<BoardRow> {
    const board = this.content.getBoard(id);
    if (patch.defaultPlaylistId) {
      const p = this.requirePlaylist(patch.defaultPlaylistId, 'defaultPlaylistId');
      await this.content.checkFits(p.items.map((i) => this.content.getSlide(i.slideId)), [id]);
    }
    const next: BoardRow = { ...board, ...patch };
    this.store.boards.update(next);
    await this.publisher.recompile([id]);
    return this.store.boards.get(id)!;
  }

  async setDisplay(id: string, display: DisplaySchedule): Promise<DisplaySchedule> {
    this.content.getBoard(id);
    this.store.boards.setDisplay(id, display);
    await this.publisher.recompile([id]);
    return this.store.boards.display(id);
  }

  // ── overrides ─────────────────────────────────────────────────────────────────────────────

  async startEmergency(input: { targets: OverrideTargets; playlistId: string; expiresAt: number; reason: string | null; createdBy: string }): Promise<{ override: Override; boards: string[] }> {
    const now = this.now();
    if (!(input.expiresAt > now)) {
      throw new BadRequest({ vi: 'Thời điểm hết hạn của thông báo khẩn phải ở tương lai.', en: 'An emergency must expire in the future.' }, { path: 'expiresAt' });
    }
    if (input.expiresAt - now > HORIZON_MS * 7) {
      throw new BadRequest({ vi: 'Thông báo khẩn kéo dài tối đa 14 ngày.', en: 'An emergency lasts at most 14 days.' }, { path: 'expiresAt' });
    }
    const playlist = this.requirePlaylist(input.playlistId, 'playlistId');
    const boards = this.boardsOf(input.targets);
    await this.content.checkFits(playlist.items.map((i) => this.content.getSlide(i.slideId)), boards);
    const override: Override = { id: shortId('emergency'), kind: 'emergency', targets: input.targets, playlistId: input.playlistId, startsAt: now, expiresAt: input.expiresAt, clearedAt: null, reason: input.reason, createdBy: input.createdBy };
    this.store.overrides.insert(override);
    await this.publisher.recompile(boards);
    return { override, boards };
  }

  async startBlackout(input: { targets: OverrideTargets; expiresAt: number | null; reason: string | null; createdBy: string }): Promise<{ override: Override; boards: string[] }> {
    const now = this.now();
    if (input.expiresAt !== null && !(input.expiresAt > now)) {
      throw new BadRequest({ vi: 'Thời điểm kết thúc tắt màn hình phải ở tương lai (hoặc bỏ trống: đến khi gỡ).', en: 'A blackout must end in the future (or leave it out: until cleared).' }, { path: 'expiresAt' });
    }
    const boards = this.boardsOf(input.targets);
    const override: Override = { id: shortId('blackout'), kind: 'blackout', targets: input.targets, playlistId: null, startsAt: now, expiresAt: input.expiresAt, clearedAt: null, reason: input.reason, createdBy: input.createdBy };
    this.store.overrides.insert(override);
    await this.publisher.recompile(boards);
    return { override, boards };
  }

  async clearOverride(id: string, kind: 'emergency' | 'blackout'): Promise<Override> {
    const o = this.store.overrides.get(id);
    if (!o || o.kind !== kind) throw new NotFound({ vi: `Không có ${kind === 'emergency' ? 'thông báo khẩn' : 'lệnh tắt màn hình'} "${id}".`, en: `No ${kind} "${id}".` });
    this.store.overrides.clear(id, this.now());
    await this.publisher.recompile(this.boardsOf(o.targets));
    return this.store.overrides.get(id)!;
  }

  /** Closes overrides whose expiry has passed and recompiles their boards. */
  async expireOverrides(): Promise<string[]> {
    const expired = this.store.overrides.expiredOpen(this.now());
    for (const o of expired) {
      this.store.overrides.closeAtExpiry(o.id);
      await this.publisher.recompile(this.boardsOf(o.targets));
    }
    return expired.map((o) => o.id);
  }

  boardsOf(targets: OverrideTargets): string[] {
    this.checkTargets(targets);
    return targets.all ? this.store.boards.ids() : this.store.content.boardsForTargets(targets);
  }

  private checkTargets(targets: Targets | OverrideTargets): void {
    targets.boardIds.forEach((id, i) => {
      if (!this.store.boards.get(id)) throw new BadRequest(noSuch('board', id), { path: `targets.boardIds.${i}` });
    });
    targets.groupIds.forEach((id, i) => {
      if (!this.store.groups.get(id)) throw new BadRequest(noSuch('group', id), { path: `targets.groupIds.${i}` });
    });
  }

  private requirePlaylist(id: string, path: string) {
    const p = this.store.content.getPlaylist(id);
    if (!p) throw new BadRequest(noSuch('playlist', id), { path });
    return p;
  }
}
