// Renditions: which content-addressed image (sha256) a given render request produced.
import type { Db } from './database.ts';

export interface RenditionRow {
  sha256: string;
  width: number;
  height: number;
  bytes: number;
}

export class MediaRepo {
  constructor(private readonly db: Db) {}

  byCacheKey(cacheKey: string): RenditionRow | undefined {
    return this.db.prepare('SELECT sha256, width, height, bytes FROM renditions WHERE cache_key = ?').get(cacheKey) as RenditionRow | undefined;
  }

  insert(cacheKey: string, r: RenditionRow, now: number): void {
    this.db
      .prepare('INSERT INTO renditions (cache_key, sha256, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(cache_key) DO NOTHING')
      .run(cacheKey, r.sha256, r.width, r.height, r.bytes, now);
  }
}
