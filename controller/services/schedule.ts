// Use cases of the scheduling engine: schedule entries (drafts, published by approval), board
// groups, and the two overrides that go out at once (emergency, blackout) for those with the
// duty. Every change is validated in full first, passes the door, then only the boards it affects
// (before and after) are recompiled and pushed.
import { DateTime } from 'luxon';
import { occurrences } from '../../playlists/compiler.ts';
import type { Playlist } from '../../playlists/playlist.ts';
import type { Group, Override, OverrideTargets, ScheduleEntry, Targets } from '../../playlists/schedule.ts';
import { SlideSchema } from '../../playlists/slide.ts';
import { BadRequest, Conflict, noSuch, NotFound } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import { actorName } from './actor.ts';
import type { ChangesService, Publishable, SaveResult } from './changes.ts';
import type { Publisher } from './compile.ts';
import { HORIZON_MS } from './compile.ts';
import type { ContentService, WithPending } from './content.ts';
import { cronOccurrences, cronProblem } from './cron.ts';
import type { Door } from './door.ts';
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

/** What an emergency shows: a message drawn as a warning slide, or an existing playlist. */
export type EmergencyContent = { text: string; durationSeconds: number } | { playlistId: string };

export class ScheduleService {
  constructor(
    private readonly store: Pick<Store, 'content' | 'boards' | 'groups' | 'overrides'>,
    private readonly content: ContentService,
    private readonly changes: ChangesService,
    private readonly publisher: Publisher,
    private readonly door: Door,
    private readonly now: () => number,
  ) {
    changes.register(this.entries());
  }

  // ── schedule entries ──────────────────────────────────────────────────────────────────────

  async listEntries(): Promise<WithPending<ScheduleEntry>[]> {
    return Promise.all((await this.store.content.listEntries()).map(async (e) => ({ ...e, pendingChange: await this.changes.pendingOf('entry', e.id) })));
  }

  async getEntry(id: string): Promise<ScheduleEntry> {
    const e = await this.store.content.getEntry(id);
    if (!e) throw new NotFound(noSuch('entry', id));
    return e;
  }

  /** The approved entry, or the open draft of one (for editing: an edit keeps its anchor). */
  async entryOrDraft(id: string): Promise<ScheduleEntry | undefined> {
    return (await this.changes.draftOf<ScheduleEntry>('entry', id)) ?? (await this.store.content.getEntry(id));
  }

  async saveEntry(actor: Actor, entry: ScheduleEntry, opts: { mode: 'create' | 'replace'; submit?: boolean | undefined }): Promise<SaveResult & { entry: ScheduleEntry; warnings: ConflictWarning[] }> {
    const saved = await this.changes.save(actor, 'entry', entry.id, entry, opts);
    return { ...saved, entry, warnings: await this.conflicts(entry) };
  }

  /** The refusals a save of this entry would get (thrown), else the boards it reaches and its conflict warnings. */
  async checkEntry(entry: ScheduleEntry): Promise<{ boards: string[]; warnings: ConflictWarning[] }> {
    await this.changes.check('entry', entry.id, entry);
    return { boards: await this.store.content.boardsForTargets(entry.targets), warnings: await this.conflicts(entry) };
  }

  /** Deleting an entry changes what boards play: it is a change to approve like any other. */
  async deleteEntry(actor: Actor, id: string, opts: { submit?: boolean | undefined } = {}): Promise<SaveResult> {
    return this.changes.save<ScheduleEntry>(actor, 'entry', id, null, { mode: 'delete', submit: opts.submit });
  }

  /** Approved entries of the same layer and priority that overlap this one on a shared board. */
  async conflicts(entry: ScheduleEntry): Promise<ConflictWarning[]> {
    // Only entries of the same layer and priority rotate with this one: a few of a schedule's
    // entries, often none. Boards are read only where one of them reaches this entry's boards (a
    // campaign entry published on a thousand boards with no rival reads none).
    const rivals = (await this.store.content.listEntries()).filter((o) => o.id !== entry.id && o.layer === entry.layer && o.priority === entry.priority);
    if (!rivals.length) return [];
    const from = this.now();
    const to = from + CONFLICT_LOOKAHEAD_MS;
    const warnings: ConflictWarning[] = [];
    const [reached, reach] = await Promise.all([this.store.content.boardsForTargets(entry.targets), this.store.content.boardsOfEntries(rivals.map((r) => r.id))]);
    const boardIds = reached.filter((b) => rivals.some((r) => reach.get(r.id)?.has(b)));
    const boards = await this.store.boards.getMany(boardIds);
    // An entry's occurrences computed once per time zone.
    const seen = new Map<string, ReturnType<typeof occurrences>>();
    const occurrencesOf = (e: ScheduleEntry, timeZone: string) => {
      const key = `${e.id}|${timeZone}`;
      let o = seen.get(key);
      if (!o) seen.set(key, (o = occurrences(e, timeZone, from, to, cronOccurrences)));
      return o;
    };
    for (const boardId of boardIds) {
      const board = boards.get(boardId);
      if (!board) continue;
      const mine = occurrencesOf(entry, board.timeZone);
      for (const other of rivals) {
        if (!reach.get(other.id)?.has(boardId)) continue;
        const theirs = occurrencesOf(other, board.timeZone);
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

  async listGroups(): Promise<Group[]> {
    return await this.store.groups.list();
  }

  /** `s` is the transaction's store when called inside one. */
  async getGroup(id: string, s: Pick<Store, 'groups'> = this.store): Promise<Group> {
    const g = await s.groups.get(id);
    if (!g) throw new NotFound(noSuch('group', id));
    return g;
  }

  async saveGroup(actor: Actor, group: Group): Promise<Group> {
    for (const [i, id] of group.boardIds.entries()) {
      if (!(await this.store.boards.get(id))) throw new BadRequest(noSuch('board', id), { path: `boardIds.${i}` });
    }
    if (group.defaultPlaylistId) await this.content.checkFits(await this.content.slidesOf(await this.requirePlaylist(group.defaultPlaylistId, 'defaultPlaylistId'), 'publish'), group.boardIds);
    const previous = await this.store.groups.get(group.id);
    // New members must be able to show what the group's entries play.
    for (const entryId of previous ? await this.store.groups.entriesTargeting(group.id) : []) {
      const e = await this.store.content.getEntry(entryId);
      const p = e && (await this.store.content.getPlaylist(e.playlistId));
      if (p) await this.content.checkFits(await this.content.slidesOf(p, 'publish'), group.boardIds);
    }
    const { saved, affected } = await this.door.pass(actor, 'boards.manage', async (tx) => {
      const before = await tx.groups.get(group.id);
      await tx.groups.save(group, this.now());
      const after = (await tx.groups.get(group.id))!;
      return { action: before ? 'group.update' : 'group.create', target: { kind: 'group', id: group.id }, before: before ?? null, after, result: { saved: after, affected: new Set([...after.boardIds, ...(before?.boardIds ?? [])]) } };
    });
    await this.publisher.recompile(affected);
    return saved;
  }

  async deleteGroup(actor: Actor, id: string): Promise<void> {
    const group = await this.door.pass(actor, 'boards.manage', async (tx) => {
      const g = await this.getGroup(id, tx);
      const entries = await tx.groups.entriesTargeting(id);
      if (entries.length) {
        throw new Conflict(
          { vi: `Nhóm "${id}" còn được dùng trong lịch: ${entries.join(', ')}. Hãy sửa hoặc xoá các lịch đó trước.`, en: `Group "${id}" is still targeted by schedule entries ${entries.join(', ')}. Change or delete them first.` },
          { entries },
        );
      }
      await tx.groups.delete(id);
      return { action: 'group.delete', target: { kind: 'group', id }, before: g, after: null, result: g };
    });
    await this.publisher.recompile(group.boardIds);
  }

  // ── overrides: they go out at once ────────────────────────────────────────────────────────

  async listOverrides(kind: 'emergency' | 'blackout'): Promise<Override[]> {
    return await this.store.overrides.list(kind);
  }

  async startEmergency(actor: Actor, input: { targets: OverrideTargets; content: EmergencyContent; expiresAt: number; reason: string | null }): Promise<{ override: Override; boards: string[] }> {
    const now = this.now();
    if (!(input.expiresAt > now)) {
      throw new BadRequest({ vi: 'Thời điểm hết hạn của thông báo khẩn phải ở tương lai.', en: 'An emergency must expire in the future.' }, { path: 'expiresAt' });
    }
    if (input.expiresAt - now > HORIZON_MS * 7) {
      throw new BadRequest({ vi: 'Thông báo khẩn kéo dài tối đa 14 ngày.', en: 'An emergency lasts at most 14 days.' }, { path: 'expiresAt' });
    }
    const boards = await this.boardsOf(input.targets);
    const id = shortId('khan');
    // A message becomes its own slide and playlist (the warning look: black on yellow, capitals),
    // checked against every target board first, and written with the override.
    const message =
      'text' in input.content
        ? {
            slide: SlideSchema.parse({ id, kind: 'text', name: 'Thông báo khẩn', text: input.content.text, durationSeconds: input.content.durationSeconds, style: { preset: 'canh-bao' }, acceptLegacyLookingText: true }),
            playlist: { id, name: `Thông báo khẩn ${new Date(now).toISOString()}`, items: [{ slideId: id }] } satisfies Playlist,
          }
        : null;
    const playlistId = message ? id : (input.content as { playlistId: string }).playlistId;
    await this.content.checkFits(message ? [message.slide] : await this.content.slidesOf(await this.requirePlaylist(playlistId, 'playlistId'), 'publish'), boards);
    const override: Override = { id: shortId('emergency'), kind: 'emergency', targets: input.targets, playlistId, startsAt: now, expiresAt: input.expiresAt, clearedAt: null, reason: input.reason, createdBy: actorName(actor), clearedBy: null };
    await this.door.pass(actor, 'overrides.manage', async (tx) => {
      if (message) {
        await tx.content.upsertSlide(message.slide, null, now);
        await tx.content.upsertPlaylist(message.playlist, null, now);
      }
      await tx.overrides.insert(override);
      return { action: 'emergency.raise', target: { kind: 'emergency', id: override.id }, after: { ...override, boards, message: message?.slide ?? null }, result: undefined };
    });
    await this.publisher.recompile(boards);
    return { override, boards };
  }

  async startBlackout(actor: Actor, input: { targets: OverrideTargets; expiresAt: number | null; reason: string | null }): Promise<{ override: Override; boards: string[] }> {
    const now = this.now();
    if (input.expiresAt !== null && !(input.expiresAt > now)) {
      throw new BadRequest({ vi: 'Thời điểm kết thúc tắt màn hình phải ở tương lai (hoặc bỏ trống: đến khi gỡ).', en: 'A blackout must end in the future (or leave it out: until cleared).' }, { path: 'expiresAt' });
    }
    const boards = await this.boardsOf(input.targets);
    const override: Override = { id: shortId('blackout'), kind: 'blackout', targets: input.targets, playlistId: null, startsAt: now, expiresAt: input.expiresAt, clearedAt: null, reason: input.reason, createdBy: actorName(actor), clearedBy: null };
    await this.door.pass(actor, 'overrides.manage', async (tx) => {
      await tx.overrides.insert(override);
      return { action: 'blackout.raise', target: { kind: 'blackout', id: override.id }, after: { ...override, boards }, result: undefined };
    });
    await this.publisher.recompile(boards);
    return { override, boards };
  }

  async clearOverride(actor: Actor, id: string, kind: 'emergency' | 'blackout'): Promise<Override> {
    const cleared = await this.door.pass(actor, 'overrides.manage', async (tx) => {
      const o = await tx.overrides.get(id);
      if (!o || o.kind !== kind) throw new NotFound({ vi: `Không có ${kind === 'emergency' ? 'thông báo khẩn' : 'lệnh tắt màn hình'} "${id}".`, en: `No ${kind} "${id}".` });
      if (!await tx.overrides.clear(id, this.now(), actorName(actor))) {
        throw new Conflict(
          { vi: `${kind === 'emergency' ? 'Thông báo khẩn' : 'Lệnh tắt màn hình'} "${id}" đã kết thúc (${o.clearedBy === 'expiry' ? 'hết hạn' : `do ${o.clearedBy} gỡ`}).`, en: `${kind === 'emergency' ? 'Emergency' : 'Blackout'} "${id}" has ended already (${o.clearedBy === 'expiry' ? 'expired' : `cleared by ${o.clearedBy}`}).` },
          { clearedBy: o.clearedBy },
        );
      }
      const after = (await tx.overrides.get(id))!;
      return { action: `${kind}.clear`, target: { kind, id }, before: o, after, result: after };
    });
    await this.publisher.recompile(await this.boardsOf(cleared.targets));
    return cleared;
  }

  /** Closes overrides whose expiry has passed and recompiles their boards (the expire job). */
  async expireOverrides(actor: Actor): Promise<string[]> {
    const expired = await this.store.overrides.expiredOpen(this.now());
    for (const o of expired) {
      // Closed meanwhile (cleared by someone, or by another process): nothing to record.
      const closed = await this.door.passIf(actor, 'overrides.manage', async (tx) =>
        (await tx.overrides.closeAtExpiry(o.id)) ? { action: `${o.kind}.expire`, target: { kind: o.kind, id: o.id }, before: o, after: await tx.overrides.get(o.id), result: true } : null,
      );
      if (closed) await this.publisher.recompile(await this.boardsOf(o.targets));
    }
    return expired.map((o) => o.id);
  }

  async boardsOf(targets: OverrideTargets): Promise<string[]> {
    await this.checkTargets(targets);
    return targets.all ? await this.store.boards.ids() : await this.store.content.boardsForTargets(targets);
  }

  private entries(): Publishable<ScheduleEntry> {
    return {
      kind: 'entry',
      published: (id, s = this.store) => s.content.getEntry(id),
      check: async (id, next, stage) => {
        // What the checks read is read together (on PostgreSQL each read is a round trip before a
        // change can go out); the refusals keep their order below.
        const previous = this.store.content.getEntry(id);
        const before = previous.then((p) => (p ? this.store.content.boardsForTargets(p.targets) : []));
        if (!next) return await before;
        const [approved, missingTarget, boards, earlier] = await Promise.all([this.store.content.getPlaylist(next.playlistId), this.targetProblem(next.targets), this.store.content.boardsForTargets(next.targets), before]);
        const playlist = approved ?? (stage === 'draft' ? await this.changes.draftOf<Playlist>('playlist', next.playlistId) : undefined);
        if (!playlist) {
          const pending = await this.changes.pendingOf('playlist', next.playlistId);
          if (pending) {
            throw new Conflict(
              { vi: `Danh sách phát "${next.playlistId}" chưa được duyệt: hãy duyệt nó trước.`, en: `Playlist "${next.playlistId}" is not approved yet: approve it first.` },
              { path: 'playlistId', changeId: pending.id },
            );
          }
          throw new BadRequest(noSuch('playlist', next.playlistId), { path: 'playlistId' });
        }
        if (missingTarget) throw missingTarget;
        if (next.recurrence.kind === 'cron') {
          const problem = cronProblem(next.recurrence.expression);
          if (problem) throw new BadRequest(problem, { path: 'recurrence.expression' });
        }
        await this.content.checkFits(await this.content.slidesOf(playlist, stage), boards);
        return [...new Set([...boards, ...earlier])];
      },
      write: async (tx, id, next) => {
        if (next) await tx.content.saveEntry(next, this.now());
        else await tx.content.deleteEntry(id);
      },
    };
  }

  private async checkTargets(targets: Targets | OverrideTargets): Promise<void> {
    const problem = await this.targetProblem(targets);
    if (problem) throw problem;
  }

  /** The refusal for the first board or group of the targets that does not exist, or null (boards read in one query, not one each). */
  private async targetProblem(targets: Targets | OverrideTargets): Promise<BadRequest | null> {
    const [boards, groups] = await Promise.all([this.store.boards.sizesOf(targets.boardIds), Promise.all(targets.groupIds.map((id) => this.store.groups.get(id)))]);
    const board = targets.boardIds.findIndex((id) => !boards.has(id));
    if (board >= 0) return new BadRequest(noSuch('board', targets.boardIds[board]!), { path: `targets.boardIds.${board}` });
    const group = groups.findIndex((g) => !g);
    if (group >= 0) return new BadRequest(noSuch('group', targets.groupIds[group]!), { path: `targets.groupIds.${group}` });
    return null;
  }

  private async requirePlaylist(id: string, path: string): Promise<Playlist> {
    const p = await this.store.content.getPlaylist(id);
    if (!p) throw new BadRequest(noSuch('playlist', id), { path });
    return p;
  }
}
