// Copies an installation's SQLite data into an empty PostgreSQL database (`npm run cli --
// migrate-to-postgres`), then checks the copy: every table's row count on both sides, and the
// identity sequences moved past the copied ids. One PostgreSQL transaction: a copy that fails
// half-way leaves the target as empty as it was. The SQLite file is only read.
//
// Tables are copied parents first (from SQLite's own foreign keys), in batches of multi-row
// INSERTs, column by column by name: the two schemas are the same (test/integration/
// postgres-schema.test.ts compares their catalogs).
import type pg from 'pg';
import type { Db } from './database.ts';
import { resetIdentitySql } from './postgres-schema.ts';

export interface TableCount {
  table: string;
  sqlite: number;
  postgres: number;
}

export class TargetNotEmpty extends Error {
  constructor(readonly tables: string[]) {
    super(`tables ${tables.join(', ')} hold rows`);
    this.name = 'TargetNotEmpty';
  }
}

/** PostgreSQL binds at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;
const MAX_ROWS = 1000;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The tables to copy, each after the tables it refers to. */
export function copyOrder(db: Db): string[] {
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name").pluck().all() as string[]);
  const parents = new Map(tables.map((t) => [t, new Set((db.prepare(`SELECT "table" FROM pragma_foreign_key_list(?)`).pluck().all(t) as string[]).filter((p) => p !== t))]));
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !parents.has(p)));
    if (!next) throw new Error('the foreign keys between tables form a cycle');
    order.push(next);
    placed.add(next);
  }
  return order;
}

/** A media file to copy into media_blobs: its path below the media directory, and its bytes. */
export interface MediaFile {
  name: string;
  read(): Buffer;
}

const MEDIA_TABLE = 'media_blobs';

export async function copyToPostgres(
  db: Db,
  client: pg.PoolClient,
  media: readonly MediaFile[],
  progress: (table: string, copied: number, total: number) => void = () => {},
): Promise<TableCount[]> {
  const tables = copyOrder(db);
  const holding: string[] = [];
  for (const t of tables) {
    if ((await client.query(`SELECT 1 FROM ${quote(t)} LIMIT 1`)).rowCount) holding.push(t);
  }
  if (holding.length) throw new TargetNotEmpty(holding);

  await client.query('BEGIN');
  try {
    for (const table of tables) {
      const columns = (db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[]);
      const total = db.prepare(`SELECT COUNT(*) FROM ${quote(table)}`).pluck().get() as number;
      const perInsert = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
      const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
      let batch: unknown[][] = [];
      let copied = 0;
      const flush = async () => {
        if (!batch.length) return;
        const values: unknown[] = [];
        const rows = batch.map((row) => `(${row.map((v) => `$${values.push(v)}`).join(', ')})`);
        await client.query(head + rows.join(', '), values);
        copied += batch.length;
        batch = [];
        progress(table, copied, total);
      };
      // rowid order: the order the rows were written in (kept for tables read in that order).
      for (const row of db.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`).raw().iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length >= perInsert) await flush();
      }
      await flush();
      progress(table, copied, total);
    }
    // The files under DATA_DIR/media: on PostgreSQL every process reads them from the database.
    let copied = 0;
    for (const file of media) {
      await client.query(`INSERT INTO ${MEDIA_TABLE} (name, bytes, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`, [file.name, file.read(), Date.now()]);
      progress('media files', ++copied, media.length);
    }
    await client.query(resetIdentitySql());
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }

  const count = async (table: string) => Number(((await client.query(`SELECT COUNT(*) AS n FROM ${quote(table)}`)).rows[0] as { n: number }).n);
  const counts: TableCount[] = [];
  for (const table of tables) {
    const sqlite = db.prepare(`SELECT COUNT(*) FROM ${quote(table)}`).pluck().get() as number;
    // media_blobs is empty in SQLite (its media are files): the files are what it must hold.
    counts.push({ table, sqlite: table === MEDIA_TABLE ? sqlite + media.length : sqlite, postgres: await count(table) });
  }
  return counts;
}
