// Everything a process needs over one data directory: database, store, renditions, services.
// Shared by the server, the CLI and the tests so they all wire the controller the same way. The
// store is exposed for tests and benchmarks only: the server and the CLI use the services.
import path from 'node:path';
import { loadFonts } from './render/fonts.ts';
import { Renditions } from './render/renditions.ts';
import { createServices } from './services/index.ts';
import type { ServiceOptions, Services } from './services/index.ts';
import { openDatabase } from './store/database.ts';
import { createStore } from './store/index.ts';
import type { Store } from './store/index.ts';

export interface Context {
  services: Services;
  store: Store;
  close(): void;
}

export function openContext(dataDir: string, now: () => number = Date.now, opts: { minCapHeightPx?: number } & ServiceOptions = {}): Context {
  loadFonts();
  const db = openDatabase(dataDir);
  const store = createStore(db);
  const renditions = new Renditions(store.media, path.join(dataDir, 'media'), now, opts.minCapHeightPx);
  return { services: createServices(store, renditions, now, opts), store, close: () => db.close() };
}
