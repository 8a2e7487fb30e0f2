// Everything a process needs over one installation: database (the SQLite file under the data
// directory, or PostgreSQL at databaseUrl), store, renditions, services. Shared by the server, the
// CLI and the tests so they all wire the controller the same way. The store is exposed for tests
// and benchmarks only: the server and the CLI use the services.
import path from 'node:path';
import { loadFonts } from './render/fonts.ts';
import { Renditions } from './render/renditions.ts';
import { createServices } from './services/index.ts';
import type { ServiceOptions, Services } from './services/index.ts';
import { openDatabase } from './store/database.ts';
import { createPostgresStore, createStore } from './store/index.ts';
import { migratePostgres, openPool } from './store/postgres.ts';
import type { Store } from './store/index.ts';

export interface Context {
  services: Services;
  store: Store;
  close(): Promise<void>;
}

/** Opens the store: PostgreSQL at databaseUrl (schema brought up to date), else the SQLite file under dataDir. */
export async function openStore(dataDir: string, databaseUrl?: string | null): Promise<Store> {
  if (!databaseUrl) return createStore(openDatabase(dataDir));
  const pool = openPool(databaseUrl);
  try {
    await migratePostgres(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return createPostgresStore(pool);
}

export async function openContext(
  dataDir: string,
  now: () => number = Date.now,
  opts: { minCapHeightPx?: number; databaseUrl?: string | null } & ServiceOptions = {},
): Promise<Context> {
  loadFonts();
  const store = await openStore(dataDir, opts.databaseUrl);
  const renditions = new Renditions(store.media, path.join(dataDir, 'media'), now, opts.minCapHeightPx);
  return { services: createServices(store, renditions, now, opts), store, close: () => store.close() };
}
