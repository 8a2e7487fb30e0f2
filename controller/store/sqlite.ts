// The Sql interface over one better-sqlite3 connection. Each statement's text is prepared once and
// reused (preparing costs more than running for the small queries the compiler makes per board).
// Every call does its work before it returns: the promise is settled already.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';
import type { Sql } from './sql.ts';

interface Statements {
  rows: Map<string, Statement>;
  plucked: Map<string, Statement>;
}

export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly rows: Map<string, Statement>;
  private readonly plucked: Map<string, Statement>;

  /**
   * depth 0: outside any transaction (the caller makes sure no other transaction is open on the
   * connection, store/index.ts's mutex); depth n > 0: inside the n-th level.
   */
  constructor(
    readonly db: Db,
    private readonly depth = 0,
    statements: Statements = { rows: new Map(), plucked: new Map() },
  ) {
    this.rows = statements.rows;
    this.plucked = statements.plucked;
  }

  private statement(text: string, pluck = false): Statement {
    const cache = pluck ? this.plucked : this.rows;
    let s = cache.get(text);
    if (!s) {
      s = this.db.prepare(text);
      if (pluck) s.pluck();
      // Texts made for sets of keys come in many lengths: the cache is bounded.
      if (cache.size >= 2000) cache.clear();
      cache.set(text, s);
    }
    return s;
  }

  async get<R>(text: string, ...params: unknown[]): Promise<R | undefined> {
    return this.statement(text).get(...params) as R | undefined;
  }

  async all<R>(text: string, ...params: unknown[]): Promise<R[]> {
    return this.statement(text).all(...params) as R[];
  }

  async value<T>(text: string, ...params: unknown[]): Promise<T | undefined> {
    return this.statement(text, true).get(...params) as T | undefined;
  }

  async column<T>(text: string, ...params: unknown[]): Promise<T[]> {
    return this.statement(text, true).all(...params) as T[];
  }

  async run(text: string, ...params: unknown[]): Promise<{ changes: number }> {
    return { changes: this.statement(text).run(...params).changes };
  }

  async exec(script: string): Promise<void> {
    this.db.exec(script);
  }

  async transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const inner = new SqliteSql(this.db, this.depth + 1, { rows: this.rows, plucked: this.plucked });
    if (this.depth === 0) {
      // IMMEDIATE: the write lock is taken at once, so two processes never deadlock on an upgrade.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(inner);
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    }
    const name = `sp${this.depth}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(inner);
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (e) {
      this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw e;
    }
  }
}

export const isSqliteConflict = (e: unknown): boolean => String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT');
