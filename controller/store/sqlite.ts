// The Sql interface over one better-sqlite3 connection. Each statement's text is prepared once and
// reused (preparing costs more than running for the small queries the compiler makes per board).
// Every call does its work before it returns: the promise is settled already.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';
import type { Sql, TransactionOptions } from './sql.ts';

interface Statements {
  rows: Map<string, Rows>;
  plucked: Map<string, Statement>;
}

/**
 * A statement that returns rows, read as arrays and made into objects here: better-sqlite3 builds
 * each row object key by key, which costs more than the query itself for the thousands of rows a
 * publish reads; made here in the statement's column order, a statement's rows all share one shape.
 */
interface Rows {
  statement: Statement;
  /** Null for a statement that returns no rows (INSERT, UPDATE without RETURNING). */
  columns: string[] | null;
}

function rowOf(columns: string[], values: unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
  return row;
}

export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly rows: Map<string, Rows>;
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

  private statement(text: string): Rows {
    let s = this.rows.get(text);
    if (!s) {
      const statement = this.db.prepare(text);
      s = { statement, columns: statement.reader ? statement.raw(true).columns().map((c) => c.name) : null };
      bounded(this.rows);
      this.rows.set(text, s);
    }
    return s;
  }

  private plucking(text: string): Statement {
    let s = this.plucked.get(text);
    if (!s) {
      s = this.db.prepare(text).pluck();
      bounded(this.plucked);
      this.plucked.set(text, s);
    }
    return s;
  }

  async get<R>(text: string, ...params: unknown[]): Promise<R | undefined> {
    const { statement, columns } = this.statement(text);
    const values = statement.get(...params) as unknown[] | undefined;
    return (values && columns ? rowOf(columns, values) : values) as R | undefined;
  }

  async all<R>(text: string, ...params: unknown[]): Promise<R[]> {
    const { statement, columns } = this.statement(text);
    const rows = statement.all(...params) as unknown[][];
    return (columns ? rows.map((values) => rowOf(columns, values)) : rows) as R[];
  }

  async value<T>(text: string, ...params: unknown[]): Promise<T | undefined> {
    return this.plucking(text).get(...params) as T | undefined;
  }

  async column<T>(text: string, ...params: unknown[]): Promise<T[]> {
    return this.plucking(text).all(...params) as T[];
  }

  async run(text: string, ...params: unknown[]): Promise<{ changes: number }> {
    return { changes: this.statement(text).statement.run(...params).changes };
  }

  async runEach(text: string, paramLists: readonly unknown[][]): Promise<{ changes: number }> {
    const { statement } = this.statement(text);
    let changes = 0;
    for (const params of paramLists) changes += statement.run(...params).changes;
    return { changes };
  }

  async exec(script: string): Promise<void> {
    this.db.exec(script);
  }

  /** Options change nothing here: one writer at a time, and commits in WAL mode at synchronous NORMAL do not wait for the disk (database.ts). */
  async transaction<T>(fn: (sql: Sql) => Promise<T>, _opts?: TransactionOptions): Promise<T> {
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

/** Texts made for sets of keys come in many lengths: a statement cache is bounded. */
function bounded(cache: Map<string, unknown>): void {
  if (cache.size >= 2000) cache.clear();
}

export const isSqliteConflict = (e: unknown): boolean => String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT');
