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
  /** The last record: note it somewhere else, and a later verify can prove nothing was cut off or rewritten up to it. */
  head: { seq: number; hash: string } | null;
  /** The first record where the chain breaks, and why. */
  firstBroken: { seq: number; vi: string; en: string } | null;
  /** How many links are broken in all (a break found is not the only one looked for). */
  breaks: number;
}

const VERIFY_PAGE = 1000;

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
  async query(filter: AuditFilter): Promise<AuditRecord[]> {
    return (await this.store.audit.query({ ...filter, limit: Math.min(filter.limit ?? 100, 1000) })).map(auditRecord);
  }

  async count(): Promise<number> {
    return await this.store.audit.count();
  }

  /** The records the filter selects, oldest first, as CSV for a spreadsheet. */
  async csv(filter: Omit<AuditFilter, 'limit' | 'beforeSeq'>): Promise<string> {
    const rows = (await this.store.audit.query(filter)).reverse().map(auditRecord);
    return toCsv(
      ['seq', 'at (UTC)', 'actor kind', 'actor', 'roles', 'ip', 'action', 'target kind', 'target id', 'before', 'after', 'hash'],
      rows.map((r) => [r.seq, r.at, r.actor.kind, r.actor.name, r.actor.roles.join(' '), r.ip, r.action, r.target?.kind, r.target?.id, r.before, r.after, r.hash]),
    );
  }

  /** Every record in order, a page at a time. */
  private async *records(): AsyncGenerator<AuditRow> {
    let after = 0;
    for (;;) {
      const page = await this.store.audit.page(after, VERIFY_PAGE);
      yield* page;
      if (page.length < VERIFY_PAGE) return;
      after = page[page.length - 1]!.seq;
    }
  }

  /**
   * Walks the whole chain and reports the first record that does not fit it, and how many do not.
   * With `expectHead` (a head noted earlier), also proves that record is still there, unchanged.
   */
  async verify(expectHead?: { seq: number; hash: string }): Promise<AuditVerdict> {
    let expectedSeq = 1;
    let prev = GENESIS_HASH;
    let records = 0;
    let breaks = 0;
    let firstBroken: AuditVerdict['firstBroken'] = null;
    let head: AuditVerdict['head'] = null;
    let headSeen = false;
    const broken = (seq: number, vi: string, en: string) => {
      breaks++;
      firstBroken ??= { seq, vi, en };
    };
    for await (const row of this.records()) {
      records++;
      const { hash, ...rest } = row;
      if (row.seq !== expectedSeq) broken(expectedSeq, `Thiếu bản ghi số ${expectedSeq} (bản ghi tiếp theo là số ${row.seq}): đã có bản ghi bị xoá.`, `Record ${expectedSeq} is missing (the next one is ${row.seq}): a record was removed.`);
      else if (row.prevHash !== prev) broken(row.seq, `Bản ghi số ${row.seq} không nối với bản ghi trước nó: bản ghi trước đã bị sửa hoặc thay.`, `Record ${row.seq} does not link to the one before it: that record was changed or replaced.`);
      else if (auditHash(rest) !== hash) broken(row.seq, `Nội dung bản ghi số ${row.seq} không khớp mã băm của nó: bản ghi đã bị sửa sau khi ghi.`, `Record ${row.seq} does not match its hash: it was changed after it was written.`);
      if (expectHead && row.seq === expectHead.seq) {
        headSeen = true;
        if (hash !== expectHead.hash) broken(row.seq, `Bản ghi số ${row.seq} không còn là bản đã ghi nhận (mã băm khác): nhật ký đã bị viết lại từ đó trở về trước.`, `Record ${row.seq} is not the one noted (its hash differs): the trail was rewritten up to it.`);
      }
      prev = hash;
      expectedSeq = row.seq + 1;
      head = { seq: row.seq, hash };
    }
    if (expectHead && !headSeen) broken(expectHead.seq, `Không còn bản ghi số ${expectHead.seq} đã ghi nhận: các bản ghi cuối đã bị cắt bỏ.`, `Record ${expectHead.seq}, noted earlier, is gone: the end of the trail was cut off.`);
    return { ok: breaks === 0, records, head, firstBroken, breaks };
  }
}
