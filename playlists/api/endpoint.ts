// The API contract's building block: one endpoint = method, path, the zod schemas of its
// parameters, query, body and response, and the permission it needs. The controller registers its
// routes from these (validation, OpenAPI), and the web app's client calls them typed by the same
// schemas: the contract is written once.
import type { z } from 'zod';
import type { Action } from '../permissions.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | null = z.ZodType | null,
> {
  method: HttpMethod;
  /** Fastify syntax: /api/boards/:id */
  path: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The success body; null when the response is not JSON (an image, a CSV file). */
  response: R;
  /** The success status (200 unless said). */
  status?: number;
  /** The content type of a non-JSON response. */
  produces?: string;
  /** The request body is raw bytes (a picture upload), not JSON. */
  rawBody?: boolean;
  /** The action of the permission table the caller needs; null for the few routes open to all. */
  permission: Action | null;
  /** Reachable while the user must still choose a new password. */
  beforePasswordChange?: boolean;
  summary: string;
  description?: string;
  tags: string[];
}

/** Declares an endpoint, keeping its exact schema types. */
export function endpoint<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined, R extends z.ZodType | null = null>(
  e: Endpoint<P, Q, B, R>,
): Endpoint<P, Q, B, R> {
  return e;
}

// An endpoint's optional schema fields read as `S | undefined`: only a schema counts.
type Has<S> = [S] extends [undefined] ? false : [NonNullable<S>] extends [z.ZodType] ? true : false;
type In<S> = Has<S> extends true ? z.input<NonNullable<S> & z.ZodType> : undefined;
type Out<S> = Has<S> extends true ? z.output<NonNullable<S> & z.ZodType> : undefined;

/** What a caller sends (before defaults and normalisation). */
export type RequestOf<E extends Endpoint> = (Has<E['params']> extends true ? { params: In<E['params']> } : { params?: undefined }) &
  (Has<E['query']> extends true ? { query?: In<E['query']> } : { query?: undefined }) &
  (Has<E['body']> extends true ? { body: In<E['body']> } : { body?: BodyInit | undefined });

/** What a handler receives (validated, defaults applied). */
export interface ValidatedOf<E extends Endpoint> {
  params: Out<E['params']>;
  query: Out<E['query']>;
  body: Out<E['body']>;
}

/** The success body. */
export type ResponseOf<E extends Endpoint> = E['response'] extends z.ZodType ? z.output<E['response']> : Blob;
/** What a handler returns before serialisation (the response schema's input). */
export type ReplyOf<E extends Endpoint> = E['response'] extends z.ZodType ? z.input<E['response']> : unknown;

/** The URL of an endpoint with its path parameters filled in and its query appended. */
export function urlOf(e: Pick<Endpoint, 'path'>, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  const path = e.path.replace(/:([A-Za-z][A-Za-z0-9_]*)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null) throw new Error(`${e.path}: missing parameter ${name}`);
    return encodeURIComponent(String(v));
  });
  // An array is the parameter repeated (?boardId=a&boardId=b), as the routes read it.
  const q = Object.entries(query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x: unknown) => [k, x] as const) : [[k, v] as const]))
    .filter(([, v]) => v !== undefined && v !== null && v !== '');
  return q.length ? `${path}?${new URLSearchParams(q.map(([k, v]) => [k, String(v)])).toString()}` : path;
}
