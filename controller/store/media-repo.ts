// Renditions: which content-addressed image (sha256) a given render request produced.
import { Repo } from './repo.ts';

export interface RenditionRow {
  sha256: string;
  width: number;
  height: number;
  bytes: number;
}

export class MediaRepo extends Repo {
  byCacheKey(cacheKey: string): RenditionRow | undefined {
    return this.q('SELECT sha256, width, height, bytes FROM renditions WHERE cache_key = ?').get(cacheKey) as RenditionRow | undefined;
  }

  insert(cacheKey: string, r: RenditionRow, now: number): void {
    this.q('INSERT INTO renditions (cache_key, sha256, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(cache_key) DO NOTHING')
      .run(cacheKey, r.sha256, r.width, r.height, r.bytes, now);
  }
}
