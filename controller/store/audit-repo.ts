// The audit trail's storage: append-only (triggers refuse UPDATE and DELETE) and chained — each
// record carries the hash of the one before it, so a record changed or removed afterwards breaks
// the chain at that point (verify finds it).
import crypto from 'node:crypto';
import { canonicalJson } from '../../playlists/manifest.ts';
import { Repo } from './repo.ts';

export interface AuditInput {
  at: number;
  actor: { kind: string; id: string | null; name: string; roles: string[]; ip: string | null };
  action: string;
  target: { kind: string; id: string } | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditRow {
  seq: number;
  at: number;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  actorRoles: string;
  ip: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  before: string | null;
  after: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  targetKind?: string | undefined;
  targetId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** Records before this sequence number (paging backwards from the newest). */
  beforeSeq?: number | undefined;
  limit?: number | undefined;
}

/** The chain starts from this value. */
export const GENESIS_HASH = '0'.repeat(64);

const COLUMNS =
  'seq, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName", actor_roles AS "actorRoles", ip, action, target_kind AS "targetKind", target_id AS "targetId", before, after, prev_hash AS "prevHash", hash';

/** The hash of a record: sha256 over its stored columns (sorted keys), the previous hash included. */
export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  return crypto.createHash('sha256').update(canonicalJson(row)).digest('hex');
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
/**
 * Text as the database will give it back: a lone surrogate (not valid Unicode) would be stored as
 * U+FFFD and no longer match the hash computed over it, so it is replaced before hashing.
 * (JSON.stringify already escapes lone surrogates in before/after.)
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const text = <T extends string | null>(v: T): T => (v === null ? v : (v.replace(LONE_SURROGATE, '\uFFFD') as T));

export class AuditRepo extends Repo {
  /** Appends one record; call inside the transaction of the change it describes. */
  async append(input: AuditInput): Promise<AuditRow> {
    const last = (await this.sql.get('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')) as { seq: number; hash: string } | undefined;
    const row: Omit<AuditRow, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: input.at,
      actorKind: text(input.actor.kind),
      actorId: text(input.actor.id),
      actorName: text(input.actor.name),
      actorRoles: JSON.stringify(input.actor.roles),
      ip: text(input.actor.ip),
      action: text(input.action),
      targetKind: text(input.target?.kind ?? null),
      targetId: text(input.target?.id ?? null),
      before: json(input.before),
      after: json(input.after),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const full: AuditRow = { ...row, hash: auditHash(row) };
    await this.sql.run(`INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_name, actor_roles, ip, action, target_kind, target_id, before, after, prev_hash, hash)
       VALUES (@seq, @at, @actorKind, @actorId, @actorName, @actorRoles, @ip, @action, @targetKind, @targetId, @before, @after, @prevHash, @hash)`, full);
    return full;
  }

  async count(): Promise<number> {
    return (await this.sql.value('SELECT COUNT(*) FROM audit_log')) as number;
  }

  /** The last record's number (0: none): every change appends one, so it grows with each change committed. */
  async headSeq(): Promise<number> {
    return Number((await this.sql.value('SELECT MAX(seq) FROM audit_log')) ?? 0);
  }

  /** Newest first. */
  async query(f: AuditFilter): Promise<AuditRow[]> {
    const escaped = f.action?.replace(/[\\%_]/g, (c) => `\\${c}`);
    const conditions: [unknown, string][] = [
      [f.actor, 'actor_name = @actor'],
      [f.action, "(action = @action OR action LIKE @actionPrefix ESCAPE '\\')"],
      [f.targetKind, 'target_kind = @targetKind'],
      [f.targetId, 'target_id = @targetId'],
      [f.from, 'at >= @from'],
      [f.to, 'at < @to'],
      [f.beforeSeq, 'seq < @beforeSeq'],
    ];
    const where = conditions.filter(([v]) => v !== undefined && v !== '').map(([, sql]) => sql);
    const params = { actor: f.actor, action: f.action, actionPrefix: escaped === undefined ? undefined : `${escaped}.%`, targetKind: f.targetKind, targetId: f.targetId, from: f.from, to: f.to, beforeSeq: f.beforeSeq, limit: f.limit };
    const used = Object.fromEntries(Object.entries(params).filter(([k, v]) => v !== undefined && (k === 'limit' || where.some((w) => w.includes(`@${k}`)))));
    const limit = f.limit === undefined ? '' : 'LIMIT @limit';
    return (await this.sql.all(`SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC ${limit}`, used)) as AuditRow[];
  }

  /**
   * The records after `afterSeq`, in order, `limit` at a time: verification walks the whole chain a
   * page per call, so it never holds the connection (or the store's turn) for the whole chain.
   */
  async page(afterSeq: number, limit: number): Promise<AuditRow[]> {
    return (await this.sql.all(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit)) as AuditRow[];
  }
}
