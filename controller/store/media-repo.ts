// Renditions (what a render request produced, by cache key) and uploaded pictures (masters).
import { Repo } from './repo.ts';

export interface RenditionMeta {
  /** Cap height of the text drawn, px (text, QR caption). */
  capHeightPx?: number;
  /** Scroll strips: the strip's width, px. */
  stripWidth?: number;
  /** QR codes: pixels per module. */
  modulePx?: number;
}

export interface RenditionRow {
  sha256: string;
  ext: 'png' | 'webp';
  width: number;
  height: number;
  bytes: number;
  meta: RenditionMeta;
}

export interface MediaRow {
  sha256: string;
  format: 'png' | 'jpeg' | 'webp';
  width: number;
  height: number;
  bytes: number;
  originalName: string | null;
  uploadedBy: string;
  createdAt: number;
}

export class MediaRepo extends Repo {
  async byCacheKey(cacheKey: string): Promise<RenditionRow | undefined> {
    const row = (await this.sql.get('SELECT sha256, ext, width, height, bytes, meta FROM renditions WHERE cache_key = ?', cacheKey)) as (Omit<RenditionRow, 'meta'> & { meta: string }) | undefined;
    return row ? { ...row, meta: JSON.parse(row.meta) as RenditionMeta } : undefined;
  }

  async insert(cacheKey: string, r: RenditionRow, now: number): Promise<void> {
    await this.sql.run('INSERT INTO renditions (cache_key, sha256, ext, width, height, bytes, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(cache_key) DO NOTHING', cacheKey,
      r.sha256,
      r.ext,
      r.width,
      r.height,
      r.bytes,
      JSON.stringify(r.meta),
      now,);
  }

  /** Renditions created before `before` whose image no manifest names; returns their sha256s. */
  async pruneUnused(keep: Set<string>, before: number): Promise<{ sha256: string; ext: string }[]> {
    const rows = (await this.sql.all('SELECT cache_key AS "cacheKey", sha256, ext FROM renditions WHERE created_at < ?', before)) as { cacheKey: string; sha256: string; ext: string }[];
    const gone = rows.filter((r) => !keep.has(r.sha256));
    for (const r of gone) await this.sql.run('DELETE FROM renditions WHERE cache_key = ?', r.cacheKey);
    const stillUsed = new Set((await this.sql.column('SELECT sha256 FROM renditions')) as string[]);
    return gone.filter((r) => !stillUsed.has(r.sha256)).map((r) => ({ sha256: r.sha256, ext: r.ext }));
  }

  async insertMedia(m: MediaRow): Promise<void> {
    await this.sql.run('INSERT INTO media (sha256, format, width, height, bytes, original_name, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING', m.sha256,
      m.format,
      m.width,
      m.height,
      m.bytes,
      m.originalName,
      m.uploadedBy,
      m.createdAt,);
  }

  async media(sha256: string): Promise<MediaRow | undefined> {
    return (await this.sql.get('SELECT sha256, format, width, height, bytes, original_name AS "originalName", uploaded_by AS "uploadedBy", created_at AS "createdAt" FROM media WHERE sha256 = ?', sha256)) as MediaRow | undefined;
  }

  async listMedia(): Promise<MediaRow[]> {
    return (await this.sql.all('SELECT sha256, format, width, height, bytes, original_name AS "originalName", uploaded_by AS "uploadedBy", created_at AS "createdAt" FROM media ORDER BY created_at DESC')) as MediaRow[];
  }

  /** Keeps a media file's bytes under its path below the media directory (written once). */
  async putBlob(name: string, bytes: Buffer, now: number): Promise<void> {
    await this.sql.run('INSERT INTO media_blobs (name, bytes, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', name, bytes, now);
  }

  async blob(name: string): Promise<Buffer | undefined> {
    return this.sql.value<Buffer>('SELECT bytes FROM media_blobs WHERE name = ?', name);
  }

  async deleteBlobs(names: readonly string[]): Promise<void> {
    await this.inChunks(names, (any) => `DELETE FROM media_blobs WHERE ${any('name')} RETURNING name`);
  }
}
