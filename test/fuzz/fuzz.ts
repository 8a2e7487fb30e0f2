// A seeded fuzzer over every operation of the controller's OpenAPI document: malformed types,
// huge and deeply nested bodies, NUL / bidirectional / lone-surrogate text, bad path parameters,
// wrong content types. What must hold: no 5xx, no crash, memory back near where it started.
// Used by the quick pass in `npm test` (test/integration/fuzz.test.ts) and the long one (`npm run fuzz`).
import type { FastifyInstance } from 'fastify';

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY_STRINGS = [
  '',
  ' ',
  'x'.repeat(10_000),
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '\u200b',
  '\ud800',
  '\udfff\ud800',
  '../../../etc/passwd',
  '%00',
  '%',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '{{7*7}}',
  '${process.env}',
  'Đắk Lắk 🚦',
  'NaN',
  '-1',
  '1e309',
  'null',
  '__proto__',
  'constructor',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

/** Any JSON value, malformed for the purpose: wrong types, extremes, deep nesting, prototype keys. */
export function nastyValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * 12);
  switch (k) {
    case 0:
      return pick(r, NASTY_STRINGS);
    case 1:
      return pick(r, [0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return pick(r, [true, false, null]);
    case 3: {
      if (depth > 3) return [];
      return Array.from({ length: Math.floor(r() * 4) }, () => nastyValue(r, depth + 1));
    }
    case 4: {
      if (depth > 3) return {};
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 5); i > 0; i--) o[pick(r, ['id', 'name', 'text', 'kind', 'targets', 'items', 'boardIds', 'version', 'password', '__proto__', 'constructor', pick(r, NASTY_STRINGS)])] = nastyValue(r, depth + 1);
      return o;
    }
    case 5:
      return Array.from({ length: 20_000 }, (_, i) => i);
    case 6: {
      // Deeply nested: [[[[…]]]]
      let v: unknown = 1;
      for (let i = 0; i < 2000; i++) v = [v];
      return v;
    }
    default:
      return pick(r, NASTY_STRINGS);
  }
}

export interface Operation {
  method: string;
  path: string;
}

export function operations(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
}

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) as the bytes a client would send. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** One malformed request for an operation. */
export function nastyRequest(r: () => number, op: Operation): { method: string; url: string; headers: Record<string, string>; payload?: string | Buffer } {
  const url = op.path.replace(/\{(\w+)\}/g, () => encode(pick(r, [...NASTY_STRINGS, 'cua-ngo-phia-bac-ql14', 'khau-hieu', 'change-0000000000', 'a'.repeat(64)])));
  const query = r() < 0.5 ? `?${pick(r, ['from', 'to', 'at', 'w', 'h', 'board', 'status', 'limit', 'before', 'submit', 'draft', 'name'])}=${encode(pick(r, NASTY_STRINGS))}` : '';
  const headers: Record<string, string> = {};
  let payload: string | Buffer | undefined;
  if (op.method !== 'GET' && op.method !== 'DELETE') {
    const kind = Math.floor(r() * 6);
    if (kind === 0) {
      headers['content-type'] = 'application/json';
      payload = '{"broken": ';
    } else if (kind === 1) {
      headers['content-type'] = pick(r, ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'image/svg+xml']);
      payload = pick(r, NASTY_STRINGS) || 'x';
    } else if (kind === 2) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) });
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(nastyValue(r));
    }
  }
  return { method: op.method, url: url + query, headers, ...(payload !== undefined ? { payload } : {}) };
}

export interface FuzzResult {
  requests: number;
  serverErrors: { request: string; status: number; body: string }[];
  rssStartMb: number;
  rssEndMb: number;
  /** The JavaScript heap after a collection, before and after: what the controller still holds. */
  heapStartMb: number;
  heapEndMb: number;
}

/** Sends `perOperation` malformed requests to each operation, as a signed-in admin. */
export async function fuzz(app: FastifyInstance, token: string, seed: number, perOperation: number): Promise<FuzzResult> {
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  // Signing out would end the run's own credentials; everything else is fair game.
  const ops = operations(doc).filter((o) => o.path !== '/auth/logout');
  const r = random(seed);
  const serverErrors: FuzzResult['serverErrors'] = [];
  global.gc?.();
  const rssStartMb = process.memoryUsage().rss / 2 ** 20;
  const heapStartMb = process.memoryUsage().heapUsed / 2 ** 20;
  let requests = 0;
  for (let i = 0; i < perOperation; i++) {
    for (const op of ops) {
      const req = nastyRequest(r, op);
      const res = await app.inject({ method: req.method as 'GET', url: req.url, headers: { ...req.headers, authorization: `Bearer ${token}` }, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
      requests++;
      if (res.statusCode >= 500) serverErrors.push({ request: `${req.method} ${req.url.slice(0, 120)}`, status: res.statusCode, body: res.body.slice(0, 300) });
    }
  }
  global.gc?.();
  const mem = process.memoryUsage();
  return { requests, serverErrors, rssStartMb, rssEndMb: mem.rss / 2 ** 20, heapStartMb, heapEndMb: mem.heapUsed / 2 ** 20 };
}
