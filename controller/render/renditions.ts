// Renditions: a slide drawn for one board size, stored once under the sha256 of its bytes
// (DATA_DIR/media/<sha256>.<png|webp>) and served at an immutable URL. With `shared` (PostgreSQL,
// several processes), every media file written here is also kept in the database, and a file this
// process lacks on its disk is fetched from there once and kept: a rendition drawn by one process
// is served by all. The cache key covers
// everything that changes the pixels — slide content and style, board size, font file hashes,
// background picture, minimum size, renderer version — so a repeated request never draws again,
// across restarts too.
import crypto from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import path from 'node:path';
import type { BoardSize } from '../../playlists/board.ts';
import type { Slide } from '../../playlists/slide.ts';
import { resolveStyle } from '../../playlists/slide.ts';
import { BadRequest, NotFound } from '../errors.ts';
import type { MediaRepo, RenditionMeta, RenditionRow } from '../store/media-repo.ts';
import { getFont } from './fonts.ts';
import { fitToBoard } from './image-pipeline.ts';
import { renderQr } from './qr-slide.ts';
import { DEFAULT_MIN_CAP_HEIGHT_PX, renderScrollStrip, renderText } from './text-slide.ts';

/** Bump when drawing changes in a way that alters pixels for the same input. */
export const RENDERER_VERSION = 2;
/** Drawings at once (see paint). */
const PAINT_SLOTS = 2;

export interface Rendition extends RenditionRow {
  url: string;
}

/** Writes a content-addressed file once, via a temporary name: a reader never sees half a file. */
export function writeFileOnce(file: string, bytes: Buffer): void {
  if (fs.existsSync(file)) return;
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

export function mediaUrl(sha256: string, ext: 'png' | 'webp' = 'png'): string {
  return `/media/${sha256}.${ext}`;
}

export class Renditions {
  private readonly inFlight = new Map<string, Promise<Rendition>>();
  /** Renditions known to be on disk, by cache key: the hot path of compiling many boards. */
  private readonly known = new Map<string, Rendition>();
  private readonly keys = new Map<string, string>();
  private readonly drawnListeners = new Set<(seconds: number, kind: Slide['kind']) => void>();

  constructor(
    private readonly repo: MediaRepo,
    readonly mediaDir: string,
    private readonly now: () => number = Date.now,
    readonly minCapPx: number = DEFAULT_MIN_CAP_HEIGHT_PX,
    /** Media bytes kept in the database too, for every process (PostgreSQL). */
    private readonly shared = false,
  ) {
    fs.mkdirSync(path.join(mediaDir, 'masters'), { recursive: true });
    fs.mkdirSync(path.join(mediaDir, 'thumbs'), { recursive: true });
  }

  /** Everything that changes the pixels of this slide at this size. */
  cacheKey(slide: Slide, size: BoardSize): string {
    // Only what changes the pixels: not the id, name, timing or the legacy-text confirmation.
    const { id: _id, name: _name, durationSeconds: _d, transition: _t, acceptLegacyLookingText: _a, ...content } = slide;
    const memo = `${size.width}x${size.height}|${JSON.stringify(content)}`;
    let key = this.keys.get(memo);
    if (!key) {
      const style = 'style' in slide ? resolveStyle(slide.style) : null;
      const input = {
        renderer: RENDERER_VERSION,
        content,
        width: size.width,
        height: size.height,
        style,
        font: style ? getFont(style.font).sha256 : null,
        minCapPx: this.minCapPx,
      };
      key = crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex');
      if (this.keys.size > 20_000) this.keys.clear();
      this.keys.set(memo, key);
    }
    return key;
  }

  /** The rendition of a slide at a board size, drawn now if it was never drawn before. */
  async get(slide: Slide, size: BoardSize): Promise<Rendition> {
    if (slide.kind === 'clock') throw new Error('clock slides are drawn by the player, not rendered');
    const key = this.cacheKey(slide, size);
    const known = this.known.get(key);
    if (known) return known;
    const cached = await this.repo.byCacheKey(key);
    if (cached && (await this.present(this.filePath(cached.sha256, cached.ext)))) {
      const r = { ...cached, url: mediaUrl(cached.sha256, cached.ext) };
      this.remember(key, r);
      return r;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.draw(key, slide, size).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** Calls listener with how long each drawing took (not its wait for a slot); returns how to stop. For the metrics. */
  onDrawn(listener: (seconds: number, kind: Slide['kind']) => void): () => void {
    this.drawnListeners.add(listener);
    return () => this.drawnListeners.delete(listener);
  }

  /** Deletes renditions older than `before` that no current manifest names; returns how many files. */
  async prune(keep: Set<string>, before: number): Promise<number> {
    const gone = await this.repo.pruneUnused(keep, before);
    for (const g of gone) fs.rmSync(this.filePath(g.sha256, g.ext as 'png' | 'webp'), { force: true });
    if (this.shared) await this.repo.deleteBlobs(gone.map((g) => this.blobName(this.filePath(g.sha256, g.ext as 'png' | 'webp'))));
    this.known.clear();
    return gone.length;
  }

  async bytes(r: Rendition): Promise<Buffer> {
    await this.present(this.filePath(r.sha256, r.ext));
    return fs.promises.readFile(this.filePath(r.sha256, r.ext));
  }

  /** Writes a media file once (content-addressed), and keeps its bytes in the database when shared. */
  async saveFile(file: string, bytes: Buffer): Promise<void> {
    writeFileOnce(file, bytes);
    if (this.shared) await this.repo.putBlob(this.blobName(file), bytes, this.now());
  }

  /**
   * Whether a media file is on this process's disk, fetching it from the database first when shared
   * and another process wrote it.
   */
  async present(file: string): Promise<boolean> {
    if (fs.existsSync(file)) return true;
    if (!this.shared) return false;
    const bytes = await this.repo.blob(this.blobName(file));
    if (!bytes) return false;
    writeFileOnce(file, bytes);
    return true;
  }

  /** A media file's name in the database: its path below the media directory, with forward slashes. */
  private blobName(file: string): string {
    return path.relative(this.mediaDir, file).split(path.sep).join('/');
  }

  /** A small PNG (320 px wide at most) of a drawn image, for reports that outlive the rendition; null if its file is gone. */
  async reportThumbnail(sha256: string): Promise<Buffer | null> {
    for (const ext of ['png', 'webp'] as const) {
      try {
        if (!(await this.present(this.filePath(sha256, ext)))) continue;
        const bytes = await fs.promises.readFile(this.filePath(sha256, ext));
        return await sharp(bytes).resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true }).png({ compressionLevel: 9 }).toBuffer();
      } catch {
        // Not this extension, or pruned already.
      }
    }
    return null;
  }

  filePath(sha256: string, ext: 'png' | 'webp' = 'png'): string {
    return path.join(this.mediaDir, `${sha256}.${ext}`);
  }

  masterPath(sha256: string, format: 'png' | 'jpeg' | 'webp'): string {
    return path.join(this.mediaDir, 'masters', `${sha256}.${format === 'jpeg' ? 'jpg' : format}`);
  }

  thumbPath(sha256: string): string {
    return path.join(this.mediaDir, 'thumbs', `${sha256}.webp`);
  }

  /** The uploaded picture's bytes (an image slide's source, or a text slide's background). */
  async master(sha256: string): Promise<Buffer> {
    const row = await this.repo.media(sha256);
    if (!row) throw new BadRequest({ vi: `Không có ảnh "${sha256.slice(0, 12)}…" trong thư viện: hãy tải ảnh lên trước.`, en: `No picture "${sha256.slice(0, 12)}…" in the library: upload it first.` }, { path: 'mediaId' });
    try {
      await this.present(this.masterPath(sha256, row.format));
      return await fs.promises.readFile(this.masterPath(sha256, row.format));
    } catch {
      throw new NotFound({ vi: 'Tệp ảnh gốc bị thiếu trên đĩa.', en: 'The original picture file is missing on disk.' });
    }
  }

  /**
   * A slide drawn at a size without keeping it (a preview while typing, a size no board has): the
   * stored rendition if there is one, else a fresh drawing that is not written anywhere.
   */
  async sketch(slide: Slide, size: BoardSize): Promise<{ rendition: Omit<Rendition, 'url'> & { url: string | null }; bytes: Buffer }> {
    if (slide.kind === 'clock') throw new Error('clock slides are drawn by the player, not rendered');
    const stored = this.known.get(this.cacheKey(slide, size)) ?? await this.repo.byCacheKey(this.cacheKey(slide, size));
    if (stored && (await this.present(this.filePath(stored.sha256, stored.ext)))) {
      const r = { ...stored, url: mediaUrl(stored.sha256, stored.ext) };
      return { rendition: r, bytes: await this.bytes(r) };
    }
    const painted = await this.paint(slide, size);
    const sha256 = crypto.createHash('sha256').update(painted.bytes).digest('hex');
    return { rendition: { sha256, ext: painted.ext, width: painted.width, height: size.height, bytes: painted.bytes.length, meta: painted.meta, url: null }, bytes: painted.bytes };
  }

  private async draw(key: string, slide: Slide, size: BoardSize): Promise<Rendition> {
    const { bytes, ext, width, meta } = await this.paint(slide, size);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    await this.saveFile(this.filePath(sha256, ext), bytes);
    const row: RenditionRow = { sha256, ext, width, height: size.height, bytes: bytes.length, meta };
    await this.repo.insert(key, row, this.now());
    const r = { ...row, url: mediaUrl(sha256, ext) };
    this.remember(key, r);
    return r;
  }

  /**
   * Draws a slide. At most two drawings run at once: a large board's drawing holds tens of
   * megabytes and a whole core, and previews asked for together must not starve the controller.
   */
  private async paint(slide: Slide, size: BoardSize): Promise<{ bytes: Buffer; ext: 'png' | 'webp'; width: number; meta: RenditionMeta }> {
    if (this.painting >= PAINT_SLOTS) await new Promise<void>((resolve) => this.waitingToPaint.push(resolve));
    this.painting++;
    try {
      const started = performance.now();
      const painted = await this.paintNow(slide, size);
      const seconds = (performance.now() - started) / 1000;
      for (const listener of this.drawnListeners) listener(seconds, slide.kind);
      return painted;
    } finally {
      this.painting--;
      this.waitingToPaint.shift()?.();
    }
  }

  private painting = 0;
  private readonly waitingToPaint: (() => void)[] = [];

  private async paintNow(slide: Slide, size: BoardSize): Promise<{ bytes: Buffer; ext: 'png' | 'webp'; width: number; meta: RenditionMeta }> {
    let bytes: Buffer;
    let ext: 'png' | 'webp' = 'png';
    let width = size.width;
    const meta: RenditionMeta = {};
    if (slide.kind === 'text') {
      const style = resolveStyle(slide.style);
      const drawing = { text: slide.text, secondLine: slide.secondLine, style };
      if (slide.mode === 'scroll') {
        const strip = await renderScrollStrip(drawing, size, { minCapPx: this.minCapPx });
        bytes = strip.png;
        width = strip.width;
        meta.stripWidth = strip.width;
        meta.capHeightPx = strip.capHeightPx;
      } else {
        const r = await renderText(drawing, size, { minCapPx: this.minCapPx, backgroundImage: style.backgroundImage ? await this.master(style.backgroundImage) : null });
        bytes = r.png;
        meta.capHeightPx = r.capHeightPx;
      }
    } else if (slide.kind === 'qr') {
      const r = await renderQr({ data: slide.data, caption: slide.caption, style: resolveStyle(slide.style) }, size, { minCapPx: this.minCapPx });
      bytes = r.png;
      meta.modulePx = r.modulePx;
      if (r.capHeightPx) meta.capHeightPx = r.capHeightPx;
    } else if (slide.kind === 'image') {
      bytes = await fitToBoard(await this.master(slide.mediaId), size, { fit: slide.fit, background: slide.background });
      ext = 'webp';
    } else {
      throw new Error('unreachable');
    }
    return { bytes, ext, width, meta };
  }

  private remember(key: string, r: Rendition): void {
    if (this.known.size > 20_000) this.known.clear();
    this.known.set(key, r);
  }
}
