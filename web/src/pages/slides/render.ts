// Drawing a slide at a board's size: the controller draws it (the same renderer the boards get)
// and tells its legibility in the X-Legibility header, which the shared client does not expose —
// hence this small fetch. While typing, the draft is drawn without saving (POST /api/slides/render);
// a viewer sees the saved slide (GET /api/slides/:id/preview). A refusal is the ApiError a save
// would get, so the editor shows it beside the field that caused it.
import type { z } from 'zod';
import type { LegibilitySchema } from '@playlists/api/content.ts';
import { urlOf } from '@playlists/api/endpoint.ts';
import type { SlideInput } from '@playlists/slide.ts';
import { API, ApiError, SESSION_ENDED } from '../../api/index.ts';

export type Legibility = z.infer<typeof LegibilitySchema>;

/** Where to draw: a board (its size and pixel pitch), or a bare size. */
export interface Target {
  key: string;
  boardId: string | null;
  width: number;
  height: number;
  name: string | null;
  timeZone: string;
}

export interface Drawn {
  /** A data: URL (kept in the query cache, so never revoked under an image). */
  src: string;
  width: number;
  height: number;
  legibility: Legibility | null;
}

const sizeQuery = (t: Target) => (t.boardId ? { board: t.boardId } : { w: t.width, h: t.height });

async function refusal(res: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; messageVi?: string; details?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON: the status says enough.
  }
  if (res.status === 401) window.dispatchEvent(new Event(SESSION_ENDED));
  return new ApiError(res.status, body.code ?? `http_${res.status}`, body.message ?? `The controller answered ${res.status}.`, body.messageVi ?? `Bộ điều khiển trả lời ${res.status}.`, body.details);
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

async function drawnOf(res: Response, target: Target): Promise<Drawn> {
  if (!res.ok) throw await refusal(res);
  const header = res.headers.get('x-legibility');
  let legibility: Legibility | null = null;
  try {
    legibility = header ? (JSON.parse(header) as Legibility | null) : null;
  } catch {
    legibility = null;
  }
  const blob = await res.blob();
  let width = target.width;
  let height = target.height;
  try {
    const bitmap = await createImageBitmap(blob);
    width = bitmap.width;
    height = bitmap.height;
    bitmap.close();
  } catch {
    // Not decodable here: the frame keeps the board's size.
  }
  return { src: await dataUrl(blob), width, height, legibility };
}

async function send(url: string, init: RequestInit, target: Target): Promise<Drawn> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'network', 'The controller cannot be reached: check the network, then try again.', 'Không kết nối được bộ điều khiển: kiểm tra mạng rồi thử lại.', null);
  }
  return drawnOf(res, target);
}

/** The slide as it is being written, drawn at the target's size; nothing is saved. */
export function renderDraft(slide: SlideInput, target: Target, signal?: AbortSignal): Promise<Drawn> {
  return send(urlOf(API.renderSlide, undefined, sizeQuery(target)), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(slide), signal: signal ?? null }, target);
}

/** A saved slide (its open draft with draft=true), drawn at the target's size. */
export function previewSaved(id: string, target: Target, draft: boolean, signal?: AbortSignal): Promise<Drawn> {
  return send(urlOf(API.slidePreview, { id }, { ...sizeQuery(target), ...(draft ? { draft: 'true' } : {}) }), { method: 'GET', signal: signal ?? null }, target);
}

/** The thumbnail address of a saved slide (a small board's size; the browser caches and lazy-loads it). */
export function thumbnailUrl(id: string, draft: boolean): string {
  return urlOf(API.slidePreview, { id }, { w: 576, h: 288, ...(draft ? { draft: 'true' } : {}) });
}
