// Process entry: config, store, first-start set-up, app, listen, graceful shutdown.
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { openContext } from './context.ts';
import { limitHeapGrowth } from './heap.ts';
import { openRedis } from './realtime/cluster.ts';
import { playerGrantUrl } from './routes/boards/index.ts';
import type { FirstStart } from './services/bootstrap.ts';

function firstStartBlock(config: Config, first: FirstStart): string {
  return [
    '',
    'Lần khởi động đầu tiên · First start — these lines are printed ONCE, keep them now:',
    first.adminPassword
      ? `  Tài khoản quản trị · Admin user: ${first.adminUsername}\n  Mật khẩu · Password:             ${first.adminPassword}`
      : '  Đã có tài khoản, không tạo admin · An account existed already: no admin was created.',
    `  Bảng mẫu · Demo board "${first.boardId}" (576 × 288) — open this on its player (one-time link, valid until ${new Date(first.grantExpiresAt).toISOString()}):`,
    `    ${playerGrantUrl(config.publicUrl, first.grant)}`,
    '  Duyệt hai người đang BẬT: nội dung lên bảng khi người thứ hai phê duyệt. Tạo thêm tài khoản',
    '  (npm run cli -- user create <tên> --role approver), hoặc tắt nếu chỉ một người dùng (npm run cli -- approval off).',
    '  Two-person approval is ON: content reaches boards once a second person approves it. Create another',
    '  account (npm run cli -- user create <name> --role approver), or switch it off for a one-person site',
    '  (npm run cli -- approval off).',
    '',
  ].join('\n');
}

function banner(config: Config): string {
  return [
    '',
    'LEDGate đang chạy · LEDGate is running',
    `  Bộ điều khiển · Controller:      ${config.publicUrl}/`,
    `  Tài liệu API · API docs:         ${config.publicUrl}/docs`,
    `  Dữ liệu · Data:                  ${config.dataDir}`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  limitHeapGrowth(config.heapGrowthPercent);
  const ctx = await openContext(config.dataDir, Date.now, { databaseUrl: config.databaseUrl, minCapHeightPx: config.minCapHeightPx, sessionIdleMs: config.sessionIdleMs, sessionMaxMs: config.sessionMaxMs, popRetentionDays: config.popRetentionDays, liveThresholds: config.liveThresholds, alerts: { ...config.alerts, publicUrl: config.publicUrl } });
  const { services } = ctx;
  // With DATABASE_URL several processes may share the data: one of them (whichever holds the lock) runs the jobs.
  const leadership = ctx.jobLeadership((message, err) => process.stderr.write(`${message}${err instanceof Error ? ` (${err.message})` : ''}\n`));
  const redis = config.redisUrl ? openRedis(config.redisUrl, (err) => process.stderr.write(`Redis out of reach (${err.message}); retrying. /readyz answers 503 meanwhile.\n`)) : null;
  // Filled in once built; the shutdown handler below may run before that.
  const running: { app?: Awaited<ReturnType<typeof buildApp>> } = {};

  // Signal handlers first: a SIGTERM that arrives while starting still closes cleanly.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    closing = true;
    running.app?.log.info(`${signal}: closing`);
    try {
      await running.app?.close();
      await leadership?.close();
      redis?.disconnect();
      await ctx.close();
      process.exit(0);
    } catch (err) {
      process.stderr.write(`error while closing: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const first = await services.firstStart();
  // Printed at once: if listening fails below (port taken), the password is not lost.
  if (first) process.stdout.write(firstStartBlock(config, first));
  // Brings every manifest up to the current horizon and schema before any player connects.
  await services.publisher.recompileAll();
  const app = await buildApp({ config, services, redis, leadership });
  running.app = app;
  if (closing) return;
  // A reconnect storm (every board at once after a network cut) must not overflow the kernel's
  // queue of connections not yet accepted (Node's default is 511): the boards would wait for retries.
  await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  process.stdout.write(banner(config));
}

main().catch((err: unknown) => {
  process.stderr.write(`LEDGate could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
