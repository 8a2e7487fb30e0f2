// The picture: a stage at the board's exact pixel size in the top-left corner (what the LED
// sending card captures) holding two layers, so the next slide is ready (decoded, drawn) before it
// is shown — never a blank frame between slides. A layer shows a picture, a scrolling strip moved
// in whole pixels per frame, or a clock redrawn every second in a bundled font.
import type { ClockItem, ManifestItem } from '../../playlists/manifest.ts';
import { clockText } from './clock.ts';

type Now = () => number;

const FADE_MS = 500;

interface Layer {
  el: HTMLDivElement;
  img: HTMLImageElement;
  canvas: HTMLCanvasElement;
}

const loadedFonts: Record<string, Promise<void>> = {};

/** Loads a bundled font for the clock (FontFace API; older boxes fall back to a system font). */
function loadFont(item: ClockItem, url: string): Promise<void> {
  const key = item.fontFamily;
  if (!loadedFonts[key]) {
    const F = (window as unknown as { FontFace?: typeof FontFace }).FontFace;
    loadedFonts[key] = F
      ? new F(item.fontFamily, `url(${url})`).load().then((face) => {
          (document as unknown as { fonts: { add(f: FontFace): void } }).fonts.add(face);
        })
      : Promise.resolve();
    // A failed load is forgotten, so the next clock tries again (the box may have been offline).
    loadedFonts[key].catch(() => delete loadedFonts[key]);
  }
  return loadedFonts[key].catch(() => undefined);
}

export class Screen {
  private readonly stage = document.getElementById('stage') as HTMLDivElement;
  private readonly layers: Layer[];
  private front = 0;
  private shownKey: string | null = null;
  private switching: string | null = null;
  /** An item loaded into the back layer ahead of its switch, and whether it is ready. */
  private prepared: { key: string; ok: boolean | null } | null = null;
  private width = 0;
  private height = 0;
  private animation: number | undefined;
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  /** Items that failed to show (reported in heartbeats). */
  failures = 0;

  /** Called when a new item is on screen (at its controller time), or null when it goes black. */
  onShown: (item: ManifestItem | null, at: number) => void = () => undefined;

  constructor(
    private readonly now: Now,
    /** The URL to load an image from (the player's own cached copy). */
    private readonly resolve: (url: string) => string = (u) => u,
  ) {
    this.layers = [0, 1].map(() => {
      const el = document.createElement('div');
      el.className = 'layer';
      const img = document.createElement('img');
      img.alt = '';
      const canvas = document.createElement('canvas');
      el.appendChild(img);
      el.appendChild(canvas);
      this.stage.appendChild(el);
      return { el, img, canvas };
    });
  }

  setSize(width: number, height: number): void {
    // Resizing a canvas clears it: only when the size really changes.
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    // One image pixel per screen pixel, even where the box scales its display (devicePixelRatio).
    const dpr = window.devicePixelRatio || 1;
    const w = `${width / dpr}px`;
    const h = `${height / dpr}px`;
    this.stage.style.width = w;
    this.stage.style.height = h;
    for (const l of this.layers) {
      l.el.style.width = w;
      l.el.style.height = h;
      l.img.style.height = h;
      l.canvas.width = width;
      l.canvas.height = height;
      l.canvas.style.width = w;
      l.canvas.style.height = h;
    }
  }

  /**
   * Loads the next item into the back layer ahead of its switch (decoded, drawn), so the switch
   * itself is a swap of layers at the boundary.
   */
  prepare(item: ManifestItem, startedAt: number): void {
    const key = `${item.sha256}@${startedAt}`;
    if (this.shownKey === key || this.switching !== null || this.prepared?.key === key) return;
    const state = { key, ok: null as boolean | null };
    this.prepared = state;
    this.load(this.layers[1 - this.front]!, item, (ok) => {
      if (this.prepared === state) state.ok = ok;
    });
  }

  /** Shows an item; the old picture stays until the new one is ready. */
  show(item: ManifestItem, startedAt: number): void {
    // Each showing is its own display (a one-slide loop too): keyed by when it started.
    const key = `${item.sha256}@${startedAt}`;
    if (this.shownKey === key || this.switching === key) return;
    const back = this.layers[1 - this.front]!;
    const prepared = this.prepared;
    this.prepared = null;
    if (prepared && prepared.key === key && prepared.ok) {
      this.switching = null;
      this.reveal(back, item, startedAt, key);
      return;
    }
    this.switching = key;
    this.load(back, item, (ok) => {
      if (this.switching !== key) return;
      this.switching = null;
      if (!ok) {
        // Keep the previous picture rather than show black.
        this.failures++;
        return;
      }
      this.reveal(back, item, startedAt, key);
    });
  }

  private load(back: Layer, item: ManifestItem, ready: (ok: boolean) => void): void {
    if (item.type === 'clock') {
      back.img.style.display = 'none';
      back.canvas.style.display = 'block';
      loadFont(item, this.resolve(item.fontUrl)).then(() => {
        this.drawClock(back.canvas, item);
        ready(true);
      });
      return;
    }
    back.canvas.style.display = 'none';
    back.img.style.display = 'block';
    back.img.style.transform = item.type === 'scroll' ? `translate3d(${this.width}px,0,0)` : '';
    back.el.style.background = item.type === 'scroll' ? item.background : '';
    back.img.src = this.resolve(item.url);
    const done = () => ready(back.img.naturalWidth > 0);
    if (typeof back.img.decode === 'function') back.img.decode().then(done, done);
    else if (back.img.complete) done();
    else back.img.onload = back.img.onerror = done;
  }

  private reveal(back: Layer, item: ManifestItem, startedAt: number, key: string): void {
    const old = this.layers[this.front]!;
    back.el.setAttribute('data-sha256', item.sha256);
    back.el.setAttribute('data-slide-id', item.slideId);
    back.el.setAttribute('data-type', item.type);
    back.el.style.zIndex = '2';
    old.el.style.zIndex = '1';
    // Start from transparent with no transition, so the fade really runs from 0 to 1.
    back.el.style.transition = '';
    back.el.style.opacity = item.transition === 'fade' ? '0' : '1';
    back.el.classList.add('on');
    back.el.setAttribute('data-on', '1');
    this.front = 1 - this.front;
    if (item.transition === 'fade') {
      void back.el.offsetWidth; // commit opacity 0 before the transition is set
      requestAnimationFrame(() => {
        back.el.style.transition = `opacity ${FADE_MS}ms linear`;
        back.el.style.opacity = '1';
      });
      setTimeout(() => this.hide(old), FADE_MS);
    } else {
      this.hide(old);
    }
    this.shownKey = key;
    this.onShown(item, this.now());
    this.animate(back, item, startedAt);
  }

  private hide(layer: Layer): void {
    // After a fade, the old layer may have become the front again: leave it then.
    if (layer === this.layers[this.front]) return;
    layer.el.classList.remove('on');
    layer.el.removeAttribute('data-on');
  }

  /** Scroll: whole pixels per frame, from the synced clock · clock: redraw every second. */
  private animate(layer: Layer, item: ManifestItem, startedAt: number): void {
    if (this.animation !== undefined) cancelAnimationFrame(this.animation);
    clearInterval(this.clockTimer);
    clearTimeout(this.clockTimer);
    this.animation = undefined;
    if (item.type === 'scroll') {
      // Whole pixels from the synced clock; once the line has crossed, it comes round again.
      const lap = item.stripWidth + this.width;
      const step = () => {
        const moved = Math.floor(((this.now() - startedAt) * item.pxPerSecond) / 1000);
        layer.img.style.transform = `translate3d(${this.width - (((moved % lap) + lap) % lap)}px,0,0)`;
        this.animation = requestAnimationFrame(step);
      };
      step();
    } else if (item.type === 'clock') {
      // Redraw on each second of the controller's clock.
      const align = setTimeout(() => {
        this.drawClock(layer.canvas, item);
        this.clockTimer = setInterval(() => this.drawClock(layer.canvas, item), 1000);
      }, 1000 - (this.now() % 1000));
      this.clockTimer = align as unknown as ReturnType<typeof setInterval>;
    }
  }

  private drawClock(canvas: HTMLCanvasElement, item: ClockItem): void {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const { time, date } = clockText(this.now(), item.timeZone);
    const lines = item.showDate ? [time, item.uppercase ? date.toUpperCase() : date] : [time];
    ctx.fillStyle = item.background;
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.fillStyle = item.color;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const pad = Math.round(Math.min(this.width, this.height) * 0.06);
    // Time large, date at 45 % of it; both shrunk until they fit the width.
    let size = Math.floor((this.height - 2 * pad) / (lines.length > 1 ? 1.55 : 1.1));
    const fits = (s: number) => {
      ctx.font = `${s}px "${item.fontFamily}", sans-serif`;
      if (ctx.measureText(lines[0]!).width > this.width - 2 * pad) return false;
      if (lines[1]) {
        ctx.font = `${Math.round(s * 0.45)}px "${item.fontFamily}", sans-serif`;
        if (ctx.measureText(lines[1]).width > this.width - 2 * pad) return false;
      }
      return true;
    };
    while (size > 8 && !fits(size)) size--;
    const dateSize = Math.round(size * 0.45);
    const total = lines.length > 1 ? size + dateSize * 1.3 : size;
    const top = Math.round((this.height - total) / 2);
    ctx.font = `${size}px "${item.fontFamily}", sans-serif`;
    ctx.fillText(lines[0]!, Math.round(this.width / 2), top + Math.round(size / 2));
    if (lines[1]) {
      ctx.font = `${dateSize}px "${item.fontFamily}", sans-serif`;
      ctx.fillText(lines[1], Math.round(this.width / 2), top + size + Math.round(dateSize * 0.8));
    }
  }

  /** Dims the picture (brightness windows): 100 = full. */
  setBrightness(level: number): void {
    this.stage.style.opacity = level >= 100 ? '' : String(Math.max(0, level) / 100);
  }

  black(): void {
    if (this.shownKey !== null) this.onShown(null, this.now());
    for (const l of this.layers) {
      l.el.classList.remove('on');
      l.el.removeAttribute('data-on');
    }
    this.prepared = null;
    if (this.animation !== undefined) cancelAnimationFrame(this.animation);
    clearInterval(this.clockTimer);
    clearTimeout(this.clockTimer);
    this.shownKey = null;
    this.switching = null;
  }
}

/** Fetches and decodes every picture so switches never wait on the network. */
export function preload(items: ManifestItem[]): Promise<void> {
  const urls: Record<string, true> = {};
  for (const i of items) if (i.type !== 'clock') urls[i.url] = true;
  return Promise.all(
    Object.keys(urls).map(
      (url) =>
        new Promise<void>((resolve, reject) => {
          const img = new Image();
          img.onload = () => (typeof img.decode === 'function' ? img.decode().then(() => resolve(), () => resolve()) : resolve());
          img.onerror = () => reject(new Error(`could not load ${url}`));
          img.src = url;
        }),
    ),
  ).then(() => undefined);
}
