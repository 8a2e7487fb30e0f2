// Configuration: environment variables → zod → a frozen object. A bad value stops start-up with
// a message naming the variable, never a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL such as http://192.168.1.10:8080' })
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  MIN_CAP_HEIGHT_PX: z.coerce.number().int().min(4).max(200).default(14),
  UPLOAD_MAX_MB: z.coerce.number().min(1).max(500).default(20),
  UPLOAD_MAX_MEGAPIXELS: z.coerce.number().min(1).max(500).default(50),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  SESSION_MAX_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  /** Behind a reverse proxy: true (trust it), a number of hops, or addresses/CIDRs, comma-separated. */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'must be true, false, a number of proxies, or addresses such as 127.0.0.1,10.0.0.0/8')
    .default('false'),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** The address players and people reach the controller at, without a trailing slash. */
  readonly publicUrl: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Text whose capitals would be smaller than this is refused. */
  readonly minCapHeightPx: number;
  readonly uploadLimits: { maxBytes: number; maxPixels: number };
  /** A web session ends after this long without use, and after sessionMaxMs at most. */
  readonly sessionIdleMs: number;
  readonly sessionMaxMs: number;
  /** Whose X-Forwarded-For to believe (a reverse proxy in front): the client address for sign-in limits and the audit trail. */
  readonly trustProxy: boolean | number | string[];
  /** Certificate and key (PEM) to serve HTTPS; boards need a secure context for offline playback. */
  readonly tls: { cert: Buffer; key: Buffer } | null;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = EnvSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}=${JSON.stringify(picked[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(
      `Cấu hình không hợp lệ / Invalid configuration:\n${lines.join('\n')}\nSửa các biến môi trường trên rồi khởi động lại. / Fix these environment variables and start again.`,
    );
  }
  const e = parsed.data;
  const tls = readTls(e.TLS_CERT_FILE, e.TLS_KEY_FILE);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: (e.PUBLIC_URL ?? `${tls ? 'https' : 'http'}://localhost:${e.PORT}`).replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    minCapHeightPx: e.MIN_CAP_HEIGHT_PX,
    uploadLimits: { maxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024), maxPixels: Math.round(e.UPLOAD_MAX_MEGAPIXELS * 1_000_000) },
    trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY.split(','),
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: Math.round(e.SESSION_MAX_HOURS * 3_600_000),
    tls,
  });
}

function readTls(certFile: string | undefined, keyFile: string | undefined): { cert: Buffer; key: Buffer } | null {
  if (!certFile && !keyFile) return null;
  if (!certFile || !keyFile) {
    throw new ConfigError('Cấu hình không hợp lệ / Invalid configuration:\n  TLS_CERT_FILE and TLS_KEY_FILE go together: set both (PEM files) or neither.');
  }
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new ConfigError(`Cấu hình không hợp lệ / Invalid configuration:\n  ${name}=${JSON.stringify(file)}: cannot read it (${(err as Error).message}).`);
    }
  };
  return { cert: read('TLS_CERT_FILE', certFile), key: read('TLS_KEY_FILE', keyFile) };
}
