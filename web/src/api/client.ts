// The web app's API client, typed by the contract (playlists/api): one function calls any
// endpoint; its parameters, body and answer are the contract's types, never written again here.
// A refusal becomes an ApiError carrying the server's message in both languages and what caused it.
import type { Endpoint, RequestOf, ResponseOf } from '@playlists/api/endpoint.ts';
import { urlOf } from '@playlists/api/endpoint.ts';

export interface FieldProblem {
  field: string;
  en: string;
  vi: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageEn: string,
    readonly messageVi: string,
    readonly details: unknown,
  ) {
    super(messageEn);
  }

  /** The server's words in the user's language. */
  text(lang: string): string {
    return lang === 'en' ? this.messageEn : this.messageVi;
  }

  /** Which field of the form the refusal is about (validation details, or details.path). */
  fieldProblems(): FieldProblem[] {
    if (Array.isArray(this.details)) return this.details as FieldProblem[];
    const path = (this.details as { path?: unknown } | null)?.path;
    return typeof path === 'string' ? [{ field: path, en: this.messageEn, vi: this.messageVi }] : [];
  }
}

/** Raised when the session ended: the app brings the user back to sign in, keeping the page and what was typed. */
export const SESSION_ENDED = 'ledgate:session-ended';

// Signing in and changing one's password give the browser a new session cookie; the old one ends
// on the server before the answer arrives. A request sent with the old cookie meanwhile (the live
// view asking who is signed in after the controller cut it) is refused with 401 though the user
// is signed in: such a request is sent again once the new cookie is there, not taken for an ended
// session.
const RENEWS_SESSION = new Set(['/auth/login', '/api/me/password']);
let renewals = 0;
let pendingRenewal: Promise<unknown> | null = null;

export async function call<E extends Endpoint>(e: E, ...[req]: Partial<RequestOf<E>> extends RequestOf<E> ? [RequestOf<E>?] : [RequestOf<E>]): Promise<ResponseOf<E>> {
  if (!RENEWS_SESSION.has(e.path)) return send(e, req, true);
  const sending = send(e, req, false);
  const settled = sending.then(
    () => undefined,
    () => undefined,
  );
  pendingRenewal = settled;
  void settled.then(() => {
    renewals += 1;
    if (pendingRenewal === settled) pendingRenewal = null;
  });
  return sending;
}

async function send<E extends Endpoint>(e: E, req: RequestOf<E> | undefined, mayRetry: boolean): Promise<ResponseOf<E>> {
  const r = (req ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  const renewalsBefore = renewals;
  const renewing = pendingRenewal;
  const url = urlOf(e, r.params, r.query);
  const raw = e.rawBody || r.body instanceof Blob;
  let res: Response;
  try {
    res = await fetch(url, {
      method: e.method,
      credentials: 'same-origin',
      headers: r.body !== undefined && !raw ? { 'content-type': 'application/json' } : {},
      body: r.body === undefined ? undefined : raw ? (r.body as BodyInit) : JSON.stringify(r.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The controller cannot be reached: check the network, then try again.', 'Không kết nối được bộ điều khiển: kiểm tra mạng rồi thử lại.', null);
  }
  if (res.status === 401 && mayRetry && (renewing || renewals !== renewalsBefore)) {
    await (pendingRenewal ?? renewing);
    return send(e, req, false);
  }
  if (!res.ok) throw await errorOf(res, e);
  if (!e.response) return (await res.blob()) as ResponseOf<E>;
  return (await res.json()) as ResponseOf<E>;
}

async function errorOf(res: Response, e: Endpoint): Promise<ApiError> {
  let body: { code?: string; message?: string; messageVi?: string; details?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  if (res.status === 401 && e.path !== '/auth/login') window.dispatchEvent(new Event(SESSION_ENDED));
  return new ApiError(
    res.status,
    body.code ?? `http_${res.status}`,
    body.message ?? `The controller answered ${res.status}.`,
    body.messageVi ?? `Bộ điều khiển trả lời ${res.status}.`,
    body.details,
  );
}

/** Uploads raw bytes with progress (fetch cannot report upload progress). */
export function upload<E extends Endpoint>(e: E, query: Record<string, unknown>, file: Blob, onProgress: (fraction: number) => void): Promise<ResponseOf<E>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(e.method, urlOf(e, undefined, query));
    xhr.upload.onprogress = (ev) => ev.lengthComputable && onProgress(ev.loaded / ev.total);
    xhr.onload = () => {
      let body: { code?: string; message?: string; messageVi?: string; details?: unknown } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ResponseOf<E>);
      else {
        if (xhr.status === 401) window.dispatchEvent(new Event(SESSION_ENDED));
        reject(new ApiError(xhr.status, body.code ?? `http_${xhr.status}`, body.message ?? `HTTP ${xhr.status}`, body.messageVi ?? `HTTP ${xhr.status}`, body.details));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The controller cannot be reached.', 'Không kết nối được bộ điều khiển.', null));
    xhr.send(file);
  });
}
