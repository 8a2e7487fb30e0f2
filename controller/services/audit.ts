// Reading the audit trail: filtered queries, CSV export, and verification of the hash chain
// (each record carries the hash of the one before it, so a record changed or removed afterwards
// is found, with the first broken link named).
import type { AuditFilter, AuditRow } from '../store/audit-repo.ts';
import { GENESIS_HASH, auditHash } from '../store/audit-repo.ts';
import type { Store } from '../store/index.ts';
import { toCsv } from './csv.ts';

export interface AuditRecord {
  seq: number;
  at: string;
  actor: { kind: string; id: string | null; name: string; roles: string[] };
  ip: string | null;
  action: string;
  target: { kind: string; id: string } | null;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditVerdict {
  ok: boolean;
  records: number;
  /** The first record where the chain breaks, and why. */
  firstBroken: { seq: number; vi: string; en: string } | null;
}

const parse = (v: string | null): unknown => (v === null ? null : (JSON.parse(v) as unknown));

export function auditRecord(r: AuditRow): AuditRecord {
  return {
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actor: { kind: r.actorKind, id: r.actorId, name: r.actorName, roles: JSON.parse(r.actorRoles) as string[] },
    ip: r.ip,
    action: r.action,
    target: r.targetKind && r.targetId ? { kind: r.targetKind, id: r.targetId } : null,
    before: parse(r.before),
    after: parse(r.after),
    hash: r.hash,
  };
}

export class AuditService {
  constructor(private readonly store: Pick<Store, 'audit'>) {}

  /** Newest first, at most `limit` (default 100, at most 1,000); page with beforeSeq. */
  query(filter: AuditFilter): AuditRecord[] {
    return this.store.audit.query({ ...filter, limit: Math.min(filter.limit ?? 100, 1000) }).map(auditRecord);
  }

  count(): number {
    return this.store.audit.count();
  }

  /** The records the filter selects, oldest first, as CSV for a spreadsheet. */
  csv(filter: Omit<AuditFilter, 'limit' | 'beforeSeq'>): string {
    const rows = this.store.audit.query(filter).reverse().map(auditRecord);
    return toCsv(
      ['seq', 'at (UTC)', 'actor kind', 'actor', 'roles', 'ip', 'action', 'target kind', 'target id', 'before', 'after', 'hash'],
      rows.map((r) => [r.seq, r.at, r.actor.kind, r.actor.name, r.actor.roles.join(' '), r.ip, r.action, r.target?.kind, r.target?.id, r.before, r.after, r.hash]),
    );
  }

  /** Walks the whole chain and reports the first record that does not fit it. */
  verify(): AuditVerdict {
    let expectedSeq = 1;
    let prev = GENESIS_HASH;
    let records = 0;
    for (const row of this.store.audit.iterate()) {
      records++;
      const { hash, ...rest } = row;
      if (row.seq !== expectedSeq) {
        return { ok: false, records, firstBroken: { seq: expectedSeq, vi: `Thiếu bản ghi số ${expectedSeq} (bản ghi tiếp theo là số ${row.seq}): đã có bản ghi bị xoá.`, en: `Record ${expectedSeq} is missing (the next one is ${row.seq}): a record was removed.` } };
      }
      if (row.prevHash !== prev) {
        return { ok: false, records, firstBroken: { seq: row.seq, vi: `Bản ghi số ${row.seq} không nối với bản ghi trước nó: bản ghi trước đã bị sửa hoặc thay.`, en: `Record ${row.seq} does not link to the one before it: that record was changed or replaced.` } };
      }
      if (auditHash(rest) !== hash) {
        return { ok: false, records, firstBroken: { seq: row.seq, vi: `Nội dung bản ghi số ${row.seq} không khớp mã băm của nó: bản ghi đã bị sửa sau khi ghi.`, en: `Record ${row.seq} does not match its hash: it was changed after it was written.` } };
      }
      prev = hash;
      expectedSeq++;
    }
    return { ok: true, records, firstBroken: null };
  }
}
