// Command line: `npm run cli -- <command>`. Works on the data directory (DATA_DIR) directly, with
// or without a running controller.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { openContext } from './context.ts';
import { AppError } from './errors.ts';
import { playerGrantUrl } from './routes/boards/index.ts';
import { importCampaignFile } from './services/campaign-import.ts';
import { newPassword } from './services/secrets.ts';

const USAGE = `LEDGate — dòng lệnh · command line

  npm run cli -- serve                          chạy bộ điều khiển · run the controller (same as npm start, without the build)
  npm run cli -- import <file.yaml>             nhập tệp chiến dịch · import a campaign file (playlists/library/)
  npm run cli -- user create <name> [--role admin|editor|operator]
                                                tạo tài khoản, in mật khẩu một lần · create a user, print its password once
  npm run cli -- user password <name>           đặt mật khẩu mới, in một lần · set a new password, print it once
  npm run cli -- user token <name> [--label L]  tạo API token cho script · create an API token for scripts
  npm run cli -- board list                     liệt kê bảng · list boards
  npm run cli -- board grant <boardId> [--hours 168]
                                                đường dẫn ghép nối một lần · one-time pairing URL for a board's player

DATA_DIR and PUBLIC_URL are read from the environment as for the controller.`;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string', default: 'editor' }, label: { type: 'string', default: 'cli' }, hours: { type: 'string', default: '168' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, sub, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  if (command === 'serve') {
    await import('./server.ts');
    return -1;
  }
  const config = loadConfig();
  const ctx = openContext(config.dataDir, Date.now, { minCapHeightPx: config.minCapHeightPx });
  const { services } = ctx;
  try {
    switch (command) {
      case 'import': {
        if (!sub) throw usage('import needs a file: npm run cli -- import playlists/library/hien-ke-2020.yaml');
        const r = await importCampaignFile(path.resolve(sub), { ...services, now: services.now });
        process.stdout.write(`Đã nhập · Imported ${sub}: ${r.slides} slides, ${r.playlists} playlists; ${r.boards} boards recompiled.\n`);
        return 0;
      }
      case 'user': {
        if (!arg) throw usage('user needs a name: npm run cli -- user create <name>');
        if (sub === 'create') {
          const role = values.role;
          if (role !== 'admin' && role !== 'editor' && role !== 'operator') throw usage('--role is admin, editor or operator');
          const password = newPassword();
          await services.auth.createUser(arg, password, role);
          process.stdout.write(`Đã tạo · Created ${arg} (${role}). Mật khẩu · Password (shown once): ${password}\n`);
          return 0;
        }
        if (sub === 'password') {
          const password = newPassword();
          await services.auth.setPassword(arg, password);
          process.stdout.write(`Mật khẩu mới · New password for ${arg} (shown once): ${password}\n`);
          return 0;
        }
        if (sub === 'token') {
          process.stdout.write(`${services.auth.createApiToken(arg, values.label)}\n`);
          return 0;
        }
        throw usage(`unknown: user ${sub ?? ''}`);
      }
      case 'board': {
        if (sub === 'list') {
          for (const b of services.store.boards.list()) process.stdout.write(`${b.id}\t${b.width}×${b.height}\t${b.name}\n`);
          return 0;
        }
        if (sub === 'grant' && arg) {
          const hours = Number(values.hours);
          if (!(hours > 0 && hours <= 24 * 30)) throw usage('--hours is between 0 and 720');
          const { grant, expiresAt } = services.pairing.createGrant(arg, hours * 3_600_000);
          process.stdout.write(`${playerGrantUrl(config.publicUrl, grant)}\n(một lần, hết hạn · one-time, expires ${new Date(expiresAt).toISOString()})\n`);
          return 0;
        }
        throw usage('board list | board grant <boardId>');
      }
      default:
        throw usage(`unknown command "${command}"`);
    }
  } finally {
    ctx.close();
  }
}

class UsageError extends Error {}
function usage(message: string): UsageError {
  return new UsageError(message);
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    else if (err instanceof AppError) process.stderr.write(`${err.messages.vi}\n${err.messages.en}\n`);
    else if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
