// Base of every repository: the Sql it speaks through (the pool or connection outside a
// transaction, or the transaction's own), and loading by sets of keys.
import type { Sql } from './sql.ts';

/** Keys per query (a bound on one result's size, not on parameters). */
const IN_CHUNK = 1000;

/** Freezes a value read once and shared by many readers (none may change it). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export abstract class Repo {
  constructor(protected readonly sql: Sql) {}

  /**
   * Writes items with a multi-row statement of `rowsPerStatement` rows at a time on PostgreSQL (each
   * statement is a round trip), and one row at a time on SQLite (no round trip; one statement text,
   * prepared once, is faster than a new text for each batch size).
   */
  protected async inRows<T>(items: readonly T[], rowsPerStatement: number, write: (rows: T[]) => Promise<unknown>): Promise<void> {
    const size = this.sql.dialect === 'sqlite' ? 1 : rowsPerStatement;
    for (let i = 0; i < items.length; i += size) await write(items.slice(i, i + size));
  }

  /**
   * Writes rows as inRows does, the statement given as its text for a list of row tuples (`values`:
   * the tuple written once per row, comma-separated) and each row's parameters (after `before`,
   * parameters the statement takes ahead of its rows). On SQLite the one-row statement is run for
   * every row in one call.
   */
  protected async writeRows<T>(items: readonly T[], rowsPerStatement: number, text: (values: string) => string, tuple: string, params: (item: T) => unknown[], before: unknown[] = []): Promise<void> {
    if (!items.length) return;
    if (this.sql.dialect === 'sqlite') {
      await this.sql.runEach(text(tuple), items.map((item) => [...before, ...params(item)]));
      return;
    }
    await this.inRows(items, rowsPerStatement, (chunk) => this.sql.run(text(chunk.map(() => tuple).join(', ')), ...before, ...chunk.flatMap(params)));
  }

  /** SQL for the text of a top-level key of a JSON text column. */
  protected jsonText(column: string, key: string): string {
    return this.sql.dialect === 'sqlite' ? `json_extract(${column}, '$.${key}')` : `(${column}::jsonb ->> '${key}')`;
  }

  /**
   * Rows for a set of keys, in a few queries whatever their number: loading for a thousand boards is
   * one query, not a thousand. The keys go as one parameter, a JSON array read with json_each on
   * SQLite and an array on PostgreSQL, so a statement's text is the same for any number of keys:
   * prepared once, and no list of placeholders to write and bind for each call. On PostgreSQL the
   * array is joined as a set (`IN (SELECT unnest(…))`: a hash or index lookup per row), not tested
   * with `= ANY(…)`: a prepared statement soon runs a generic plan, where `= ANY` of a parameter
   * compares each row with every key in turn — on a table the planner scans whole (a thousand
   * boards), 250 keys cost 3.5–5.4 ms a query instead of 0.4–0.9 (EXPLAIN ANALYZE, 27/11/2026).
   * `sql` gets `any(column)`, the condition "column is one of the keys"; `params` places the keys'
   * parameter once per use of `any`.
   */
  protected async inChunks<R, K extends string | number = string>(keys: readonly K[], sql: (any: (column: string) => string) => string, params: (list: unknown) => unknown[] = (list) => [list]): Promise<R[]> {
    if (!keys.length) return [];
    const sqlite = this.sql.dialect === 'sqlite';
    const type = typeof keys[0] === 'number' ? 'bigint' : 'text';
    const text = sql((column) => (sqlite ? `${column} IN (SELECT value FROM json_each(?))` : `${column} IN (SELECT unnest(CAST(? AS ${type}[])))`));
    const out: R[] = [];
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const chunk = keys.slice(i, i + IN_CHUNK);
      out.push(...(await this.sql.all<R>(text, ...params(sqlite ? JSON.stringify(chunk) : chunk))));
    }
    return out;
  }
}
