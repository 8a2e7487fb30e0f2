// Two-person approval. Slides, playlists and schedule entries are edited as drafts; what boards
// play is only ever the last approved version. A draft is submitted, then approved (published) or
// rejected with a reason by someone who did not edit it. Editing an approved item makes a new
// draft; the approved version plays on until the new one is approved. An admin may switch
// approval off for a one-person site: a save is then published at once (and audited as such).
import crypto from 'node:crypto';
import { canonicalJson } from '../../playlists/manifest.ts';
import { BadRequest, Conflict, Forbidden, NotFound } from '../errors.ts';
import type { AppError } from '../errors.ts';
import type { ChangeKind, ChangeRow, ChangeStatus } from '../store/changes-repo.ts';
import type { Store } from '../store/index.ts';
import type { Actor } from './actor.ts';
import { actorName, authorize } from './actor.ts';
import type { Publisher } from './compile.ts';
import type { Door } from './door.ts';
import type { SettingsService } from './settings.ts';
import { shortId } from './secrets.ts';
import { iso } from '../../playlists/api/common.ts';

export type { ChangeKind, ChangeStatus };

/** What the approval machinery needs to know about one kind of item. */
export interface Publishable<T> {
  kind: ChangeKind;
  /** The approved version boards play now, if any (read through `s`, the transaction's store, inside one). */
  published(id: string, s?: Pick<Store, 'content'>): Promise<T | undefined>;
  /**
   * Checks a version before it is saved as a draft or published (next null: deleting it):
   * references, and that it renders on every board it would reach. At the 'draft' stage a
   * reference may name another draft; at 'publish' only approved items count. Returns the boards
   * whose manifest publishing it changes.
   */
  check(id: string, next: T | null, stage: 'draft' | 'publish'): Promise<string[]>;
  /** Writes the approved version, or removes the item (inside the door's transaction, through its store). */
  write(tx: Store, id: string, next: T | null): Promise<void>;
}

export interface ChangeSummary {
  id: string;
  kind: ChangeKind;
  targetId: string;
  op: 'save' | 'delete';
  status: ChangeStatus;
  /** Goes up with every edit; an approval or rejection names the version its reviewer saw. */
  version: number;
  author: string;
  contributors: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewer: string | null;
  /** Why it was rejected (shown to its author). */
  reason: string | null;
}

export interface ChangeDetail extends ChangeSummary {
  /** The approved version boards play now (null: the item is new). */
  published: unknown;
  /** The version this change would publish (null: it deletes the item). */
  proposed: unknown;
}

const THING = { slide: { vi: 'trang', en: 'slide' }, playlist: { vi: 'danh sách phát', en: 'playlist' }, entry: { vi: 'lịch', en: 'schedule entry' } } as const;
const STATUS_VI: Record<ChangeStatus, string> = { draft: 'bản nháp', submitted: 'đang chờ duyệt', approved: 'đã duyệt', rejected: 'bị từ chối', discarded: 'đã huỷ' };

export function hashOf(value: unknown): string | null {
  return value === undefined || value === null ? null : crypto.createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function summary(c: ChangeRow): ChangeSummary {
  return {
    id: c.id,
    kind: c.kind,
    targetId: c.targetId,
    op: c.op,
    status: c.status,
    version: c.version,
    author: c.authorName,
    contributors: c.contributors.length,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    submittedAt: iso(c.submittedAt),
    reviewedAt: iso(c.reviewedAt),
    reviewer: c.reviewerName,
    reason: c.reason,
  };
}

export interface SaveResult {
  change: ChangeSummary;
  /** True when the save went live at once (approval is switched off). */
  published: boolean;
}

export class ChangesService {
  private readonly kinds = new Map<ChangeKind, Publishable<unknown>>();

  constructor(
    private readonly store: Pick<Store, 'changes'>,
    private readonly door: Door,
    private readonly settings: SettingsService,
    private readonly publisher: Publisher,
    private readonly now: () => number,
  ) {}

  register<T>(handler: Publishable<T>): void {
    this.kinds.set(handler.kind, handler as Publishable<unknown>);
  }

  /** The version an item has as an open draft, if any (drafts may refer to each other). */
  async draftOf<T>(kind: ChangeKind, id: string, s: Pick<Store, 'changes'> = this.store): Promise<T | undefined> {
    const open = await s.changes.open(kind, id);
    return open?.op === 'save' ? (open.body as T) : undefined;
  }

  /** Runs the checks a draft save of this version would run, without saving it. */
  async check<T>(kind: ChangeKind, id: string, next: T): Promise<string[]> {
    return this.handler<T>(kind).check(id, next, 'draft');
  }

  /** The open change of an item, for lists that show "awaiting approval". */
  async pendingOf(kind: ChangeKind, id: string, s: Pick<Store, 'changes'> = this.store): Promise<ChangeSummary | null> {
    const open = await s.changes.open(kind, id);
    return open ? summary(open) : null;
  }

  /**
   * Saves a version of an item (or, with next null, asks for it to be deleted) as a draft, or
   * publishes it at once when approval is switched off. `mode` says what must exist already.
   */
  async save<T>(actor: Actor, kind: ChangeKind, id: string, next: T | null, opts: { mode: 'create' | 'replace' | 'upsert' | 'delete'; submit?: boolean | undefined }): Promise<SaveResult> {
    authorize(actor, 'content.edit');
    if (actor.kind !== 'user' && actor.kind !== 'cli' && actor.kind !== 'system') throw new Forbidden({ vi: 'Chỉ người dùng mới soạn được nội dung.', en: 'Only people write content.' });
    const handler = this.handler<T>(kind);
    // Read together: on PostgreSQL each read is a round trip before the change can go out.
    const [, required] = await Promise.all([this.checkMode(kind, id, opts.mode), this.settings.approvalRequired()]);
    const direct = !required;
    const boards = await handler.check(id, next, direct ? 'publish' : 'draft');
    const now = this.now();
    const userId = actor.kind === 'user' ? actor.userId : 0;
    const name = actorName(actor);
    const result = await this.door.pass(actor, 'content.edit', async (tx) => {
      // Again inside the transaction: a rival create between the check above and here loses.
      await this.checkMode(kind, id, opts.mode, tx);
      const published = await handler.published(id, tx);
      // Approval switched back on while this save was being checked: it becomes a draft.
      const live = direct && !(await this.settings.approvalRequired(tx));
      const verb = live ? 'publish' : opts.submit ? 'submit' : 'draft';
      const action = `${kind}.${next === null ? 'delete.' : ''}${verb}`;
      if (live) {
        // Published at once, recorded as a change approved by nobody. A draft someone left open
        // stays theirs (now based on an older version: it must be revised before approval).
        const row: ChangeRow = { ...this.newRow(kind, id, next, published, userId, name, now), status: 'approved', reviewedAt: now, reviewerName: 'approval switched off' };
        await tx.changes.insert(row);
        await handler.write(tx, id, next);
        return { action, target: { kind, id }, before: published ?? null, after: next, result: row };
      }
      const open = await tx.changes.open(kind, id);
      const before = open ? (open.op === 'save' ? open.body : null) : (published ?? null);
      const base = open ?? this.newRow(kind, id, next, published, userId, name, now);
      const status: ChangeStatus = opts.submit ? 'submitted' : 'draft';
      const row: ChangeRow = {
        ...base,
        op: next === null ? 'delete' : 'save',
        body: next,
        // Its author has seen the approved version as it is now: the draft is made from it.
        baseHash: hashOf(published),
        status,
        version: open ? open.version + 1 : 1,
        contributors: [...new Set([...base.contributors, userId])],
        updatedAt: now,
        submittedAt: status === 'submitted' ? now : null,
        reason: null,
      };
      if (open) await tx.changes.update(row);
      else await tx.changes.insert(row);
      return { action, target: { kind, id }, before, after: next, result: row };
    });
    const published = result.status === 'approved';
    if (published) await this.publisher.recompile(boards);
    return { change: summary(result), published };
  }

  private newRow(kind: ChangeKind, id: string, next: unknown, published: unknown, userId: number, name: string, now: number): ChangeRow {
    return {
      id: shortId('change'),
      kind,
      targetId: id,
      op: next === null ? 'delete' : 'save',
      body: next,
      baseHash: hashOf(published),
      status: 'draft',
      version: 1,
      authorId: userId,
      authorName: name,
      contributors: [userId],
      createdAt: now,
      updatedAt: now,
      submittedAt: null,
      reviewedAt: null,
      reviewerName: null,
      reason: null,
    };
  }

  async list(filter: { status?: ChangeStatus[] | undefined; kind?: ChangeKind | undefined; targetId?: string | undefined }): Promise<ChangeSummary[]> {
    return (await this.store.changes.list(filter)).map(summary);
  }

  async get(id: string): Promise<ChangeDetail> {
    const c = await this.require(id);
    const published = (await this.handler(c.kind).published(c.targetId)) ?? null;
    return { ...summary(c), published, proposed: c.op === 'save' ? c.body : null };
  }

  /** The raw change, for previews. */
  async row(id: string): Promise<ChangeRow> {
    return await this.require(id);
  }

  async submit(actor: Actor, id: string): Promise<ChangeSummary> {
    return await this.transition(actor, id, 'content.edit', ['draft', 'rejected'], 'change.submit', (c) => ({ ...c, status: 'submitted', submittedAt: this.now(), reason: null }));
  }

  async discard(actor: Actor, id: string): Promise<ChangeSummary> {
    return await this.transition(actor, id, 'content.edit', ['draft', 'submitted', 'rejected'], 'change.discard', (c) => ({ ...c, status: 'discarded' }));
  }

  async reject(actor: Actor, id: string, reason: string, version: number): Promise<ChangeSummary> {
    if (!reason.trim()) throw new BadRequest({ vi: 'Hãy ghi lý do từ chối: người soạn sẽ đọc nó.', en: 'Give a reason for the rejection: the author will read it.' }, { path: 'reason' });
    this.notOwn(actor, await this.require(id));
    return await this.transition(actor, id, 'changes.review', ['submitted'], 'change.reject', (c) => {
      this.sameVersion(c, version);
      return { ...c, status: 'rejected', reviewedAt: this.now(), reviewerName: actorName(actor), reason };
    });
  }

  /**
   * Publishes a submitted change: checked again in full (it must render on every board it
   * reaches, and refer only to approved items), written with its audit record in one
   * transaction, then the boards it changes get their new manifest.
   */
  async approve(actor: Actor, id: string, version: number): Promise<ChangeSummary> {
    authorize(actor, 'changes.review');
    const c = await this.require(id);
    this.notOwn(actor, c);
    if (c.status !== 'submitted') throw this.wrongStatus(c, ['submitted']);
    this.sameVersion(c, version);
    const handler = this.handler(c.kind);
    const next = c.op === 'save' ? c.body : null;
    const boards = await handler.check(c.targetId, next, 'publish');
    const approved = await this.door.pass(actor, 'changes.review', async (tx) => {
      const fresh = await this.require(id, tx);
      if (fresh.status !== 'submitted') throw this.wrongStatus(fresh, ['submitted']);
      this.sameVersion(fresh, version);
      const published = await handler.published(c.targetId, tx);
      if (hashOf(published) !== fresh.baseHash) {
        throw new Conflict({
          vi: `Bản đang phát của ${THING[c.kind].vi} "${c.targetId}" đã thay đổi kể từ khi bản nháp này được soạn: người soạn cần xem lại và gửi lại.`,
          en: `The approved ${THING[c.kind].en} "${c.targetId}" changed since this draft was made: its author must review it and submit again.`,
        });
      }
      await handler.write(tx, c.targetId, next);
      const row: ChangeRow = { ...fresh, status: 'approved', reviewedAt: this.now(), reviewerName: actorName(actor) };
      await tx.changes.update(row);
      return { action: 'change.approve', target: { kind: c.kind, id: c.targetId }, before: published ?? null, after: next, result: row };
    });
    await this.publisher.recompile(boards);
    return summary(approved);
  }

  private async transition(actor: Actor, id: string, permission: 'content.edit' | 'changes.review', from: ChangeStatus[], action: string, to: (c: ChangeRow) => ChangeRow): Promise<ChangeSummary> {
    return summary(
      await this.door.pass(actor, permission, async (tx) => {
        const c = await this.require(id, tx);
        if (!from.includes(c.status)) throw this.wrongStatus(c, from);
        const next = { ...to(c), updatedAt: this.now() };
        await tx.changes.update(next);
        return { action, target: { kind: c.kind, id: c.targetId }, before: { status: c.status }, after: { status: next.status, ...(next.reason ? { reason: next.reason } : {}) }, result: next };
      }),
    );
  }

  /** A reviewer approves or rejects the version they saw, never one edited since. */
  private sameVersion(c: ChangeRow, version: number): void {
    if (c.version !== version) {
      throw new Conflict(
        { vi: `Thay đổi này đã được sửa sau khi bạn xem (bạn xem bản ${version}, hiện là bản ${c.version}): hãy xem lại rồi quyết định.`, en: `This change was edited after you saw it (you saw version ${version}; it is now version ${c.version}): review it again, then decide.` },
        { version: c.version },
      );
    }
  }

  /** Nobody reviews a change they wrote or edited. */
  private notOwn(actor: Actor, c: ChangeRow): void {
    if (actor.kind !== 'user') throw new Forbidden({ vi: 'Chỉ một người dùng mới duyệt được thay đổi.', en: 'Only a person reviews changes.' });
    if (c.contributors.includes(actor.userId)) {
      throw new Forbidden({ vi: 'Không ai được tự duyệt thay đổi do mình soạn hoặc sửa: hãy nhờ một người phê duyệt khác.', en: 'Nobody reviews a change they wrote or edited: ask another approver.' });
    }
  }

  private async checkMode(kind: ChangeKind, id: string, mode: 'create' | 'replace' | 'upsert' | 'delete', s: Pick<Store, 'changes' | 'content'> | null = null): Promise<void> {
    const [published, open] = await Promise.all([this.handler(kind).published(id, s ?? undefined), (s ?? this.store).changes.open(kind, id)]);
    const exists = published !== undefined;
    const thing = THING[kind];
    if (mode === 'create' && (exists || open)) {
      throw new Conflict(
        exists
          ? { vi: `Đã có ${thing.vi} mã "${id}".`, en: `A ${thing.en} with id "${id}" exists already.` }
          : { vi: `Đã có bản nháp ${thing.vi} mã "${id}" (${STATUS_VI[open!.status]}): hãy sửa bản nháp đó.`, en: `A draft ${thing.en} "${id}" exists already (${open!.status}): edit that draft instead.` },
        open ? { changeId: open.id } : undefined,
      );
    }
    if (mode === 'replace' && !exists && !open) throw new NotFound({ vi: `Không có ${thing.vi} "${id}".`, en: `No ${thing.en} "${id}".` });
    if (mode === 'delete' && !exists) {
      throw new NotFound(
        open
          ? { vi: `${thing.vi} "${id}" chưa từng được duyệt: hãy huỷ bản nháp (DELETE /api/changes/${open.id}).`, en: `${thing.en} "${id}" was never approved: discard its draft instead (DELETE /api/changes/${open.id}).` }
          : { vi: `Không có ${thing.vi} "${id}".`, en: `No ${thing.en} "${id}".` },
      );
    }
  }

  private wrongStatus(c: ChangeRow, expected: ChangeStatus[]): AppError {
    return new Conflict({
      vi: `Thay đổi "${c.id}" đang ở trạng thái ${STATUS_VI[c.status]}; việc này cần trạng thái ${expected.map((s) => STATUS_VI[s]).join(' hoặc ')}.`,
      en: `Change "${c.id}" is ${c.status}; this needs it to be ${expected.join(' or ')}.`,
    });
  }

  private handler<T>(kind: ChangeKind): Publishable<T> {
    const h = this.kinds.get(kind);
    if (!h) throw new Error(`no handler for ${kind}`);
    return h as Publishable<T>;
  }

  private async require(id: string, s: Pick<Store, 'changes'> = this.store): Promise<ChangeRow> {
    const c = await s.changes.get(id);
    if (!c) throw new NotFound({ vi: `Không có thay đổi "${id}".`, en: `No change "${id}".` });
    return c;
  }
}
