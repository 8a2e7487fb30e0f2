// Everything a process needs over one installation: database (the SQLite file under the data
// directory, or PostgreSQL at databaseUrl), store, renditions, services. Shared by the server, the
// CLI and the tests so they all wire the controller the same way. The store is exposed for tests
// and benchmarks only: the server and the CLI use the services.
import fs from 'node:fs';
import path from 'node:path';
import { BadRequest } from './errors.ts';
import { loadFonts } from './render/fonts.ts';
import { Renditions } from './render/renditions.ts';
import { createServices } from './services/index.ts';
import type { ServiceOptions, Services } from './services/index.ts';
import { openDatabase } from './store/database.ts';
import { createPostgresStore, createStore } from './store/index.ts';
import { migratePostgres, openPool } from './store/postgres.ts';
import { advisoryLeadership } from './store/leadership.ts';
import type { Leadership } from './store/leadership.ts';
import { copyToPostgres } from './store/copy-to-postgres.ts';
import type { MediaFile, TableCount } from './store/copy-to-postgres.ts';
import type { Store } from './store/index.ts';

export interface Context {
  services: Services;
  store: Store;
  /**
   * On PostgreSQL, where several processes may share the data: which one runs the scheduled jobs
   * (an advisory lock; the caller closes it). On SQLite: null, this process runs them.
   */
  jobLeadership(log: (message: string, err?: unknown) => void): Leadership | null;
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
  // On PostgreSQL the media live in the database too, for every process (Renditions).
  const renditions = new Renditions(store.media, path.join(dataDir, 'media'), now, opts.minCapHeightPx, store.dialect === 'postgres');
  const databaseUrl = opts.databaseUrl;
  return {
    services: createServices(store, renditions, now, opts),
    store,
    jobLeadership: (log) => (databaseUrl ? advisoryLeadership(databaseUrl, { log }) : null),
    close: () => store.close(),
  };
}

/**
 * Copies the installation under dataDir (its SQLite file and media files) into an empty
 * PostgreSQL database at databaseUrl, and counts the rows on both sides (`npm run cli --
 * migrate-to-postgres`). The SQLite file is brought up to date first, then only read.
 */
export async function migrateToPostgres(dataDir: string, databaseUrl: string, progress?: (table: string, copied: number, total: number) => void): Promise<TableCount[]> {
  const file = path.join(dataDir, 'ledgate.sqlite');
  if (!fs.existsSync(file)) {
    throw new BadRequest({ vi: `Không có cơ sở dữ liệu SQLite tại ${file}: hãy đặt DATA_DIR là thư mục của bản cài đặt cần chép.`, en: `No SQLite database at ${file}: set DATA_DIR to the installation to copy.` });
  }
  const db = openDatabase(dataDir);
  const mediaDir = path.join(dataDir, 'media');
  const media: MediaFile[] = fs.existsSync(mediaDir)
    ? (fs.readdirSync(mediaDir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((d) => d.isFile() && !d.name.endsWith('.tmp'))
        .map((d) => {
          const full = path.join(d.parentPath, d.name);
          return { name: path.relative(mediaDir, full).split(path.sep).join('/'), read: () => fs.readFileSync(full) };
        })
        .sort((a, b) => a.name.localeCompare(b.name))
    : [];
  const pool = openPool(databaseUrl);
  try {
    await migratePostgres(pool);
    const client = await pool.connect();
    try {
      return await copyToPostgres(db, client, media, progress);
    } finally {
      client.release();
    }
  } finally {
    db.close();
    await pool.end();
  }
}
