// Command line: `npm run cli -- <command>`. Works on the data directory (DATA_DIR) directly, with
// or without a running controller. `render` needs neither: it draws slides straight to PNG files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { BoardSizeSchema } from '../playlists/board.ts';
import type { BoardSize } from '../playlists/board.ts';
import { viFor } from '../playlists/messages.ts';
import { ReportFormatSchema, ReportQuerySchema } from '../playlists/api/reports.ts';
import { RoleSchema } from '../playlists/permissions.ts';
import type { Duty } from '../playlists/permissions.ts';
import { PRESETS, resolveStyle, TextSlideSchema } from '../playlists/slide.ts';
import type { PresetId, Slide } from '../playlists/slide.ts';
import { ConfigError, loadConfig } from './config.ts';
import { migrateToPostgres, openContext } from './context.ts';
import { AppError, BadRequest, NotFound } from './errors.ts';
import type { Bilingual } from './errors.ts';
import { getFont } from './render/fonts.ts';
import { renderQr } from './render/qr-slide.ts';
import { renderScrollStrip, renderText } from './render/text-slide.ts';
import { playerGrantUrl } from './routes/boards/index.ts';
import type { Actor } from './services/actor.ts';
import { parseCampaignDocument } from './services/campaign-import.ts';
import type { Services } from './services/index.ts';
import { legacyTextProblems } from './services/slide-checks.ts';

const USAGE = `LEDGate — dòng lệnh · command line

  npm run cli -- serve                          chạy bộ điều khiển · run the controller (same as npm start, without the build)
  npm run cli -- import <file.yaml>             nhập tệp chiến dịch (đăng ngay) · import a campaign file, published at once
  npm run cli -- user list                      liệt kê tài khoản · list accounts
  npm run cli -- user create <name> --role editor[,approver…] [--duty overrides]
                                                tạo tài khoản; mật khẩu tạm in một lần · create an account; its temporary
                                                password is printed once and must be changed at first sign-in
                                                roles · vai trò: admin, editor, approver, operator, viewer
  npm run cli -- user roles <name> --role operator [--duty overrides|none]
                                                đổi vai trò · change roles (ends the user's sessions)
  npm run cli -- user disable <name>            khoá tài khoản · disable an account (ends its sessions)
  npm run cli -- user enable <name>             mở khoá · enable it again
  npm run cli -- user reset <name> [--reset-2fa]
                                                đặt lại mật khẩu (tạm, in một lần) · reset a password (temporary,
                                                printed once; sessions and API tokens end; --reset-2fa removes the
                                                second factor too)
  npm run cli -- user sessions <name>           phiên và token · sessions and API tokens
  npm run cli -- user end-sessions <name>       kết thúc mọi phiên · end every session and API token
  npm run cli -- user token <name> [--label L]  tạo API token cho script · create an API token for scripts
  npm run cli -- board list                     liệt kê bảng · list boards
  npm run cli -- board grant <boardId> [--hours 168]
                                                đường dẫn ghép nối một lần · one-time pairing URL for a board's player
  npm run cli -- approval on|off                bật/tắt duyệt hai người · switch two-person approval on or off
  npm run cli -- audit verify [--head <seq>:<hash>]
                                                kiểm tra chuỗi nhật ký · verify the audit trail's hash chain; it
                                                prints the head to note elsewhere, and --head proves a head noted
                                                earlier is still there, unchanged
  npm run cli -- audit export [--from 2026-11-01] [--to 2026-12-01] [--actor admin] [--action change]
                                                xuất nhật ký CSV · export the audit trail as CSV (stdout)
  npm run cli -- report --from 01/07/2020 --to 31/07/2020 [--format docx|pdf|csv] [--campaign <id> | --playlist <id>]
                        [--board <id> …] [--out <file>]
                                                báo cáo kết quả tuyên truyền · the campaign report: where the slogans ran,
                                                how often and how long, and whether the boards worked (DOCX in the layout
                                                of Nghị định 30/2020, PDF, or CSV for Excel); written to --out, or to
                                                bao-cao-<from>_<to>.<format> in the current directory
  npm run cli -- report rollup --from 01/07/2020 --to 31/07/2020
                                                tổng hợp lại theo ngày · roll the days up again from the raw records
                                                (a repair; days past the raw records' retention keep their rollups)
  npm run cli -- render --text "Toàn dân…" --size 576x288 [--preset khau-hieu|thong-tin|canh-bao|trang-den]
                        [--font <id>] [--scroll] [--out ./renders]
                                                vẽ một trang chữ ra PNG · draw a text slide to PNG (text-<w>x<h>.png)
  npm run cli -- render <campaign.yaml> --size 576x288 [--size 1216x400 …] [--out ./renders]
                                                vẽ mọi trang của tệp chiến dịch · draw every slide of a campaign file,
                                                one PNG per slide and size (<slideId>-<w>x<h>.png); image and clock
                                                slides are skipped

  npm run cli -- migrate-to-postgres [--to postgres://…]
                                                chép dữ liệu sang PostgreSQL · copy this installation (the SQLite file
                                                and media under DATA_DIR) into an empty PostgreSQL database (--to, or
                                                DATABASE_URL), then count the rows on both sides and verify the audit
                                                trail there; stop the controller first

DATA_DIR and PUBLIC_URL are read from the environment as for the controller. Every change the
command line makes is recorded in the audit trail under "cli:<your login name>". render needs no
running controller and no database; it reads MIN_CAP_HEIGHT_PX (smallest capital height, default 14 px).`;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
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
  // Before the data directory is opened: rendering needs no database and no server.
  if (command === 'render') return renderCommand(values, positionals.slice(1), config.minCapHeightPx);
  if (command === 'migrate-to-postgres') return migrateCommand(config.dataDir, values.to ?? config.databaseUrl, (line) => process.stdout.write(`${line}\n`));
  const ctx = await openContext(config.dataDir, Date.now, { databaseUrl: config.databaseUrl, announces: false, minCapHeightPx: config.minCapHeightPx, popRetentionDays: config.popRetentionDays, liveThresholds: config.liveThresholds });
  const { services } = ctx;
  // Whoever runs the command line holds the data directory: it acts as an admin, under its login name.
  const actor: Actor = { kind: 'cli', name: `cli:${os.userInfo().username}` };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    switch (command) {
      case 'import': {
        if (!sub) throw usage('import needs a file: npm run cli -- import playlists/library/hien-ke-2020.yaml');
        const r = await services.campaigns.importFile(actor, path.resolve(sub));
        out(`Đã nhập · Imported ${sub}: ${r.slides} slides, ${r.playlists} playlists; ${r.boards} boards recompiled.`);
        return 0;
      }
      case 'user':
        return await userCommand(services, actor, sub, arg, values, out);
      case 'board': {
        if (sub === 'list') {
          for (const b of await services.boards.statuses()) out(`${b.id}\t${b.width}×${b.height}\t${b.name}`);
          return 0;
        }
        if (sub === 'grant' && arg) {
          const hours = Number(values.hours);
          if (!(hours > 0 && hours <= 24 * 30)) throw usage('--hours is between 0 and 720');
          const { grant, expiresAt } = await services.pairing.createGrant(actor, arg, hours * 3_600_000);
          out(`${playerGrantUrl(config.publicUrl, grant)}\n(một lần, hết hạn · one-time, expires ${new Date(expiresAt).toISOString()})`);
          return 0;
        }
        throw usage('board list | board grant <boardId>');
      }
      case 'approval': {
        if (sub !== 'on' && sub !== 'off') throw usage('approval on | approval off');
        await services.settings.update(actor, { approvalRequired: sub === 'on' });
        out(sub === 'on' ? 'Duyệt hai người: BẬT · Two-person approval: ON' : 'Duyệt hai người: TẮT — mọi thay đổi lên bảng ngay · Two-person approval: OFF — every change goes live at once');
        return 0;
      }
      case 'audit': {
        if (sub === 'verify') {
          let expectHead: { seq: number; hash: string } | undefined;
          if (values.head !== undefined) {
            const m = /^(\d+):([0-9a-f]{64})$/.exec(values.head);
            if (!m) throw usage('--head is <seq>:<hash>, as a previous verify printed it');
            expectHead = { seq: Number(m[1]), hash: m[2]! };
          }
          const v = await services.audit.verify(expectHead);
          const head = v.head ? `${v.head.seq}:${v.head.hash}` : '(empty)';
          if (v.ok) {
            out(`Nhật ký nguyên vẹn · Audit trail intact: ${v.records} records, every link checked.`);
            out(`Bản ghi cuối · Head (note it elsewhere; check later with --head): ${head}`);
            return 0;
          }
          process.stderr.write(
            `Nhật ký bị sửa · Audit trail broken at record ${v.firstBroken!.seq} (${v.breaks} broken link${v.breaks === 1 ? '' : 's'} in all):\n  ${v.firstBroken!.vi}\n  ${v.firstBroken!.en}\n`,
          );
          return 1;
        }
        if (sub === 'export') {
          const day = (flag: string, v: string | undefined) => {
            if (v === undefined) return undefined;
            const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
            if (Number.isNaN(t)) throw usage(`--${flag} is a date (2026-11-01) or an ISO instant`);
            return t;
          };
          process.stdout.write(await services.audit.csv({ from: day('from', values.from), to: day('to', values.to), actor: values.actor, action: values.action }));
          return 0;
        }
        throw usage('audit verify | audit export');
      }
      case 'report':
        return await reportCommand(services, sub, values, out);
      default:
        throw usage(`unknown command "${command}"`);
    }
  } finally {
    await ctx.close();
  }
}

async function userCommand(services: Services, actor: Actor, sub: string | undefined, name: string | undefined, values: CommandLine, out: (line: string) => void): Promise<number> {
  if (sub === 'list') {
    for (const u of await services.users.list()) {
      out(`${u.username}\t${u.roles.join(',')}${u.duties.length ? `+${u.duties.join(',')}` : ''}\t${u.disabled ? 'khoá · disabled' : 'hoạt động · active'}${u.totpEnabled ? '\t2FA' : ''}`);
    }
    return 0;
  }
  if (!name) throw usage(`user ${sub ?? ''} needs a name: npm run cli -- user ${sub ?? 'create'} <name>`);
  const roles = () => {
    const list = (values.role ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    const parsed = list.map((r) => RoleSchema.safeParse(r));
    if (!list.length || parsed.some((p) => !p.success)) throw usage('--role is one or more of admin, editor, approver, operator, viewer, comma-separated');
    return parsed.map((p) => p.data!);
  };
  const duties = (): Duty[] | undefined => (values.duty === undefined ? undefined : values.duty === 'none' ? [] : values.duty === 'overrides' ? ['overrides'] : (() => { throw usage('--duty is overrides or none'); })());
  switch (sub) {
    case 'create': {
      const created = await services.users.create(actor, { username: name, roles: roles(), duties: duties() ?? [] });
      out(`Đã tạo · Created ${name} (${created.user.roles.join(', ')}). Mật khẩu tạm · Temporary password (shown once; to be changed at first sign-in): ${created.temporaryPassword}`);
      return 0;
    }
    case 'roles': {
      const u = await services.users.update(actor, name, { roles: roles(), duties: duties() });
      out(`${u.username}: ${u.roles.join(', ')}${u.duties.length ? ` + ${u.duties.join(', ')}` : ''} (các phiên đã kết thúc · sessions ended)`);
      return 0;
    }
    case 'disable':
    case 'enable':
      await services.users.update(actor, name, { disabled: sub === 'disable' });
      out(sub === 'disable' ? `Đã khoá · Disabled ${name}; its sessions and API tokens ended.` : `Đã mở khoá · Enabled ${name}.`);
      return 0;
    case 'reset':
    case 'password': {
      const { temporaryPassword } = await services.users.resetPassword(actor, name, { resetSecondFactor: values['reset-2fa'] });
      out(`Mật khẩu tạm · Temporary password for ${name} (shown once; to be changed at next sign-in): ${temporaryPassword}`);
      return 0;
    }
    case 'sessions':
      for (const t of await services.users.sessions(name)) out(`${t.id}\t${t.kind}\t${t.label ?? ''}\t${t.createdAt}\t${t.lastUsedAt ?? ''}\t${t.ip ?? ''}`);
      return 0;
    case 'end-sessions':
      await services.users.endSessions(actor, name);
      out(`Đã kết thúc mọi phiên · Ended every session and API token of ${name}.`);
      return 0;
    case 'token':
      out((await services.users.createApiToken(actor, name, values.label)).token);
      return 0;
    default:
      throw usage(`unknown: user ${sub ?? ''}`);
  }
}

/** A day on the command line as staff write it (01/07/2020) or as YYYY-MM-DD. */
function cliDay(flag: string, v: string | undefined): string {
  if (v === undefined) throw usage(`--${flag} is needed: a day such as 01/07/2020`);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim());
  if (vn) return `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}`;
  return v.trim();
}

async function reportCommand(services: Services, sub: string | undefined, values: CommandLine, out: (line: string) => void): Promise<number> {
  const parsed = ReportQuerySchema.safeParse({ from: cliDay('from', values.from), to: cliDay('to', values.to), campaignId: values.campaign, playlistId: values.playlist, boardId: values.board });
  if (!parsed.success) {
    const flag = (key: unknown) => `--${({ campaignId: 'campaign', playlistId: 'playlist', boardId: 'board' } as Record<string, string>)[String(key)] ?? String(key)}`;
    const lines = parsed.error.issues.map((i) => ({ vi: `${flag(i.path[0])}: ${viFor(i.message) ?? i.message}`, en: `${flag(i.path[0])}: ${i.message}` }));
    throw new BadRequest({ vi: lines.map((l) => l.vi).join('\n'), en: lines.map((l) => l.en).join('\n') });
  }
  const q = parsed.data;
  if (sub === 'rollup') {
    const r = await services.reports.rollUp(q.from, q.to);
    out(`Đã tổng hợp lại · Rolled up ${r.boardDays} board-day(s) into ${r.rows} row(s).`);
    return 0;
  }
  if (sub !== undefined) throw usage(`unknown: report ${sub}`);
  const format = ReportFormatSchema.safeParse(values.format);
  if (!format.success) throw usage('--format is docx, pdf or csv');
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: 'Đang lập báo cáo · Building the report [{bar}] {value}/{total} bảng · boards', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  let started = false;
  const file = await services.reports
    .exportFile(q, format.data, (done, total) => {
      if (!bar) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    })
    .finally(() => bar?.stop());
  const target = path.resolve(values.out ?? file.filename);
  await fs.promises.writeFile(target, file.bytes);
  out(`Đã ghi báo cáo · Report written: ${target}`);
  return 0;
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        duty: { type: 'string' },
        'reset-2fa': { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        actor: { type: 'string' },
        action: { type: 'string' },
        head: { type: 'string' },
        label: { type: 'string', default: 'cli' },
        hours: { type: 'string', default: '168' },
        help: { type: 'boolean', short: 'h' },
        text: { type: 'string' },
        size: { type: 'string', multiple: true },
        out: { type: 'string' },
        format: { type: 'string', default: 'docx' },
        campaign: { type: 'string' },
        playlist: { type: 'string' },
        board: { type: 'string', multiple: true },
        preset: { type: 'string' },
        font: { type: 'string' },
        scroll: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    // An unknown option or a missing value: say so with the usage, not a stack trace.
    if (e instanceof TypeError && String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw usage(e.message);
    throw e;
  }
}
type CommandLine = ReturnType<typeof parseCommandLine>['values'];

class UsageError extends Error {}
function usage(message: string): UsageError {
  return new UsageError(message);
}

// ——— render ———————————————————————————————————————————————————————————————————————————————————

const EXAMPLE_SIZE = '576x288';

/** "576x288" (or "576×288") → a board size within the limits boards have. */
function parseBoardSize(text: string): BoardSize {
  const m = /^\s*(\d{1,6})\s*[x×]\s*(\d{1,6})\s*$/i.exec(text);
  if (!m) {
    throw new BadRequest({
      vi: `Kích thước "${text}" không hợp lệ: hãy viết RỘNGxCAO bằng điểm ảnh, ví dụ --size ${EXAMPLE_SIZE}.`,
      en: `Size "${text}" is not valid: write WIDTHxHEIGHT in pixels, for example --size ${EXAMPLE_SIZE}.`,
    });
  }
  const parsed = BoardSizeSchema.safeParse({ width: Number(m[1]), height: Number(m[2]) });
  if (!parsed.success) {
    const side = { width: { vi: 'chiều rộng', en: 'width' }, height: { vi: 'chiều cao', en: 'height' } };
    const issues = parsed.error.issues.map((i) => ({ side: side[i.path[0] as 'width' | 'height'], en: i.message, vi: viFor(i.message) ?? i.message }));
    throw new BadRequest({
      vi: `Kích thước "${text}" không dùng được: ${issues.map((i) => `${i.side.vi} ${i.vi}`).join('; ')}.`,
      en: `Size "${text}" cannot be used: ${issues.map((i) => `${i.side.en} ${i.en}`).join('; ')}.`,
    });
  }
  return parsed.data;
}

interface RenderJob {
  slide: Slide;
  size: BoardSize;
  /** File name under the output directory. */
  name: string;
  /** Where the slide is in its campaign file, for refusals. */
  where?: string;
}

interface Refusal {
  name: string;
  where?: string | undefined;
  messages: Bilingual;
}

/** Draws one slide at one size with the renderers themselves: no cache, no database. */
async function drawSlide(slide: Slide, size: BoardSize, minCapPx: number): Promise<{ png: Buffer; detail: string }> {
  if (slide.kind === 'text') {
    const drawing = { text: slide.text, secondLine: slide.secondLine, style: resolveStyle(slide.style) };
    if (slide.mode === 'scroll') {
      const strip = await renderScrollStrip(drawing, size, { minCapPx });
      return { png: strip.png, detail: `${strip.width}×${size.height}, chữ chạy · scroll strip, chữ hoa · capitals ${strip.capHeightPx} px` };
    }
    const r = await renderText(drawing, size, { minCapPx, backgroundImage: null });
    return { png: r.png, detail: `${size.width}×${size.height}, chữ hoa · capitals ${r.capHeightPx} px` };
  }
  if (slide.kind === 'qr') {
    const r = await renderQr({ data: slide.data, caption: slide.caption, style: resolveStyle(slide.style) }, size, { minCapPx });
    return { png: r.png, detail: `${size.width}×${size.height}, QR ${r.modulePx} px/ô · px/module${r.capHeightPx ? `, chữ hoa · capitals ${r.capHeightPx} px` : ''}` };
  }
  throw new Error(`${slide.kind} slides are not rendered here`);
}

/** The slide --text, --preset, --font and --scroll describe, validated as the API would. */
function textSlideFromOptions(values: CommandLine): Slide {
  const preset = values.preset ?? 'khau-hieu';
  if (!Object.hasOwn(PRESETS, preset)) {
    const offered = Object.keys(PRESETS).join(', ');
    throw new BadRequest({ vi: `Không có kiểu mẫu "${preset}". Có thể chọn: ${offered}.`, en: `No preset "${preset}". Choose one of: ${offered}.` });
  }
  if (values.font !== undefined) getFont(values.font); // names the fonts on offer
  const parsed = TextSlideSchema.safeParse({
    id: 'text',
    kind: 'text',
    text: values.text,
    mode: values.scroll ? 'scroll' : 'fit',
    style: { preset: preset as PresetId, ...(values.font !== undefined ? { font: values.font } : {}) },
  });
  if (!parsed.success) {
    const option = (p: PropertyKey[]) => (p[0] === 'style' ? `--${String(p[1])}` : `--${String(p[0])}`);
    const lines = parsed.error.issues.map((i) => ({ option: option(i.path), en: i.message, vi: viFor(i.message) ?? i.message }));
    throw new BadRequest({ vi: lines.map((l) => `${l.option}: ${l.vi}`).join('\n'), en: lines.map((l) => `${l.option}: ${l.en}`).join('\n') });
  }
  return parsed.data;
}

function readCampaign(file: string): { slides: Slide[]; lineOf: (p: PropertyKey[]) => number | undefined } {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFound({ vi: `Không có tệp "${file}". Hãy kiểm tra đường dẫn, ví dụ playlists/library/hien-ke-2020.yaml.`, en: `No file "${file}". Check the path, for example playlists/library/hien-ke-2020.yaml.` });
    throw new BadRequest({ vi: `Không đọc được tệp "${file}": ${(e as Error).message}`, en: `Cannot read "${file}": ${(e as Error).message}` });
  }
  const { data, lineOf } = parseCampaignDocument(text, file);
  return { slides: data.slides, lineOf };
}

/** Where a path is, as short as it can be said from here. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

/** Copies the SQLite installation into PostgreSQL, then proves the copy: counts, and the audit chain read back there. */
async function migrateCommand(dataDir: string, url: string | null | undefined, out: (line: string) => void): Promise<number> {
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw usage('migrate-to-postgres needs the target database: --to postgres://user@host:5432/db, or DATABASE_URL');
  }
  const target = new URL(url);
  out(`Chép · Copying ${path.join(dataDir, 'ledgate.sqlite')} → postgres://${target.host}${target.pathname}`);
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: '{table} [{bar}] {value}/{total}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  let current = '';
  let counts;
  try {
    counts = await migrateToPostgres(dataDir, url, (table, copied, total) => {
      if (!bar) return;
      if (table !== current) {
        if (current) bar.stop();
        current = table;
        bar.start(total, copied, { table });
      } else bar.update(copied);
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'TargetNotEmpty') {
      throw new BadRequest({ vi: `Cơ sở dữ liệu PostgreSQL đích đã có dữ liệu: ${e.message}. Hãy chép vào một cơ sở dữ liệu trống.`, en: `The target PostgreSQL database is not empty: ${e.message}. Copy into an empty database.` });
    }
    throw e;
  } finally {
    bar?.stop();
  }
  const width = Math.max(...counts.map((c) => c.table.length));
  out(`${'bảng · table'.padEnd(width)}  ${'SQLite'.padStart(10)}  ${'PostgreSQL'.padStart(10)}`);
  for (const c of [...counts].sort((x, y) => x.table.localeCompare(y.table))) out(`${c.table.padEnd(width)}  ${String(c.sqlite).padStart(10)}  ${String(c.postgres).padStart(10)}${c.sqlite === c.postgres ? '' : '  ✗'}`);
  const wrong = counts.filter((c) => c.sqlite !== c.postgres);
  if (wrong.length) {
    process.stderr.write(`Số dòng không khớp · Row counts differ: ${wrong.map((c) => c.table).join(', ')}\n`);
    return 1;
  }
  // Read back through the store, as the controller will: the audit chain must be whole there.
  const ctx = await openContext(dataDir, Date.now, { databaseUrl: url, announces: false });
  try {
    const verdict = await ctx.services.audit.verify();
    if (!verdict.ok) {
      process.stderr.write(`Chuỗi nhật ký trên PostgreSQL bị đứt · The audit trail is broken on PostgreSQL (${verdict.breaks} broken links)\n`);
      return 1;
    }
    out(`Đủ mọi dòng; chuỗi nhật ký nguyên vẹn (${verdict.records} bản ghi) · Every row is there; the audit trail is intact (${verdict.records} records).`);
    out('Khởi động bộ điều khiển với DATABASE_URL này · Start the controller with this DATABASE_URL.');
    return 0;
  } finally {
    await ctx.close();
  }
}

async function renderCommand(values: CommandLine, args: string[], minCapPx: number): Promise<number> {
  const [file, extra] = args;
  const notes: string[] = [];
  if (extra !== undefined) throw new BadRequest({ vi: `Mỗi lần chỉ vẽ một tệp chiến dịch (thừa "${extra}").`, en: `Render one campaign file at a time ("${extra}" is extra).` });
  if (values.text === undefined && file === undefined) {
    throw new BadRequest({ vi: 'render cần --text "…" hoặc một tệp chiến dịch: npm run cli -- render playlists/library/hien-ke-2020.yaml --size 576x288', en: 'render needs --text "…" or a campaign file: npm run cli -- render playlists/library/hien-ke-2020.yaml --size 576x288' });
  }
  if (values.text !== undefined && file !== undefined) {
    throw new BadRequest({ vi: 'Hãy dùng --text hoặc một tệp chiến dịch, không dùng cả hai.', en: 'Use --text or a campaign file, not both.' });
  }
  if (file !== undefined && (values.preset !== undefined || values.font !== undefined || values.scroll)) {
    throw new BadRequest({ vi: '--preset, --font và --scroll chỉ dùng với --text: trang trong tệp chiến dịch đã có kiểu riêng.', en: '--preset, --font and --scroll go with --text only: the slides of a campaign file carry their own style.' });
  }
  if (!values.size?.length) {
    throw new BadRequest({ vi: `Hãy cho biết kích thước bảng: --size ${EXAMPLE_SIZE} (có thể lặp lại --size).`, en: `Give the board size: --size ${EXAMPLE_SIZE} (--size may be repeated).` });
  }
  const sizes: BoardSize[] = [];
  for (const s of values.size) {
    const size = parseBoardSize(s);
    if (!sizes.some((x) => x.width === size.width && x.height === size.height)) sizes.push(size);
  }
  const sizeName = (s: BoardSize) => `${s.width}x${s.height}`;

  const jobs: RenderJob[] = [];
  let skipped = 0;
  if (values.text !== undefined) {
    const slide = textSlideFromOptions(values);
    for (const problem of legacyTextProblems(slide)) notes.push(`⚠ --text: ${problem.vi}\n  ${problem.en}`);
    for (const size of sizes) jobs.push({ slide, size, name: `text-${sizeName(size)}.png` });
  } else {
    const { slides, lineOf } = readCampaign(file!);
    for (const [i, slide] of slides.entries()) {
      const line = lineOf(['slides', i]);
      const where = `${file}${line ? `:${line}` : ''}`;
      if (slide.kind === 'image') {
        skipped++;
        notes.push(`⚠ ${slide.id} (${where}): trang ảnh cần thư viện ảnh của bộ điều khiển, bỏ qua · image slide skipped: it needs the controller's picture library`);
        continue;
      }
      if (slide.kind === 'clock') {
        skipped++;
        notes.push(`ℹ ${slide.id} (${where}): trang đồng hồ do trình phát vẽ trực tiếp, bỏ qua · clock slide skipped: the player draws it live`);
        continue;
      }
      if (slide.kind === 'text' && slide.style.backgroundImage) {
        notes.push(`⚠ ${slide.id} (${where}): vẽ không có ảnh nền (cần thư viện ảnh) · drawn without its background picture (it needs the picture library)`);
      }
      for (const problem of legacyTextProblems(slide)) notes.push(`⚠ ${slide.id} (${where}) ${problem.path}: ${problem.vi}\n  ${problem.en}`);
      for (const size of sizes) jobs.push({ slide, size, name: `${slide.id}-${sizeName(size)}.png`, where });
    }
  }

  const outDir = path.resolve(values.out ?? './renders');
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new BadRequest({ vi: `Không tạo được thư mục "${outDir}": ${(e as Error).message}`, en: `Cannot create the directory "${outDir}": ${(e as Error).message}` });
  }
  for (const note of notes) process.stderr.write(`${note}\n`);

  // A bar only for a person watching a terminal and more than one picture; otherwise a line a file.
  const multi = process.stderr.isTTY && jobs.length > 1
    ? new cliProgress.MultiBar({ stream: process.stderr, format: 'Đang vẽ · Rendering [{bar}] {value}/{total} {file}', hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic)
    : null;
  const bar = multi?.create(jobs.length, 0, { file: '' });
  const refused: Refusal[] = [];
  let written = 0;
  try {
    for (const job of jobs) {
      bar?.update({ file: job.name });
      try {
        const { png, detail } = await drawSlide(job.slide, job.size, minCapPx);
        const target = path.join(outDir, job.name);
        await fs.promises.writeFile(target, png);
        written++;
        if (!multi) process.stdout.write(`✓ ${shown(target)} (${detail})\n`);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        refused.push({ name: job.name, where: job.where, messages: e.messages });
        if (multi) multi.log(`✗ ${job.name}: từ chối · refused\n`);
        else process.stderr.write(`✗ ${job.name}: từ chối · refused\n`);
      }
      bar?.increment();
    }
    bar?.update({ file: '' });
  } finally {
    multi?.stop();
  }

  if (refused.length) {
    process.stderr.write(`\nBị từ chối · Refused (${refused.length}):\n`);
    for (const r of refused) process.stderr.write(`  ${r.name}${r.where ? ` (${r.where})` : ''}:\n    ${r.messages.vi.replace(/\n/g, '\n    ')}\n    ${r.messages.en.replace(/\n/g, '\n    ')}\n`);
  }
  const dir = shown(outDir);
  const skippedVi = skipped ? `, ${skipped} trang bỏ qua` : '';
  const skippedEn = skipped ? `, ${skipped} ${skipped === 1 ? 'slide' : 'slides'} skipped` : '';
  process.stdout.write(`Đã ghi ${written} tệp vào ${dir}, ${refused.length} bị từ chối${skippedVi} · ${written} ${written === 1 ? 'file' : 'files'} written to ${dir}, ${refused.length} refused${skippedEn}.\n`);
  return refused.length ? 1 : 0;
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
