// The slide editor's form: every field of every kind is kept at once (switching kind loses nothing
// typed), converted to the slide body the API takes, and back from a slide. Also the helpers the
// list and the editor share: a slide's words, an id made from its name, and a search that ignores
// Vietnamese diacritics ("dak lak" finds "Đắk Lắk").
import type { PresetId, Slide, SlideInput } from '@playlists/slide.ts';
import { DEFAULT_DURATION_SECONDS } from '@playlists/slide.ts';

export type Kind = Slide['kind'];
export const KINDS: Kind[] = ['text', 'image', 'qr', 'clock'];
export type StyledKind = 'text' | 'qr' | 'clock';
export type Align = 'left' | 'center' | 'right';

export interface StyleForm {
  preset: PresetId;
  font?: string | undefined;
  color?: string | undefined;
  background?: string | undefined;
  backgroundImage?: string | undefined;
  align?: Align | undefined;
  paddingPercent?: number | undefined;
  uppercase?: boolean | undefined;
}

export interface SlideForm {
  id: string;
  name: string;
  kind: Kind;
  durationSeconds: number | '';
  transition: 'cut' | 'fade';
  acceptLegacyLookingText: boolean;
  text: string;
  secondLine: string;
  mode: 'fit' | 'scroll';
  scrollPxPerSecond: number | '';
  mediaId: string | null;
  fit: 'contain' | 'cover';
  imageBackground: string;
  data: string;
  caption: string;
  showDate: boolean;
  styles: Record<StyledKind, StyleForm>;
}

export const DEFAULT_PRESET: Record<StyledKind, PresetId> = { text: 'khau-hieu', qr: 'trang-den', clock: 'trang-den' };

export function blankForm(): SlideForm {
  return {
    id: '',
    name: '',
    kind: 'text',
    durationSeconds: DEFAULT_DURATION_SECONDS,
    transition: 'cut',
    acceptLegacyLookingText: false,
    text: '',
    secondLine: '',
    mode: 'fit',
    scrollPxPerSecond: 80,
    mediaId: null,
    fit: 'contain',
    imageBackground: '#000000',
    data: '',
    caption: '',
    showDate: true,
    styles: { text: { preset: DEFAULT_PRESET.text }, qr: { preset: DEFAULT_PRESET.qr }, clock: { preset: DEFAULT_PRESET.clock } },
  };
}

/** The form holding a slide as the API gave it. */
export function formOf(slide: Slide): SlideForm {
  const f = blankForm();
  f.id = slide.id;
  f.name = slide.name ?? '';
  f.kind = slide.kind;
  f.durationSeconds = slide.durationSeconds;
  f.transition = slide.transition;
  f.acceptLegacyLookingText = slide.acceptLegacyLookingText;
  if (slide.kind === 'text') {
    f.text = slide.text;
    f.secondLine = slide.secondLine ?? '';
    f.mode = slide.mode;
    f.scrollPxPerSecond = slide.scrollPxPerSecond;
  } else if (slide.kind === 'image') {
    f.mediaId = slide.mediaId;
    f.fit = slide.fit;
    f.imageBackground = slide.background;
  } else if (slide.kind === 'qr') {
    f.data = slide.data;
    f.caption = slide.caption ?? '';
  } else {
    f.showDate = slide.showDate;
  }
  if ('style' in slide) {
    const { preset, ...rest } = slide.style;
    f.styles[slide.kind] = { preset: preset ?? DEFAULT_PRESET[slide.kind], ...rest };
  }
  return f;
}

function styleBody(s: StyleForm) {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined && v !== '')) as StyleForm;
}

/** Whether the form holds enough to draw (an empty text or no picture yet draws nothing). */
export function drawable(f: SlideForm): boolean {
  if (f.kind === 'text') return f.text.trim().length > 0;
  if (f.kind === 'image') return f.mediaId !== null;
  if (f.kind === 'qr') return f.data.trim().length > 0;
  return true;
}

/** The slide the form describes, as the API takes it (the server normalises and checks it). */
export function slideOf(f: SlideForm, id: string): SlideInput {
  const base = {
    id,
    ...(f.name.trim() ? { name: f.name } : {}),
    ...(f.durationSeconds === '' ? {} : { durationSeconds: f.durationSeconds }),
    transition: f.transition,
    ...(f.acceptLegacyLookingText ? { acceptLegacyLookingText: true } : {}),
  };
  switch (f.kind) {
    case 'text':
      return {
        ...base,
        kind: 'text',
        text: f.text,
        ...(f.secondLine.trim() ? { secondLine: f.secondLine } : {}),
        mode: f.mode,
        ...(f.scrollPxPerSecond === '' ? {} : { scrollPxPerSecond: f.scrollPxPerSecond }),
        style: styleBody(f.styles.text),
      };
    case 'image':
      return { ...base, kind: 'image', mediaId: f.mediaId ?? '', fit: f.fit, background: f.imageBackground };
    case 'qr':
      return { ...base, kind: 'qr', data: f.data, ...(f.caption.trim() ? { caption: f.caption } : {}), style: styleBody({ ...f.styles.qr, backgroundImage: undefined }) };
    case 'clock':
      return { ...base, kind: 'clock', showDate: f.showDate, style: styleBody({ ...f.styles.clock, backgroundImage: undefined }) };
  }
}

/** The body of a save (the id is in the path for a change). */
export function bodyOf(f: SlideForm, id: string) {
  const { id: _id, ...body } = slideOf(f, id);
  return body;
}

/** Lower case, without diacritics (đ → d): how search compares. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** An id from a slide's name or words: "Khẩu hiệu Đắk Lắk" → "khau-hieu-dak-lak". */
export function idFrom(s: string): string {
  const words = fold(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let id = '';
  for (const w of words) {
    const next = id ? `${id}-${w}` : w;
    if (next.length > 48) break;
    id = next;
  }
  return id.slice(0, 48);
}

/** The words of a slide, for its card and for search. */
export function wordsOf(slide: Slide): string {
  switch (slide.kind) {
    case 'text':
      return slide.secondLine ? `${slide.text}\n${slide.secondLine}` : slide.text;
    case 'qr':
      return [slide.caption, slide.data].filter(Boolean).join('\n');
    default:
      return '';
  }
}
