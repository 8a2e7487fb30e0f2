// The one way the repositories speak to a database, whichever engine holds it: SQLite through
// better-sqlite3 (./sqlite.ts) or PostgreSQL through node-postgres (./postgres.ts). Statements are
// SQL texts both engines read alike, with `?` (positional) or `@name` (named, one object) parameters
// as better-sqlite3 takes them; the PostgreSQL side numbers them `$1, $2…` itself. Where the two
// engines need different words (JSON paths), a repository asks `dialect`.
export type Dialect = 'sqlite' | 'postgres';

/**
 * How a transaction of derived data may be taken (the defaults suit a user's change).
 *
 * - durable false: its commit does not wait for the disk (PostgreSQL's synchronous_commit off for
 *   it; a crash may lose the last fraction of a second of such commits, never a user's change).
 *   For what the controller can write again: manifests compiled from saved changes, what players
 *   report (they report it again).
 * - lock false: PostgreSQL does not take the one-writer lock for it (row locks suffice: it neither
 *   reads the audit chain nor re-checks what it read). SQLite has one writer whatever is asked.
 * - atomic false (durable and lock false with it): its statements need not commit together, each
 *   is whole on its own (an upsert of what players reported). PostgreSQL runs them as they come, each
 *   committing by itself on a connection whose commits do not wait for the disk: no BEGIN and
 *   COMMIT round trips (a publish's acknowledgements are a dozen such writes). SQLite runs them in
 *   one transaction all the same (a commit there is no round trip).
 */
export interface TransactionOptions {
  durable?: boolean;
  lock?: boolean;
  atomic?: boolean;
}

export interface Sql {
  readonly dialect: Dialect;
  /** The first row, or undefined. */
  get<R>(text: string, ...params: unknown[]): Promise<R | undefined>;
  all<R>(text: string, ...params: unknown[]): Promise<R[]>;
  /** The first column of the first row, or undefined. */
  value<T>(text: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of every row. */
  column<T>(text: string, ...params: unknown[]): Promise<T[]>;
  /** A statement that returns no rows; how many rows it changed. */
  run(text: string, ...params: unknown[]): Promise<{ changes: number }>;
  /**
   * One statement run once for each parameter list, in order: rows written one by one (on SQLite
   * without a turn of the event loop between them). How many rows changed in all.
   */
  runEach(text: string, paramLists: readonly unknown[][]): Promise<{ changes: number }>;
  /** Several statements without parameters (schema scripts). */
  exec(script: string): Promise<void>;
  /**
   * fn's statements, through the Sql it is given, all applied or none: a transaction taken for
   * writing at once (one writer at a time, on either engine), or a savepoint inside one.
   */
  transaction<T>(fn: (sql: Sql) => Promise<T>, opts?: TransactionOptions): Promise<T>;
}

/** better-sqlite3 takes one plain object as named parameters; anything else is positional. */
export function namedParams(params: unknown[]): Record<string, unknown> | null {
  if (params.length !== 1) return null;
  const p = params[0];
  if (p === null || typeof p !== 'object' || Buffer.isBuffer(p) || p instanceof Uint8Array || Array.isArray(p)) return null;
  return p as Record<string, unknown>;
}

export interface Numbered {
  /** The text with `$1, $2…` in place of `?` and `@name`. */
  text: string;
  /** For named parameters, the name behind each number; null for positional ones. */
  names: string[] | null;
  /** How many `?` there were. */
  positional: number;
}

/**
 * The PostgreSQL form of a statement: `?` → `$n` in order, `@name` → one `$n` per distinct name.
 * Quoted strings, quoted identifiers and comments are left as they are.
 */
export function numberParameters(text: string): Numbered {
  let out = '';
  let positional = 0;
  const names: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end < 0 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop;
      // A doubled quote inside a string continues it: the loop meets it as a new quoted run.
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++positional}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))!;
      let n = names.indexOf(m[0]);
      if (n < 0) n = names.push(m[0]) - 1;
      out += `$${n + 1}`;
      i += 1 + m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  if (positional && names.length) throw new Error('a statement mixes ? and @name parameters');
  return { text: out, names: names.length ? names : null, positional };
}
