// Proof-of-play records kept in IndexedDB across reloads and power cuts; in memory if the box's
// browser has no IndexedDB.
import { openDb, request, tx } from './idb.ts';
import { MemoryPopStore } from './pop-queue.ts';
import type { PopRecord, PopStore } from './pop-queue.ts';

const STORE = 'pop';

class IdbPopStore implements PopStore {
  constructor(private readonly db: IDBDatabase) {}
  async put(r: PopRecord): Promise<void> {
    // Keyed by start time then id: the oldest come first.
    await request(tx(this.db, STORE, 'readwrite').put(r, `${String(r.startedAt).padStart(15, '0')}|${r.id}`));
  }
  async oldest(limit: number): Promise<PopRecord[]> {
    return request(tx(this.db, STORE, 'readonly').getAll(undefined, limit) as IDBRequest<PopRecord[]>);
  }
  async remove(ids: string[]): Promise<void> {
    const wanted: Record<string, true> = {};
    for (const id of ids) wanted[id] = true;
    const store = tx(this.db, STORE, 'readwrite');
    const keys = (await request(store.getAllKeys())) as string[];
    await Promise.all(keys.filter((k) => wanted[k.slice(k.indexOf('|') + 1)]).map((k) => request(store.delete(k))));
  }
  async count(): Promise<number> {
    return request(tx(this.db, STORE, 'readonly').count());
  }
}

export async function openPopStore(): Promise<PopStore> {
  try {
    return new IdbPopStore(await openDb('ledgate-pop', [STORE]));
  } catch {
    return new MemoryPopStore();
  }
}
