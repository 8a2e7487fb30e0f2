// Base of every repository: the Sql it speaks through (the pool or connection outside a
// transaction, or the transaction's own), and loading by sets of keys.
import type { Sql } from './sql.ts';

const IN_CHUNK = 500;

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

  /** SQL for the text of a top-level key of a JSON text column. */
  protected jsonText(column: string, key: string): string {
    return this.sql.dialect === 'sqlite' ? `json_extract(${column}, '$.${key}')` : `(${column}::jsonb ->> '${key}')`;
  }

  /**
   * Rows for a set of keys, a few hundred keys per query (placeholders are bounded on every
   * engine): loading for a thousand boards is a handful of queries, not a thousand.
   */
  protected async inChunks<R, K extends string | number = string>(keys: readonly K[], sql: (placeholders: string) => string, params: (chunk: K[]) => unknown[] = (chunk) => chunk): Promise<R[]> {
    const out: R[] = [];
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const chunk = keys.slice(i, i + IN_CHUNK);
      // A handful of list lengths, not one per batch size: on SQLite each new statement text is
      // prepared again (a repeated key changes nothing in an IN list).
      const length = Math.min(IN_CHUNK, 2 ** Math.ceil(Math.log2(chunk.length)));
      while (chunk.length < length) chunk.push(chunk[0]!);
      out.push(...(await this.sql.all<R>(sql(chunk.map(() => '?').join(', ')), ...params(chunk))));
    }
    return out;
  }
}
