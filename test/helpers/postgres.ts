// A PostgreSQL database of the test's own on the server every machine runs (127.0.0.1:5432, trust
// auth, user postgres), created for the test and dropped after it: tests never see each other's
// data, locks or schemas.
import crypto from 'node:crypto';
import pg from 'pg';

export const PG_SERVER = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_SERVER });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ledgate_test_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    // WITH (FORCE) ends sessions still connected (a killed process's, say).
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

/**
 * Which engine the suite's controllers run on: `TEST_DATABASE=postgres` runs every controller the
 * helpers start (and every CLI call over its data directory) on a PostgreSQL database of its own;
 * otherwise on SQLite, the embedded default. `npm test` runs the integration suite both ways.
 */
export const TEST_ON_POSTGRES = process.env.TEST_DATABASE === 'postgres';

// A controller restarted over the same data directory finds the same database.
const byDataDir = new Map<string, TestDatabase>();

/** The database a test controller over dataDir uses (created at first ask), or null on SQLite. */
export async function databaseFor(dataDir: string): Promise<string | null> {
  if (!TEST_ON_POSTGRES) return null;
  let d = byDataDir.get(dataDir);
  if (!d) {
    d = await createTestDatabase();
    byDataDir.set(dataDir, d);
  }
  return d.url;
}

/** The database already made for dataDir, if any (for a CLI call or a process over it). */
export function knownDatabaseFor(dataDir: string): string | null {
  return byDataDir.get(dataDir)?.url ?? null;
}

export async function dropDatabaseFor(dataDir: string): Promise<void> {
  const d = byDataDir.get(dataDir);
  byDataDir.delete(dataDir);
  await d?.drop();
}

/** Makes CLI calls over dataDir use this database (a test that set one up itself). */
export function useDatabaseFor(dataDir: string, database: TestDatabase): void {
  byDataDir.set(dataDir, database);
}
