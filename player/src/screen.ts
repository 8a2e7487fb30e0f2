// The picture: a stage at the board's exact pixel size in the top-left corner (what the LED
// sending card captures), two <img> layers so the next slide is decoded before it is shown.
import type { ManifestItem } from '../../playlists/manifest.ts';

export class Screen {
  private readonly stage = document.getElementById('stage') as HTMLDivElement;
  private readonly layers = [document.getElementById('a') as HTMLImageElement, document.getElementById('b') as HTMLImageElement];
  private front = 0;
  private shownSha: string | null = null;
  private switching: string | null = null;
  /** Images that failed to show (reported in heartbeats). */
  failures = 0;

  setSize(width: number, height: number): void {
    // One image pixel per screen pixel, even where the box scales its display (devicePixelRatio).
    const dpr = window.devicePixelRatio || 1;
    const w = `${width / dpr}px`;
    const h = `${height / dpr}px`;
    this.stage.style.width = w;
    this.stage.style.height = h;
    for (const img of this.layers) {
      img.style.width = w;
      img.style.height = h;
    }
  }

  get shown(): string | null {
    return this.shownSha;
  }

  /** Shows an item; the old picture stays until the new one is decoded (no blank frame). */
  show(item: ManifestItem): void {
    if (this.shownSha === item.sha256 || this.switching === item.sha256) return;
    this.switching = item.sha256;
    const back = this.layers[1 - this.front]!;
    back.src = item.url;
    const reveal = () => {
      if (this.switching !== item.sha256) return;
      if (!back.naturalWidth) {
        // The image failed to load: keep the previous picture rather than show black.
        this.switching = null;
        this.failures++;
        return;
      }
      back.dataset.sha256 = item.sha256;
      back.dataset.slideId = item.slideId;
      back.classList.add('on');
      back.setAttribute('data-on', '1');
      const old = this.layers[this.front]!;
      old.classList.remove('on');
      old.removeAttribute('data-on');
      this.front = 1 - this.front;
      this.shownSha = item.sha256;
      this.switching = null;
    };
    if (typeof back.decode === 'function') back.decode().then(reveal, reveal);
    else if (back.complete) reveal();
    else back.onload = reveal;
  }

  /** Dims the picture (brightness windows): 100 = full. */
  setBrightness(level: number): void {
    this.stage.style.opacity = level >= 100 ? '' : String(Math.max(0, level) / 100);
  }

  black(): void {
    for (const img of this.layers) {
      img.classList.remove('on');
      img.removeAttribute('data-on');
    }
    this.shownSha = null;
    this.switching = null;
  }
}

/** Fetches and decodes every image so switches never wait on the network. */
export function preload(items: ManifestItem[]): Promise<void> {
  const unique = new Map(items.map((i) => [i.sha256, i.url]));
  return Promise.all(
    Array.from(unique.values()).map(
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
