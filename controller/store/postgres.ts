// The Sql interface over PostgreSQL (node-postgres): a pool for statements outside a transaction,
// one pooled client for each transaction. Opening brings the schema up to date: the baseline
// (./postgres-schema.ts, SQLite's migrations 1–10 in one script) on an empty database, then each
// later migration's PostgreSQL text, each in its transaction, under an advisory lock so that two
// processes starting together do not both migrate.
import crypto from 'node:crypto';
import pg from 'pg';
import { BadRequest } from '../errors.ts';
import { migrations } from './migrations.ts';
import { POSTGRES_BASELINE, POSTGRES_BASELINE_VERSION } from './postgres-schema.ts';
import { namedParams, numberParameters } from './sql.ts';
import type { Numbered, Sql, TransactionOptions } from './sql.ts';

// Every integer column is bigint (int8) and sums of them are numeric: read both as numbers, as
// SQLite gives them (instants and counts stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

type Queryable = pg.Pool | pg.PoolClient;

/** Per transaction's connection, the last query sent on it. */
const turns = new WeakMap<pg.PoolClient, Promise<unknown>>();

/** The key of the advisory lock every write transaction takes: one writer at a time, as on SQLite. */
const WRITE_LOCK = [0x4c454447, 0x77726974] as const; // "LEDG", "writ"
const BEGIN_WRITE = `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK[0]}, ${WRITE_LOCK[1]})`;
/** A transaction's beginning, in one round trip, as its options ask. */
function beginFor(opts: TransactionOptions): string {
  const fast = opts.durable === false ? '; SET LOCAL synchronous_commit TO OFF' : '';
  return opts.lock === false ? `BEGIN${fast}` : `${BEGIN_WRITE}${fast}`;
}

const numbered = new Map<string, Numbered & { name: string | undefined }>();

/** Statements with more parameters than this are sets of keys (a few hundred, in any number): not kept prepared. */
const PREPARE_MAX_PARAMS = 32;

function prepared(text: string): Numbered & { name: string | undefined } {
  let n = numbered.get(text);
  if (!n) {
    const p = numberParameters(text);
    // A named statement is parsed and planned once per connection, then only bound and run.
    const keep = p.positional + (p.names?.length ?? 0) <= PREPARE_MAX_PARAMS;
    n = { ...p, name: keep ? `lg_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 16)}` : undefined };
    if (numbered.size > 10_000) numbered.clear();
    numbered.set(text, n);
  }
  return n;
}

function values(n: Numbered, params: unknown[]): unknown[] {
  let out: unknown[];
  if (n.names) {
    const named = namedParams(params);
    if (!named) throw new TypeError('this statement takes named parameters (one object)');
    out = n.names.map((k) => {
      if (!(k in named)) throw new RangeError(`missing named parameter "${k}"`);
      return named[k];
    });
  } else if (n.positional === 0 && namedParams(params)) {
    // Named parameters none of which the statement uses (a filter with nothing set).
    out = [];
  } else out = params;
  return out.map((v) => {
    // PostgreSQL text cannot hold U+0000 (SQLite can): refused as bad input, not a server error.
    if (typeof v === 'string' && v.includes('\u0000')) {
      throw new BadRequest({ vi: 'Dữ liệu có ký tự NUL (U+0000), không lưu được: hãy bỏ ký tự này.', en: 'The input holds a NUL character (U+0000), which cannot be stored: remove it.' });
    }
    return v ?? null;
  });
}

export class PostgresSql implements Sql {
  readonly dialect = 'postgres' as const;

  /**
   * on: the pool (outside a transaction) or the client a transaction runs on (depth > 0).
   * unsynced: the pool whose connections commit without waiting for the disk (non-atomic writes).
   */
  constructor(
    private readonly on: Queryable,
    private readonly depth = 0,
    private readonly unsynced?: () => pg.Pool,
  ) {}

  private async query(text: string, params: unknown[], rowMode?: 'array'): Promise<pg.QueryResult> {
    const n = prepared(text);
    const config = { ...(n.name ? { name: n.name } : {}), text: n.text, values: values(n, params), ...(rowMode ? { rowMode } : {}) };
    if (this.depth === 0) return this.on.query(config);
    // One connection answers one query at a time: a transaction's queries started together
    // (Promise.all) are sent one after another.
    const client = this.on as pg.PoolClient;
    const run = (turns.get(client) ?? Promise.resolve()).then(() => client.query(config));
    turns.set(client, run.catch(() => undefined));
    return run;
  }

  async get<R>(text: string, ...params: unknown[]): Promise<R | undefined> {
    return (await this.query(text, params)).rows[0] as R | undefined;
  }

  async all<R>(text: string, ...params: unknown[]): Promise<R[]> {
    return (await this.query(text, params)).rows as R[];
  }

  async value<T>(text: string, ...params: unknown[]): Promise<T | undefined> {
    const row = (await this.query(text, params, 'array')).rows[0] as unknown[] | undefined;
    return row?.[0] as T | undefined;
  }

  async column<T>(text: string, ...params: unknown[]): Promise<T[]> {
    return ((await this.query(text, params, 'array')).rows as unknown[][]).map((r) => r[0] as T);
  }

  async run(text: string, ...params: unknown[]): Promise<{ changes: number }> {
    return { changes: (await this.query(text, params)).rowCount ?? 0 };
  }

  async runEach(text: string, paramLists: readonly unknown[][]): Promise<{ changes: number }> {
    let changes = 0;
    for (const params of paramLists) changes += (await this.query(text, params)).rowCount ?? 0;
    return { changes };
  }

  async exec(script: string): Promise<void> {
    await this.on.query(script);
  }

  async transaction<T>(fn: (sql: Sql) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    if (this.depth > 0) {
      const name = `sp${this.depth}`;
      await this.on.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(new PostgresSql(this.on, this.depth + 1));
        await this.on.query(`RELEASE ${name}`);
        return result;
      } catch (e) {
        await this.on.query(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw e;
      }
    }
    if (opts.atomic === false && this.unsynced) return await fn(new PostgresSql(this.unsynced()));
    const client = await (this.on as pg.Pool).connect();
    let broken: Error | undefined;
    try {
      // One writer at a time across every process, as SQLite's BEGIN IMMEDIATE gives: the audit
      // chain reads its head and appends, and read-check-write changes re-check, within one. The
      // transaction and its lock in one round trip (a ROLLBACK after a failed BEGIN is harmless).
      await client.query(beginFor(opts));
      const result = await fn(new PostgresSql(client, 1));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError as Error;
      });
      throw e;
    } finally {
      // A client whose connection failed is destroyed, not handed to the next transaction.
      client.release(broken);
    }
  }
}

/** Class 23: integrity constraint violation (unique, foreign key, check, the audit log's trigger). */
export const isPostgresConflict = (e: unknown): boolean => String((e as { code?: unknown }).code).startsWith('23');

const MIGRATE_LOCK = [0x4c454447, 0x6d696772] as const; // "LEDG", "migr"

export function openPool(connectionString: string): pg.Pool {
  // A reconnect storm queues thousands of queries for a moment: waiting for a connection is normal
  // then, and only a database out of reach for a minute fails them (readiness asks with its own timeout).
  const pool = new pg.Pool({ connectionString, max: Number(process.env.PG_POOL_SIZE ?? 20), keepAlive: true, connectionTimeoutMillis: 60_000 });
  // An idle client whose connection breaks emits here; without a listener the process would exit.
  pool.on('error', () => {});
  return pool;
}

/**
 * A second, small pool on the same database whose sessions commit without waiting for the disk
 * (synchronous_commit off for the session: a crash may lose the last fraction of a second of its
 * commits): for non-atomic writes of what players report, one round trip each.
 */
export function openUnsyncedPool(pool: pg.Pool): pg.Pool {
  // The password is kept off the options' enumerable keys by pg-pool: passed on by name.
  const unsynced = new pg.Pool({ ...pool.options, password: pool.options.password, max: 4, options: '-c synchronous_commit=off' });
  unsynced.on('error', () => {});
  return unsynced;
}

/** Brings the database's schema up to date; returns the versions applied now. */
export async function migratePostgres(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATE_LOCK]);
    try {
      const exists = (await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")).rows[0] as { present: boolean };
      const done: number[] = [];
      if (!exists.present) {
        await client.query('BEGIN');
        try {
          await client.query(POSTGRES_BASELINE);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
        for (let v = 1; v <= POSTGRES_BASELINE_VERSION; v++) done.push(v);
      }
      const applied = new Set(((await client.query('SELECT version FROM schema_migrations')).rows as { version: number }[]).map((r) => Number(r.version)));
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(m.version)) continue;
        if (m.postgres === undefined) throw new Error(`migration ${m.version} (${m.name}) has no PostgreSQL text`);
        await client.query('BEGIN');
        try {
          await client.query(m.postgres);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
        done.push(m.version);
      }
      return done;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATE_LOCK]);
    }
  } finally {
    client.release();
  }
}
