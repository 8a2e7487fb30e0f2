// Base of every repository: prepared statements are compiled once per SQL text and reused
// (preparing costs more than running for the small queries the compiler makes per board).
// Methods are async for the callers' sake (PostgreSQL answers later), but over better-sqlite3 each
// does all its work before its first await — it has none — which is what lets the store run a
// call under its mutex (store/index.ts) without holding it across turns.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';

export abstract class Repo {
  private readonly statements = new Map<string, Statement>();

  constructor(protected readonly db: Db) {}

  protected q(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}
