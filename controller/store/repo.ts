// Base of every repository: prepared statements are compiled once per SQL text and reused
// (preparing costs more than running for the small queries the compiler makes per board).
// Methods are async for the callers' sake (PostgreSQL answers later), but over better-sqlite3 each
// does all its work before its first await — it has none — which is what lets the store run a
// call under its mutex (store/index.ts) without holding it across turns.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';

const IN_CHUNK = 500;

export abstract class Repo {
  private readonly statements = new Map<string, Statement>();

  constructor(protected readonly db: Db) {}

  /**
   * Rows for a set of keys, a few hundred keys per query (placeholders are bounded on every
   * engine): loading for a thousand boards is a handful of queries, not a thousand.
   */
  protected inChunks<R>(keys: readonly string[], sql: (placeholders: string) => string, params: (chunk: string[]) => unknown[] = (chunk) => chunk): R[] {
    const out: R[] = [];
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const chunk = keys.slice(i, i + IN_CHUNK);
      out.push(...(this.q(sql(chunk.map(() => '?').join(', '))).all(...params(chunk)) as R[]));
    }
    return out;
  }

  protected q(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}
