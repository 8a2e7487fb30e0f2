// Base of every repository: prepared statements are compiled once per SQL text and reused
// (preparing costs more than running for the small queries the compiler makes per board).
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
