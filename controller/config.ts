// Configuration: environment variables → zod → a frozen object. A bad value stops start-up with
// a message naming the variable, never a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_HEAP_GROWTH_PERCENT } from './heap.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** A mail address, bare or with a display name: ledgate@example.vn, LEDGate <ledgate@example.vn>. */
const MAILBOX = /^(?:[^<>@\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

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
  /** The heap may grow to (1 + this / 100) × what was alive after V8's last full collection; 0: V8's own factor (controller/heap.ts). */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).default(DEFAULT_HEAP_GROWTH_PERCENT),
  /** A board silent this long is stale, then offline (heartbeats come every 15 s). */
  LIVE_STALE_SECONDS: z.coerce.number().int().min(20, 'must be at least 20 (seconds): players beat every 15 s').max(3600).default(45),
  LIVE_OFFLINE_SECONDS: z.coerce.number().int().min(30).max(86_400).default(120),
  /** Raw proof of play is kept this long (daily rollups for good): at 8-second slides a board makes ≈ 10,800 records a day. */
  POP_RETENTION_DAYS: z.coerce.number().int().min(32, 'must be at least 32 (days): players send records up to 31 days old').max(3650).default(90),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  /** Lets Prometheus scrape /metrics from another machine (Authorization: Bearer <token>); without it, only from this one. */
  METRICS_TOKEN: z
    .string()
    .min(16, 'phải dài ít nhất 16 ký tự, ví dụ `openssl rand -hex 24` / must be at least 16 characters, e.g. `openssl rand -hex 24`')
    .regex(/^[\x21-\x7e]+$/, 'chỉ gồm ký tự ASCII in được, không dấu cách / printable ASCII only, no spaces')
    .optional(),
  /** Where alert mails go out: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'phải là địa chỉ smtp:// hoặc smtps://, ví dụ smtp://tai-khoan:mat-khau@mail.example.vn:587 / must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.vn:587' })
    .optional(),
  ALERT_EMAIL_FROM: z
    .string()
    .regex(MAILBOX, 'phải là một địa chỉ thư, ví dụ LEDGate <ledgate@example.vn> / must be a mail address such as LEDGate <ledgate@example.vn>')
    .optional(),
  ALERT_EMAIL_TO: z
    .string()
    .transform((v) => v.split(',').map((a) => a.trim()).filter(Boolean))
    .refine((list) => list.every((a) => z.email().safeParse(a).success), 'phải là các địa chỉ thư cách nhau bằng dấu phẩy / must be mail addresses separated by commas')
    .optional(),
  /** The data in PostgreSQL instead of the SQLite file under DATA_DIR: postgres://user@host:5432/ledgate. */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'phải là địa chỉ postgres://, ví dụ postgres://ledgate@127.0.0.1:5432/ledgate / must be a postgres:// URL such as postgres://ledgate@127.0.0.1:5432/ledgate' })
    .optional(),
  /** Several controller processes share socket.io fan-out through Redis: redis://host:6379 (rediss:// for TLS). */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'phải là địa chỉ redis:// hoặc rediss://, ví dụ redis://127.0.0.1:6379 / must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379' })
    .optional(),
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'phải là địa chỉ http:// hoặc https:// / must be an http:// or https:// URL' }).optional(),
  ALERT_DIGEST: z.enum(['daily', 'off'], { error: 'là daily (một thư tóm tắt lúc 07:00) hoặc off (mỗi cảnh báo một thư) / is daily (one summary at 07:00) or off (one mail per alert)' }).default('off'),
  ALERT_OFFLINE_MINUTES: z.coerce
    .number({ error: 'phải là số phút / must be a number of minutes' })
    .int('phải là số phút nguyên / must be whole minutes')
    .min(1, 'ít nhất 1 phút / at least 1 minute')
    .max(1440, 'nhiều nhất 1440 phút (một ngày) / at most 1440 minutes (a day)')
    .default(10),
});

const SECRETS = new Set(['METRICS_TOKEN', 'SMTP_URL', 'ALERT_WEBHOOK_URL', 'REDIS_URL', 'DATABASE_URL']);

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
  /** Days raw proof of play is kept (rollups are kept for good). */
  readonly popRetentionDays: number;
  /** After this long without a heartbeat a board is stale, then offline. */
  readonly liveThresholds: { onlineMs: number; staleMs: number };
  /** How far the heap may grow past what is alive, in percent (0: V8's own factor). */
  readonly heapGrowthPercent: number;
  /** Whose X-Forwarded-For to believe (a reverse proxy in front): the client address for sign-in limits and the audit trail. */
  readonly trustProxy: boolean | number | string[];
  /** Certificate and key (PEM) to serve HTTPS; boards need a secure context for offline playback. */
  readonly tls: { cert: Buffer; key: Buffer } | null;
  /** Bearer token that opens /metrics to other machines; null: loopback only. */
  readonly metricsToken: string | null;
  /** PostgreSQL holding the data (and the media) for every process; null: the SQLite file under dataDir. */
  readonly databaseUrl: string | null;
  /** Redis for socket.io across several controller processes; null: one process, no Redis. */
  readonly redisUrl: string | null;
  /** Where alerts go (the web app's alert settings may change recipients, webhook and digest). */
  readonly alerts: {
    smtpUrl: string | null;
    emailFrom: string | null;
    emailTo: readonly string[];
    webhookUrl: string | null;
    digest: 'daily' | 'off';
    /** A board silent this long (unless its own delay says otherwise) raises an offline alert. */
    offlineMinutes: number;
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = EnvSchema.safeParse(picked);
  if (!parsed.success) {
    // A secret is not echoed to the console or the service log, even a wrong one.
    const shown = (k: string) => (SECRETS.has(k) && picked[k] !== undefined ? '"…"' : JSON.stringify(picked[k]));
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}=${shown(String(i.path[0]))}: ${i.message}`);
    throw new ConfigError(
      `Cấu hình không hợp lệ / Invalid configuration:\n${lines.join('\n')}\nSửa các biến môi trường trên rồi khởi động lại. / Fix these environment variables and start again.`,
    );
  }
  const e = parsed.data;
  if (e.LIVE_OFFLINE_SECONDS <= e.LIVE_STALE_SECONDS) {
    throw new ConfigError(
      `Cấu hình không hợp lệ / Invalid configuration:\n  LIVE_OFFLINE_SECONDS=${e.LIVE_OFFLINE_SECONDS}: phải lớn hơn LIVE_STALE_SECONDS (${e.LIVE_STALE_SECONDS}) / must be more than LIVE_STALE_SECONDS (${e.LIVE_STALE_SECONDS})\nSửa các biến môi trường trên rồi khởi động lại. / Fix these environment variables and start again.`,
    );
  }
  if (e.SMTP_URL && !e.ALERT_EMAIL_FROM) {
    throw new ConfigError(
      'Cấu hình không hợp lệ / Invalid configuration:\n  ALERT_EMAIL_FROM: cần có khi đặt SMTP_URL, ví dụ LEDGate <ledgate@example.vn> / needed with SMTP_URL, e.g. LEDGate <ledgate@example.vn>',
    );
  }
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
    popRetentionDays: e.POP_RETENTION_DAYS,
    liveThresholds: { onlineMs: e.LIVE_STALE_SECONDS * 1000, staleMs: e.LIVE_OFFLINE_SECONDS * 1000 },
    heapGrowthPercent: e.HEAP_GROWTH_PERCENT,
    tls,
    metricsToken: e.METRICS_TOKEN ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    alerts: Object.freeze({
      smtpUrl: e.SMTP_URL ?? null,
      emailFrom: e.ALERT_EMAIL_FROM ?? null,
      emailTo: Object.freeze(e.ALERT_EMAIL_TO ?? []),
      webhookUrl: e.ALERT_WEBHOOK_URL ?? null,
      digest: e.ALERT_DIGEST,
      offlineMinutes: e.ALERT_OFFLINE_MINUTES,
    }),
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
