// Drafts of slides, playlists and schedule entries, and what became of them. At most one open
// change (draft, submitted or rejected) per item; approved, discarded ones stay as history.
import { Repo } from './repo.ts';

export type ChangeKind = 'slide' | 'playlist' | 'entry';
export type ChangeStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'discarded';
export const OPEN_STATUSES: readonly ChangeStatus[] = ['draft', 'submitted', 'rejected'];

export interface ChangeRow {
  id: string;
  kind: ChangeKind;
  targetId: string;
  op: 'save' | 'delete';
  /** The item as it would be published (null for a deletion). */
  body: unknown;
  /** Hash of the published item the draft was made from; null when the item is new. */
  baseHash: string | null;
  status: ChangeStatus;
  /** Goes up with every edit of the draft. */
  version: number;
  authorId: number;
  authorName: string;
  /** Everyone who edited the draft: none of them may approve it. */
  contributors: number[];
  createdAt: number;
  updatedAt: number;
  submittedAt: number | null;
  reviewedAt: number | null;
  reviewerName: string | null;
  reason: string | null;
}

interface Row extends Omit<ChangeRow, 'body' | 'contributors'> {
  body: string | null;
  contributors: string;
}

const COLUMNS =
  'id, kind, target_id AS "targetId", op, body, base_hash AS "baseHash", status, version, author_id AS "authorId", author_name AS "authorName", contributors, created_at AS "createdAt", updated_at AS "updatedAt", submitted_at AS "submittedAt", reviewed_at AS "reviewedAt", reviewer_name AS "reviewerName", reason';
const toChange = (r: Row): ChangeRow => ({ ...r, body: r.body === null ? null : (JSON.parse(r.body) as unknown), contributors: JSON.parse(r.contributors) as number[] });

export class ChangesRepo extends Repo {
  async insert(c: ChangeRow): Promise<void> {
    await this.sql.run(`INSERT INTO changes (id, kind, target_id, op, body, base_hash, status, version, author_id, author_name, contributors, created_at, updated_at, submitted_at, reviewed_at, reviewer_name, reason)
       VALUES (@id, @kind, @targetId, @op, @body, @baseHash, @status, @version, @authorId, @authorName, @contributors, @createdAt, @updatedAt, @submittedAt, @reviewedAt, @reviewerName, @reason)`, { ...c, body: c.body === null ? null : JSON.stringify(c.body), contributors: JSON.stringify(c.contributors) });
  }

  async update(c: ChangeRow): Promise<void> {
    await this.sql.run(`UPDATE changes SET op = @op, body = @body, base_hash = @baseHash, status = @status, version = @version, author_id = @authorId, author_name = @authorName, contributors = @contributors,
              updated_at = @updatedAt, submitted_at = @submittedAt, reviewed_at = @reviewedAt, reviewer_name = @reviewerName, reason = @reason
        WHERE id = @id`, { ...c, body: c.body === null ? null : JSON.stringify(c.body), contributors: JSON.stringify(c.contributors) });
  }

  async get(id: string): Promise<ChangeRow | undefined> {
    const r = (await this.sql.get(`SELECT ${COLUMNS} FROM changes WHERE id = ?`, id)) as Row | undefined;
    return r ? toChange(r) : undefined;
  }

  /** The open change of an item, if any. */
  async open(kind: ChangeKind, targetId: string): Promise<ChangeRow | undefined> {
    const r = (await this.sql.get(`SELECT ${COLUMNS} FROM changes WHERE kind = ? AND target_id = ? AND status IN ('draft', 'submitted', 'rejected')`, kind, targetId)) as Row | undefined;
    return r ? toChange(r) : undefined;
  }

  /** Open drafts of playlists that use a slide. */
  async openPlaylistsUsingSlide(slideId: string): Promise<{ id: string; targetId: string }[]> {
    const items =
      this.sql.dialect === 'sqlite'
        ? "SELECT 1 FROM json_each(c.body, '$.items') i WHERE json_extract(i.value, '$.slideId') = ?"
        : "SELECT 1 FROM jsonb_array_elements(c.body::jsonb -> 'items') i WHERE i ->> 'slideId' = ?";
    return this.sql.all<{ id: string; targetId: string }>(
      `SELECT c.id, c.target_id AS "targetId" FROM changes c
        WHERE c.kind = 'playlist' AND c.op = 'save' AND c.status IN ('draft', 'submitted', 'rejected') AND EXISTS (${items})`,
      slideId,
    );
  }

  /** Open drafts of schedule entries that play a playlist. */
  async openEntriesPlaying(playlistId: string): Promise<{ id: string; targetId: string }[]> {
    return (await this.sql.all(`SELECT id, target_id AS "targetId" FROM changes
        WHERE kind = 'entry' AND op = 'save' AND status IN ('draft', 'submitted', 'rejected') AND ${this.jsonText('body', 'playlistId')} = ?`, playlistId)) as { id: string; targetId: string }[];
  }

  async list(f: { status?: ChangeStatus[] | undefined; kind?: ChangeKind | undefined; targetId?: string | undefined; limit?: number }): Promise<ChangeRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.status?.length) {
      where.push(`status IN (${f.status.map(() => '?').join(', ')})`);
      params.push(...f.status);
    }
    if (f.kind) {
      where.push('kind = ?');
      params.push(f.kind);
    }
    if (f.targetId) {
      where.push('target_id = ?');
      params.push(f.targetId);
    }
    params.push(f.limit ?? 500);
    const rows = (await this.sql.all(`SELECT ${COLUMNS} FROM changes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, id LIMIT ?`, ...params)) as Row[];
    return rows.map(toChange);
  }
}
