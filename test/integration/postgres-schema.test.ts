// The PostgreSQL baseline (controller/store/postgres-schema.ts) builds the schema SQLite's
// migrations 1–10 leave. Compared catalog to catalog with a fresh SQLite file, so a migration that
// changes one engine's schema and not the other's fails here, naming the table and column. Then
// what the catalogs cannot show: the audit log refuses changes, identities take copied ids and move
// past them, millisecond instants fit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../controller/store/database.ts';
import type { Db } from '../../controller/store/database.ts';
import { migrations } from '../../controller/store/migrations.ts';
import { POSTGRES_BASELINE_VERSION, resetIdentitySql } from '../../controller/store/postgres-schema.ts';
import { migratePostgres, openPool } from '../../controller/store/postgres.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';

let database: TestDatabase | undefined;
let client: pg.Client | undefined;
let sqlite: Db | undefined;
let dataDir: string | undefined;
let applied: number[] = [];

const pgc = () => {
  if (!client) throw new Error('no PostgreSQL connection');
  return client;
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-pg-schema-'));
  sqlite = openDatabase(dataDir);
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // As the store opens it: the baseline, then each later migration's PostgreSQL text.
  const pool = openPool(database.url);
  try {
    applied = await migratePostgres(pool);
  } finally {
    await pool.end();
  }
});

afterAll(async () => {
  // Each step runs even when the one before it failed: the database is dropped whatever happened.
  try {
    await client?.end();
  } finally {
    try {
      await database?.drop();
    } finally {
      sqlite?.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
});

// ---- The two catalogs, read into one shape ----

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  identity: boolean;
}
interface Table {
  columns: Column[];
  primaryKey: string[];
}
interface Index {
  table: string;
  unique: boolean;
  /** Column names, or expressions, normalised. */
  columns: string[];
  predicate: string | null;
}
interface Schema {
  tables: Map<string, Table>;
  /** CREATE INDEX ones, by name. */
  indexes: Map<string, Index>;
  /** UNIQUE in a table's definition: `table(columns)`; the engines name their indexes differently. */
  uniqueConstraints: string[];
  foreignKeys: string[];
  checks: string[];
  triggers: string[];
}

/**
 * Makes SQLite's and PostgreSQL's renderings of one expression comparable: PostgreSQL writes
 * `x IN (…)` as `x = ANY (ARRAY[…])`, adds casts and parentheses; case and spacing differ.
 */
function normalizeSql(s: string): string {
  return s
    .replace(/= ANY \(ARRAY\[(.*?)\]\)/g, 'IN ($1)')
    .replace(/::[a-z_]+(?: precision| varying)?(?:\[\])?/gi, '')
    .replace(/["()\s]/g, '')
    .toLowerCase();
}

/** The text inside the parenthesis that opens at `open`, skipping string literals. */
function balanced(s: string, open: number): { inner: string; end: number } {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'") {
      i = s.indexOf("'", i + 1);
      if (i < 0) break;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return { inner: s.slice(open + 1, i), end: i };
  }
  throw new Error(`unbalanced parentheses in: ${s}`);
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'") i = s.indexOf("'", i + 1);
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(s.slice(start).trim());
  return parts;
}

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const fk = (table: string, columns: string[], ref: string, refColumns: string[], onDelete: string, onUpdate: string) =>
  `${table}(${columns.join(', ')}) → ${ref}(${refColumns.join(', ')}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`;

function sqliteSchema(db: Db): Schema {
  const s: Schema = { tables: new Map(), indexes: new Map(), uniqueConstraints: [], foreignKeys: [], checks: [], triggers: [] };
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[];
  for (const { name: table, sql } of tables) {
    const info = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const primaryKey = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    // An INTEGER PRIMARY KEY of a rowid table is the rowid: SQLite numbers it when none is given.
    const rowidAlias = !/WITHOUT ROWID\s*$/i.test(sql) && primaryKey.length === 1 ? info.find((c) => c.name === primaryKey[0] && c.type.toUpperCase() === 'INTEGER')?.name : undefined;
    s.tables.set(table, {
      primaryKey,
      columns: info.map((c) => ({
        name: c.name,
        type: c.type.toUpperCase(),
        // SQLite's table_info says nullable for a TEXT primary key (a legacy quirk SQLite keeps);
        // PostgreSQL makes every primary key column NOT NULL, and the application never stores a null key.
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.dflt_value,
        identity: c.name === rowidAlias,
      })),
    });

    for (const ix of db.prepare(`PRAGMA index_list(${table})`).all() as { name: string; unique: number; origin: string }[]) {
      if (ix.origin === 'pk') continue; // compared as the primary key
      const cols = (db.prepare(`PRAGMA index_info(${ix.name})`).all() as { seqno: number; name: string | null }[]).sort((a, b) => a.seqno - b.seqno).map((c) => c.name ?? '?');
      if (ix.origin === 'u') {
        s.uniqueConstraints.push(`${table}(${cols.join(', ')})`);
        continue;
      }
      const ixSql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(ix.name) as { sql: string }).sql;
      const { inner, end } = balanced(ixSql, ixSql.indexOf('(', ixSql.search(/\bON\b/i)));
      const where = /^\s*WHERE\s+([\s\S]*)$/i.exec(ixSql.slice(end + 1));
      s.indexes.set(ix.name, { table, unique: ix.unique === 1, columns: splitTopLevel(inner).map(normalizeSql), predicate: where?.[1] ? normalizeSql(where[1]) : null });
    }

    const fks = db.prepare(`PRAGMA foreign_key_list(${table})`).all() as { id: number; seq: number; table: string; from: string; to: string; on_update: string; on_delete: string }[];
    for (const id of new Set(fks.map((f) => f.id))) {
      const parts = fks.filter((f) => f.id === id).sort((a, b) => a.seq - b.seq);
      const first = parts[0]!;
      s.foreignKeys.push(fk(table, parts.map((p) => p.from), first.table, parts.map((p) => p.to), first.on_delete, first.on_update));
    }

    for (let at = sql.search(/\bCHECK\s*\(/); at >= 0; ) {
      const { inner, end } = balanced(sql, sql.indexOf('(', at));
      s.checks.push(`${table}: ${normalizeSql(inner)}`);
      const next = sql.slice(end).search(/\bCHECK\s*\(/);
      at = next < 0 ? -1 : end + next;
    }
  }
  for (const t of db.prepare("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { tbl_name: string; sql: string }[]) {
    const m = /\b(BEFORE|AFTER|INSTEAD OF)\s+(INSERT|UPDATE|DELETE)\b/i.exec(t.sql);
    s.triggers.push(`${t.tbl_name} ${m?.[1]?.toUpperCase()} ${m?.[2]?.toUpperCase()}`);
  }
  return s;
}

async function postgresSchema(c: pg.Client): Promise<Schema> {
  const s: Schema = { tables: new Map(), indexes: new Map(), uniqueConstraints: [], foreignKeys: [], checks: [], triggers: [] };
  const columns = await c.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_identity
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const r of columns.rows) {
    let table = s.tables.get(r.table_name);
    if (!table) s.tables.set(r.table_name, (table = { columns: [], primaryKey: [] }));
    table.columns.push({
      name: r.column_name,
      type: r.data_type,
      notNull: r.is_nullable === 'NO',
      // PostgreSQL shows a default with its cast ('{}'::text); SQLite shows it as written.
      default: r.column_default === null ? null : r.column_default.replace(/::[a-z ]+$/i, ''),
      identity: r.is_identity === 'YES',
    });
  }

  const indexes = await c.query<{ name: string; table: string; unique: boolean; columns: string[]; predicate: string | null; contype: string | null }>(
    `SELECT ic.relname::text AS name, t.relname::text AS table, i.indisunique AS unique,
            ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS columns,
            pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
            con.contype::text AS contype
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u')
      WHERE n.nspname = 'public'`,
  );
  for (const ix of indexes.rows) {
    if (ix.contype === 'p') {
      s.tables.get(ix.table)!.primaryKey = ix.columns.map((col) => col.replaceAll('"', ''));
    } else if (ix.contype === 'u') {
      s.uniqueConstraints.push(`${ix.table}(${ix.columns.map((col) => col.replaceAll('"', '')).join(', ')})`);
    } else {
      s.indexes.set(ix.name, { table: ix.table, unique: ix.unique, columns: ix.columns.map(normalizeSql), predicate: ix.predicate === null ? null : normalizeSql(ix.predicate) });
    }
  }

  const fks = await c.query<{ table: string; columns: string[]; ref: string; ref_columns: string[]; confdeltype: string; confupdtype: string }>(
    `SELECT con.conrelid::regclass::text AS table, con.confrelid::regclass::text AS ref,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns,
            con.confdeltype::text AS confdeltype, con.confupdtype::text AS confupdtype
       FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
      WHERE con.contype = 'f' AND n.nspname = 'public'`,
  );
  for (const f of fks.rows) s.foreignKeys.push(fk(f.table, f.columns, f.ref, f.ref_columns, ON_DELETE[f.confdeltype]!, ON_DELETE[f.confupdtype]!));

  const checks = await c.query<{ table: string; def: string }>(
    `SELECT con.conrelid::regclass::text AS table, pg_get_constraintdef(con.oid) AS def
       FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
      WHERE con.contype = 'c' AND n.nspname = 'public' AND con.conrelid <> 0`,
  );
  for (const ch of checks.rows) s.checks.push(`${ch.table}: ${normalizeSql(ch.def.replace(/^CHECK\s*/, ''))}`);

  // information_schema lists INSERT, UPDATE and DELETE triggers only: the TRUNCATE guard, which
  // SQLite has no counterpart of, is proven by behaviour below.
  const triggers = await c.query<{ table: string; timing: string; event: string }>(
    `SELECT event_object_table AS table, action_timing AS timing, event_manipulation AS event
       FROM information_schema.triggers WHERE trigger_schema = 'public'`,
  );
  for (const t of triggers.rows) s.triggers.push(`${t.table} ${t.timing} ${t.event}`);
  return s;
}

// ---- The type mapping (see the first comment of postgres-schema.ts) ----

/** 0/1 flags: integer on PostgreSQL; every other SQLite INTEGER is bigint. */
const FLAGS = new Set(['users.must_change_password', 'manifests.announced']);
/** Rowid aliases whose value is always given, so PostgreSQL need not number them. */
const NOT_IDENTITY = new Set(['schema_migrations.version']);

function expectedType(table: string, column: Column): string {
  switch (column.type) {
    case 'TEXT':
      return 'text';
    case 'REAL':
      return 'double precision';
    case 'BLOB':
      return 'bytea';
    case 'INTEGER':
      return FLAGS.has(`${table}.${column.name}`) ? 'integer' : 'bigint';
    default:
      return `(no mapping for SQLite type ${column.type})`;
  }
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

/** A statement's outcome as one line: a failure's SQLSTATE and message, or what it did. */
const outcome = (sql: string, params: unknown[] = []) =>
  pgc()
    .query(sql, params)
    .then(
      (r) => `accepted: ${r.command} ${r.rowCount}`,
      (e: { code?: string; message: string }) => `${e.code} ${e.message}`,
    );

describe('the PostgreSQL baseline schema', () => {
  let lite: Schema;
  let post: Schema;
  beforeAll(async () => {
    lite = sqliteSchema(sqlite!);
    post = await postgresSchema(pgc());
  });

  it('is built by the baseline and then every later migration, each of which has its PostgreSQL text', () => {
    const later = migrations.filter((m) => m.version > POSTGRES_BASELINE_VERSION);
    for (const m of later) expect(m.postgres, `migration ${m.version} (${m.name}) needs its PostgreSQL text`).toBeTruthy();
    expect(applied).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
  });

  it('has the same tables', () => {
    expect(sorted(post.tables.keys())).toEqual(sorted(lite.tables.keys()));
  });

  it('has the same columns, in the same order, with the mapped types, NOT NULL, defaults and identities', () => {
    const problems: string[] = [];
    for (const [table, l] of lite.tables) {
      const p = post.tables.get(table);
      if (!p) {
        problems.push(`${table}: in SQLite, missing on PostgreSQL`);
        continue;
      }
      for (const lc of l.columns) {
        const pc = p.columns.find((c) => c.name === lc.name);
        const at = `${table}.${lc.name}`;
        if (!pc) {
          problems.push(`${at}: in SQLite, missing on PostgreSQL`);
          continue;
        }
        if (pc.type !== expectedType(table, lc)) problems.push(`${at}: SQLite ${lc.type} should be ${expectedType(table, lc)} on PostgreSQL, is ${pc.type}`);
        if (pc.notNull !== lc.notNull) problems.push(`${at}: ${lc.notNull ? 'NOT NULL' : 'nullable'} in SQLite, ${pc.notNull ? 'NOT NULL' : 'nullable'} on PostgreSQL`);
        if (pc.default !== lc.default) problems.push(`${at}: default ${lc.default} in SQLite, ${pc.default} on PostgreSQL`);
        const identity = lc.identity && !NOT_IDENTITY.has(at);
        if (pc.identity !== identity) problems.push(`${at}: ${identity ? 'SQLite numbers it (rowid), PostgreSQL should be an identity' : 'not an identity in SQLite'}, identity on PostgreSQL: ${pc.identity}`);
      }
      for (const pc of p.columns) if (!l.columns.some((c) => c.name === pc.name)) problems.push(`${table}.${pc.name}: on PostgreSQL only`);
      const order = (cols: Column[]) => cols.map((c) => c.name).join(', ');
      // Order only once the same columns are there, so one missing column is not reported twice.
      const sameSet = order([...p.columns].sort((a, b) => a.name.localeCompare(b.name))) === order([...l.columns].sort((a, b) => a.name.localeCompare(b.name)));
      if (sameSet && order(p.columns) !== order(l.columns)) problems.push(`${table}: columns in SQLite (${order(l.columns)}), on PostgreSQL (${order(p.columns)})`);
    }
    expect(problems).toEqual([]);
  });

  it('has the same primary keys', () => {
    for (const [table, l] of lite.tables) expect(post.tables.get(table)?.primaryKey, `primary key of ${table}`).toEqual(l.primaryKey);
  });

  it('has the same indexes: names, uniqueness, columns and predicates', () => {
    // One comparison of the whole sets, so a failure lists every index that differs at once.
    const byName = (m: Map<string, Index>) => Object.fromEntries(sorted(m.keys()).map((name) => [name, m.get(name)]));
    expect(byName(post.indexes)).toEqual(byName(lite.indexes));
    // Partial ones are really partial, whatever the normalisation made of them.
    expect(sorted([...post.indexes].filter(([, ix]) => ix.predicate).map(([name]) => name))).toEqual(['alert_deliveries_due', 'alerts_open', 'board_intervals_open', 'changes_open', 'manifests_unannounced']);
    expect(sorted(post.uniqueConstraints)).toEqual(sorted(lite.uniqueConstraints));
  });

  it('has the same foreign keys with the same ON DELETE rules', () => {
    expect(sorted(post.foreignKeys)).toEqual(sorted(lite.foreignKeys));
    expect(post.foreignKeys.length).toBeGreaterThan(0);
  });

  it('has the same CHECK constraints', () => {
    expect(sorted(post.checks)).toEqual(sorted(lite.checks));
    expect(post.checks.length).toBe(6);
  });

  it('has the same triggers', () => {
    expect(sorted(post.triggers)).toEqual(sorted(lite.triggers));
  });

  it('records every migration as applied, with its name', async () => {
    const r = await pgc().query<{ version: string; name: string; applied_at: string }>('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    expect(r.rows.map((row) => [Number(row.version), row.name])).toEqual([...migrations].sort((a, b) => a.version - b.version).map((m) => [m.version, m.name]));
    for (const row of r.rows) expect(Math.abs(Number(row.applied_at) - Date.now())).toBeLessThan(60_000);
  });
});

describe('the audit log on PostgreSQL', () => {
  it('takes new records and refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { rows } = await pgc().query<{ seq: string }>(
      `INSERT INTO audit_log (at, actor_kind, actor_name, actor_roles, action, prev_hash, hash)
       VALUES ($1, 'system', 'system', '[]', 'audit.test', 'p', 'h') RETURNING seq`,
      [Date.now()],
    );
    const seq = rows[0]!.seq;
    // 23000: a constraint violation, as SQLite reports its RAISE(ABORT) (SQLITE_CONSTRAINT_TRIGGER).
    const refused = '23000 the audit log is append-only';
    expect(await outcome("UPDATE audit_log SET action = 'forged' WHERE seq = $1", [seq])).toBe(refused);
    expect(await outcome('DELETE FROM audit_log WHERE seq = $1', [seq])).toBe(refused);
    expect(await outcome('TRUNCATE audit_log')).toBe(refused);
    const after = await pgc().query('SELECT action FROM audit_log WHERE seq = $1', [seq]);
    expect(after.rows).toEqual([{ action: 'audit.test' }]);
  });
});

describe('identity columns', () => {
  // One row for each identity column's table; `n` keeps unique columns unique.
  const tables: { table: string; id: string; columns: string; values: (n: number) => unknown[] }[] = [
    { table: 'users', id: 'id', columns: 'username, password_hash, created_at', values: (n) => [`copied-${n}`, 'hash', Date.now()] },
    {
      table: 'alerts',
      id: 'id',
      columns: 'kind, board_id, board_name, time_zone, episode, since, opened_at, detail, detail_en',
      values: (n) => ['offline', 'b', 'B', 'Asia/Ho_Chi_Minh', `e${n}`, Date.now(), Date.now(), 'chi tiết', 'detail'],
    },
    { table: 'alert_deliveries', id: 'id', columns: 'event, channel, created_at, next_attempt_at', values: (n) => [`digest-${n}`, 'email', Date.now(), Date.now()] },
    { table: 'audit_log', id: 'seq', columns: 'at, actor_kind, actor_name, actor_roles, action, prev_hash, hash', values: (n) => [Date.now(), 'system', 'copy', '[]', `copy.${n}`, 'p', 'h'] },
  ];
  const placeholders = (count: number, from = 1) => Array.from({ length: count }, (_, i) => `$${i + from}`).join(', ');

  it('covers every identity column in resetIdentitySql()', async () => {
    const r = await pgc().query<{ table_name: string; column_name: string }>("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'");
    expect(sorted(r.rows.map((c) => `${c.table_name}.${c.column_name}`))).toEqual(sorted(tables.map((t) => `${t.table}.${t.id}`)));
    for (const c of r.rows) expect(resetIdentitySql()).toContain(`pg_get_serial_sequence('${c.table_name}', '${c.column_name}')`);
  });

  it('take explicit ids, and after resetIdentitySql() number new rows past them', async () => {
    let n = 0;
    const insertDefault = (t: (typeof tables)[number]) => `INSERT INTO ${t.table} (${t.columns}) VALUES (${placeholders(t.values(0).length)}) RETURNING ${t.id} AS id`;
    const copied = new Map<string, number>();
    for (const t of tables) {
      // Copied rows take the very ids the sequence would hand out next: the next default id collides,
      // which is what resetIdentitySql() is for.
      const seq = (await pgc().query<{ s: string }>('SELECT pg_get_serial_sequence($1, $2) AS s', [t.table, t.id])).rows[0]!.s;
      const state = (await pgc().query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM ${seq}`)).rows[0]!;
      const next = Number(state.last_value) + (state.is_called ? 1 : 0);
      for (const id of [next, next + 1]) {
        const values = t.values(++n);
        await pgc().query(`INSERT INTO ${t.table} (${t.id}, ${t.columns}) VALUES ($1, ${placeholders(values.length, 2)})`, [id, ...values]);
      }
      copied.set(t.table, next + 1);
      expect(await outcome(insertDefault(t), t.values(++n)), t.table).toMatch(/^23505 duplicate key value/);
    }

    await pgc().query(resetIdentitySql());
    for (const t of tables) {
      const { rows } = await pgc().query<{ id: string }>(insertDefault(t), t.values(++n));
      expect(Number(rows[0]!.id), t.table).toBe(copied.get(t.table)! + 1);
    }
  });
});

describe('millisecond instants', () => {
  it('fit every *_at column: they are all bigint', async () => {
    const { tables } = await postgresSchema(pgc());
    const problems: string[] = [];
    for (const [table, t] of tables) {
      for (const c of t.columns) if (/(^|_)at$|^since$/.test(c.name) && c.type !== 'bigint') problems.push(`${table}.${c.name} is ${c.type}`);
    }
    expect(problems).toEqual([]);
  });

  it('store and read back Date.now(), past 32 bits', async () => {
    const now = Date.now();
    expect(now).toBeGreaterThan(2 ** 31);
    await pgc().query("INSERT INTO boards (id, name, width, height, time_zone, pitch_mm, created_at) VALUES ('cua-ngo', 'Cửa ngõ', 576, 288, 'Asia/Ho_Chi_Minh', 10, $1)", [now]);
    const r = await pgc().query<{ created_at: number; display: string }>("SELECT created_at, display FROM boards WHERE id = 'cua-ngo'");
    // Read as a number, exact (the store's int8 parser, controller/store/postgres.ts).
    expect(r.rows).toEqual([{ created_at: now, display: '{"brightness":[],"powerOff":[]}' }]);
  });
});
