// Renditions: a slide drawn for one board size, stored once under the sha256 of its bytes
// (DATA_DIR/media/<sha256>.png) and served at an immutable URL. The cache key covers everything
// that changes the pixels, so a repeated request never draws again, across restarts too.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BoardSize } from '../../playlists/board.ts';
import type { Slide } from '../../playlists/slide.ts';
import type { MediaRepo, RenditionRow } from '../store/media-repo.ts';
import { DEFAULT_FONT_ID, getFont } from './fonts.ts';
import { DEFAULT_TEXT_STYLE, MIN_FONT_SIZE_PX, renderTextSlide } from './text-slide.ts';

/** Bump when drawing changes in a way that alters pixels for the same input. */
export const RENDERER_VERSION = 1;

export interface Rendition extends RenditionRow {
  url: string;
}

export function mediaUrl(sha256: string): string {
  return `/media/${sha256}.png`;
}

export class Renditions {
  private readonly inFlight = new Map<string, Promise<Rendition>>();
  /** Renditions known to be on disk, by cache key: the hot path of compiling many boards. */
  private readonly known = new Map<string, Rendition>();
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly repo: MediaRepo,
    readonly mediaDir: string,
    private readonly now: () => number = Date.now,
  ) {
    fs.mkdirSync(mediaDir, { recursive: true });
  }

  cacheKey(slide: Slide, size: BoardSize): string {
    const memo = `${size.width}x${size.height}|${slide.kind}|${slide.text}`;
    let key = this.keys.get(memo);
    if (!key) {
      key = this.computeKey(slide, size);
      if (this.keys.size > 20_000) this.keys.clear();
      this.keys.set(memo, key);
    }
    return key;
  }

  private computeKey(slide: Slide, size: BoardSize): string {
    const font = getFont(DEFAULT_FONT_ID);
    const input = { renderer: RENDERER_VERSION, kind: slide.kind, text: slide.text, width: size.width, height: size.height, font: font.sha256, style: DEFAULT_TEXT_STYLE, minSize: MIN_FONT_SIZE_PX };
    return crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex');
  }

  /** The rendition of a slide at a board size, drawn now if it was never drawn before. */
  async get(slide: Slide, size: BoardSize): Promise<Rendition> {
    const key = this.cacheKey(slide, size);
    const known = this.known.get(key);
    if (known) return known;
    const cached = this.repo.byCacheKey(key);
    if (cached && fs.existsSync(this.filePath(cached.sha256))) {
      const r = { ...cached, url: mediaUrl(cached.sha256) };
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

  filePath(sha256: string): string {
    return path.join(this.mediaDir, `${sha256}.png`);
  }

  private async draw(key: string, slide: Slide, size: BoardSize): Promise<Rendition> {
    const { png } = await renderTextSlide(slide.text, size, getFont(DEFAULT_FONT_ID));
    const sha256 = crypto.createHash('sha256').update(png).digest('hex');
    const file = this.filePath(sha256);
    if (!fs.existsSync(file)) {
      // Write then rename: a reader never sees half a file under its final name.
      const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, png);
      fs.renameSync(tmp, file);
    }
    const row: RenditionRow = { sha256, width: size.width, height: size.height, bytes: png.length };
    this.repo.insert(key, row, this.now());
    const r = { ...row, url: mediaUrl(sha256) };
    this.remember(key, r);
    return r;
  }

  private remember(key: string, r: Rendition): void {
    if (this.known.size > 20_000) this.known.clear();
    this.known.set(key, r);
  }
}
