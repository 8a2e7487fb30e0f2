// buildApp(deps) → a ready-to-listen Fastify instance with every route, the socket.io hub and
// the docs. Tests call it with a temporary store and use inject() or port 0.
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, ResponseSerializationError, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import type { Config } from './config.ts';
import { jobsPlugin } from './jobs/index.ts';
import type { Leadership } from './store/leadership.ts';
import { metricsRoutes } from './metrics.ts';
import { AppError, ServiceUnavailable } from './errors.ts';
import { redisAnswers } from './realtime/cluster.ts';
import type { RedisClient } from './realtime/cluster.ts';
import { socketServer } from './realtime/socket-server.ts';
import { guardApi } from './routes/authenticate.ts';
import { setErrorHandler } from './routes/error-handler.ts';
import { refuseCrossSite } from './routes/same-origin.ts';
import { mediaRoutes } from './routes/media/index.ts';
import { FONTS_DIR } from './render/font-files.ts';
import { DEFAULT_IMAGE_LIMITS } from './render/image-pipeline.ts';
import { API } from '../playlists/api/index.ts';
import { accountRoutes, authRoutes } from './routes/accounts/index.ts';
import { boardRoutes } from './routes/boards/index.ts';
import { changeRoutes } from './routes/changes/index.ts';
import { slideRoutes, thumbnailRoutes } from './routes/content/index.ts';
import { route } from './routes/contract.ts';
import { playerRoutes } from './routes/player/index.ts';
import { reportRoutes } from './routes/reports/index.ts';
import { scheduleRoutes } from './routes/schedule/index.ts';
import { alertRoutes } from './routes/alerts/index.ts';
import { webRoutes } from './routes/web/index.ts';
import type { Services } from './services/index.ts';

export const VERSION = '0.1.0';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: { method: string; url: string }[];
  }
}

export interface AppDeps {
  config: Pick<Config, 'publicUrl' | 'logLevel'> & Partial<Pick<Config, 'uploadLimits' | 'tls' | 'trustProxy' | 'metricsToken'>>;
  services: Services;
  /** Redis shared with other controller processes (REDIS_URL); absent or null: this process alone. The caller closes it. */
  redis?: RedisClient | null;
  /** false in tests that want silence; otherwise pino at config.logLevel. */
  logger?: boolean;
  /** Which of several processes runs the scheduled jobs (DATABASE_URL); absent: this process alone runs them. The caller closes it. */
  leadership?: Leadership | null;
}

/** The socket origin (ws:// or wss://) of the controller's public address, for the content security policy. */
function socketOrigin(publicUrl: string): string {
  const u = new URL(publicUrl);
  return `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, services } = deps;
  const app = Fastify({
    ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            // One-time pairing links carry their secret in the query: never write it to a log.
            serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/([?&]grant=)[^&]+/, '$1[redacted]') }) },
          },
    // Per-request lines only at debug: hundreds of boards fetching media would drown the log.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    bodyLimit: 1024 * 1024,
    trustProxy: typeof config.trustProxy === 'number' ? ((_address: string, hop: number) => hop < (config.trustProxy as number)) : (config.trustProxy ?? false),
    // A request (a 20 MB picture on a slow link included) has two minutes; an idle kept-alive
    // connection ten seconds; a connection that never completes its headers, the headers timeout.
    requestTimeout: 120_000,
    // Errors Fastify raises before a route runs (an address it cannot decode) are answered like every
    // other refusal: bilingual, saying what to fix.
    frameworkErrors: (err, _req, res) => {
      const bad = err.code === 'FST_ERR_BAD_URL';
      const reply = res as unknown as { code(n: number): { send(body: unknown): unknown } };
      void reply.code(400).send({
        statusCode: 400,
        code: err.code,
        message: bad ? 'The address is not valid (a broken %-escape): check the link.' : err.message,
        messageVi: bad ? 'Đường dẫn không hợp lệ (mã %… bị hỏng): hãy kiểm tra lại liên kết.' : `Yêu cầu không hợp lệ: ${err.message}`,
      });
    },
    keepAliveTimeout: 10_000,
    connectionTimeout: 120_000,
  });
  // Every route, as registered: lets a test prove that all of /api needs a signed-in user.
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  // Fastify hands a missing body to validation as null; as undefined, a body schema's default applies
  // (POST …/grants with no body means "the default lifetime").
  app.setValidatorCompiler((route) => {
    const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
    return route.httpPart === 'body' ? (data: unknown) => validate(data === null ? undefined : data) : validate;
  });
  // Every JSON response is checked against its contract schema and carries only its fields. (By
  // parsing rather than zod's encode: the schemas normalise text on the way in, which is harmless —
  // idempotent — on data already stored, but has no encoding direction.)
  // Data stored before a rule was tightened (text that a newer check refuses) must not make a page
  // unreadable: outside the tests, such a response is logged and sent as it is.
  const strict = !!process.env.VITEST;
  app.setSerializerCompiler(({ schema, method, url }) => (data) => {
    const r = (schema as ZodType).safeParse(data);
    if (r.success) return JSON.stringify(r.data);
    if (strict) throw new ResponseSerializationError(method, url, { cause: r.error });
    app.log.error({ method, url, issues: r.error.issues.slice(0, 5) }, 'response does not match its schema; sent unchecked');
    return JSON.stringify(data);
  });
  setErrorHandler(app);
  refuseCrossSite(app);

  // Security headers on every answer. The content security policy allows only this controller's
  // own scripts, pictures and sockets (styles may be inline: the web app's component library and
  // the player page use them); nothing may frame the pages; no Referer leaves (pairing links carry
  // their secret in the address); HSTS only when serving HTTPS.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // The player keeps its pictures and the clock's font on the box and shows them from blob: URLs.
        fontSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'blob:', socketOrigin(config.publicUrl)],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.tls ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
    // Player boxes may show the player from a kiosk page on another origin; the pictures stay fetchable.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  await app.register(fastifyCookie);
  // Several processes count requests together in Redis (the sign-in limit holds however the load
  // balancer spreads them), on a connection of its own that fails fast: while Redis is away the
  // limit is skipped rather than every sign-in waiting (the per-account throttle stays, in the database).
  const limiterRedis = deps.redis?.duplicate({ connectionName: 'ledgate-rate-limit', maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 1000 }) ?? null;
  if (limiterRedis) {
    limiterRedis.on('error', () => undefined);
    app.addHook('onClose', async () => void limiterRedis.disconnect());
  }
  await app.register(fastifyRateLimit, {
    ...(limiterRedis ? { redis: limiterRedis, nameSpace: 'ledgate:rate-limit:', skipOnError: true } : {}),
    global: false,
    errorResponseBuilder: (_req, ctx) => {
      const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new AppError(429, 'rate_limited', { vi: `Quá nhiều yêu cầu: hãy thử lại sau ${seconds} giây.`, en: `Too many requests: try again in ${seconds} s.` }, { retryAfterSeconds: seconds });
    },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'LEDGate API',
        version: VERSION,
        description:
          'Controller for public LED boards. Every /api route needs a signed-in user (the session cookie from POST /auth/login, or `Authorization: Bearer <API token>` from POST /api/me/tokens or `npm run cli -- user token <name>`) whose roles allow the route\'s action (403 otherwise; GET /api/me lists what you may do). Slides, playlists and schedule entries are saved as drafts and reach boards only once another person approves them (/api/changes). Errors carry `message` (English) and `messageVi` (Tiếng Việt).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'ledgate_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The documentation page sets its own policy (its scripts by hash); its styles are partly inline.
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: (header) => header.replace(/style-src ([^;]*)/, "style-src $1 'unsafe-inline'") });

  route(app, API.health, () => ({ ok: true as const, version: VERSION }));
  route(app, API.ready, async () => {
    const [database, redis] = await Promise.all([services.databaseAnswers(), deps.redis ? redisAnswers(deps.redis) : Promise.resolve(null)]);
    if (!database || redis === false) {
      const down = [...(database ? [] : ['database']), ...(redis === false ? ['redis'] : [])];
      throw new ServiceUnavailable(
        { vi: `Chưa sẵn sàng: không kết nối được ${down.map((d) => (d === 'database' ? 'cơ sở dữ liệu' : 'Redis')).join(' và ')}.`, en: `Not ready: ${down.join(' and ')} out of reach.` },
        { down },
      );
    }
    return { ok: true as const, database: 'ok' as const, redis: redis ? ('ok' as const) : ('off' as const) };
  });
  const secureCookies = config.publicUrl.startsWith('https:');
  await app.register(authRoutes, { services, secureCookies });
  await app.register(mediaRoutes, { renditions: services.renditions });
  await app.register(thumbnailRoutes, { services });
  // Bundled fonts, for the player's clock slides (OFL: free to serve).
  await app.register(fastifyStatic, { root: FONTS_DIR, prefix: '/fonts/', decorateReply: false, maxAge: '7d' });
  await app.register(playerRoutes, { services });
  await app.register(async (api) => {
    guardApi(api, services);
    await api.register(accountRoutes, { services, secureCookies });
    await api.register(changeRoutes, { services });
    await api.register(boardRoutes, { services, publicUrl: config.publicUrl });
    await api.register(slideRoutes, { services, limits: config.uploadLimits ?? DEFAULT_IMAGE_LIMITS });
    await api.register(scheduleRoutes, { services });
    await api.register(reportRoutes, { services });
    await api.register(alertRoutes, { services });
  });
  await app.register(webRoutes);
  await app.register(socketServer, { services, redis: deps.redis ?? null });
  await app.register(metricsRoutes, { services, token: config.metricsToken ?? null, trustProxy: config.trustProxy ?? false });
  await app.register(jobsPlugin, { services, ...(deps.leadership ? { leadership: deps.leadership } : {}) });
  return app;
}
