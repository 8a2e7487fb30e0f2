// The player's own copy of every image its manifest names, so it plays with the controller gone:
// Cache Storage in a secure context (localhost, HTTPS — where the service worker also serves them),
// IndexedDB otherwise. Images are shown from object URLs of the stored copies; images no longer in
// the manifest are evicted.
import { openDb, request, tx } from './idb.ts';

const CACHE = 'ledgate-media-v1';
const STORE = 'media';

interface Backend {
  get(url: string): Promise<Blob | null>;
  put(url: string, blob: Blob): Promise<void>;
  keys(): Promise<string[]>;
  remove(url: string): Promise<void>;
}

class CacheStorageBackend implements Backend {
  constructor(private readonly cache: Cache) {}
  async get(url: string): Promise<Blob | null> {
    const res = await this.cache.match(url);
    return res ? res.blob() : null;
  }
  async put(url: string, blob: Blob): Promise<void> {
    await this.cache.put(url, new Response(blob, { headers: { 'content-type': blob.type } }));
  }
  async keys(): Promise<string[]> {
    return (await this.cache.keys()).map((r) => new URL(r.url).pathname);
  }
  async remove(url: string): Promise<void> {
    await this.cache.delete(url);
  }
}

class IdbBackend implements Backend {
  constructor(private readonly db: IDBDatabase) {}
  async get(url: string): Promise<Blob | null> {
    return ((await request(tx(this.db, STORE, 'readonly').get(url))) as Blob | undefined) ?? null;
  }
  async put(url: string, blob: Blob): Promise<void> {
    await request(tx(this.db, STORE, 'readwrite').put(blob, url));
  }
  async keys(): Promise<string[]> {
    return (await request(tx(this.db, STORE, 'readonly').getAllKeys())) as string[];
  }
  async remove(url: string): Promise<void> {
    await request(tx(this.db, STORE, 'readwrite').delete(url));
  }
}

export class AssetCache {
  private readonly objectUrls: Record<string, string> = {};
  private readonly sizes: Record<string, number> = {};

  private constructor(
    private readonly backend: Backend | null,
    readonly kind: 'cache-storage' | 'indexeddb' | 'none',
  ) {}

  static async open(): Promise<AssetCache> {
    try {
      if (window.isSecureContext && 'caches' in window) return new AssetCache(new CacheStorageBackend(await caches.open(CACHE)), 'cache-storage');
    } catch {
      // fall through to IndexedDB
    }
    try {
      return new AssetCache(new IdbBackend(await openDb('ledgate-media', [STORE])), 'indexeddb');
    } catch {
      return new AssetCache(null, 'none');
    }
  }

  /** What is held: images and bytes. */
  usage(): { kind: string; items: number; bytes: number } {
    let bytes = 0;
    for (const u of Object.keys(this.sizes)) bytes += this.sizes[u]!;
    return { kind: this.kind, items: Object.keys(this.sizes).length, bytes };
  }

  /** The URL to show: an object URL of the stored copy, or the network URL if there is none. */
  url(url: string): string {
    return this.objectUrls[url] ?? url;
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Runs one cache operation after another: two syncs at once would evict each other's files. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Makes the stored copies of these URLs showable, without the network (at boot, offline). */
  restore(urls: string[]): Promise<void> {
    return this.serial(async () => {
      for (const u of urls) {
        if (this.objectUrls[u] || !this.backend) continue;
        const blob = await this.backend.get(u).catch(() => null);
        if (blob) this.hold(u, blob);
      }
    });
  }

  /**
   * Stores every URL (fetching what is missing), then evicts what is no longer named — only once
   * everything is here, so a failed download never costs the copies still in use. Rejects if any
   * URL could not be stored.
   */
  sync(urls: string[]): Promise<void> {
    return this.serial(async () => {
      const wanted: Record<string, true> = {};
      for (const u of urls) wanted[u] = true;
      const errors: string[] = [];
      for (const u of Object.keys(wanted)) {
        if (this.objectUrls[u]) continue;
        try {
          let blob = this.backend ? await this.backend.get(u) : null;
          if (!blob) {
            const res = await fetch(u);
            if (!res.ok) throw new Error(`${res.status}`);
            blob = await res.blob();
            if (this.backend) await this.backend.put(u, blob);
          }
          this.hold(u, blob);
        } catch (e) {
          errors.push(`${u}: ${(e as Error).message}`);
        }
      }
      if (errors.length) throw new Error(`could not cache ${errors.join(', ')}`);
      for (const u of Object.keys(this.objectUrls)) {
        if (wanted[u]) continue;
        URL.revokeObjectURL(this.objectUrls[u]!);
        delete this.objectUrls[u];
        delete this.sizes[u];
      }
      if (this.backend) for (const k of await this.backend.keys()) if (!wanted[k]) await this.backend.remove(k);
    });
  }

  private hold(u: string, blob: Blob): void {
    if (this.objectUrls[u]) URL.revokeObjectURL(this.objectUrls[u]!);
    this.objectUrls[u] = URL.createObjectURL(blob);
    this.sizes[u] = blob.size;
  }
}
