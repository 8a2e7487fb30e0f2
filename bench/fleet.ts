// bench:fleet — a fleet of simulated boards against real controller processes, as the scale-out
// issue asks: N boards connect and become ready, beat every 15 s for a minute, then every socket
// drops at once and the fleet comes back (target: all back and ready within 30 s, RSS ≤ 1 GB).
// First one controller process; then two processes on the same data directory behind a private
// Redis, half the boards on each. The bench talks to the controller only as its users and players
// do (HTTP API, socket.io, child processes); the simulated players run in bench/sim-fleet.ts.
//
// Run: npm run bench:fleet -- [N=10000] [--single | --redis] [--clients=2] [--steady=60] [--cpu-prof=<dir>]
// (--cpu-prof writes a V8 CPU profile of each controller process into <dir> when it stops.)
import { execFileSync, fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FleetCommand, FleetMessage, PhaseReport, StatsReport } from './sim-fleet.ts';
import { percentile } from './percentile.ts';
import { createTestDatabase } from '../test/helpers/postgres.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const CONFIGS: ('single' | 'redis')[] = args.includes('--single') ? ['single'] : args.includes('--redis') ? ['redis'] : ['single', 'redis'];
const CLIENTS = Math.max(1, Number(option('clients') ?? 2));
const STEADY_MS = Number(option('steady') ?? 60) * 1000;
const CPU_PROF_DIR = option('cpu-prof');
/** --postgres: the controllers on PostgreSQL (a database of the run's own, dropped after), each process with a disk of its own. */
const ON_POSTGRES = args.includes('--postgres');
/** Requests in flight while seeding: enough to hide the round trip, few enough not to queue for long. */
const CONCURRENCY = 32;
const PHASE_DEADLINE_MS = 300_000;
const RSS_TARGET_MIB = 1024;
const STORM_TARGET_MS = 30_000;
const SIZES = [
  [576, 288],
  [1216, 400],
] as const;

// ─── processes and clean-up ───────────────────────────────────────────────────────────────────

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

async function cleanUp(): Promise<void> {
  await Promise.all([...children].map((c) => stop(c)));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

// A Ctrl-C must not leave controllers, Redis or thousands of sockets behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: cleaning up\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Controller {
  name: string;
  child: ChildProcess;
  pid: number;
  url: string;
  adminPassword: string | null;
  /** Warnings and errors the controller logged (pino JSON lines at LOG_LEVEL=warn). */
  logged: { count: number; shown: number };
  /** node-cron's "missed execution" warnings: a job tick came while the event loop was blocked. */
  missedTicks: number;
}

async function startController(name: string, dataDir: string, extraEnv: Record<string, string>): Promise<Controller> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Named by V8 (pid and thread): tsx's loader thread writes a profile of its own beside the main one.
  const profile = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'controller/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: url, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const c: Controller = { name, child, pid: child.pid!, url, adminPassword: null, logged: { count: 0, shown: 0 }, missedTicks: 0 };
  let stdout = '';
  let stderr = '';
  let listening = false;
  const onLine = (line: string) => {
    if (!line.startsWith('{')) return;
    c.logged.count++;
    // The first few show what went wrong; the count says how often.
    if (c.logged.shown++ < 5) process.stderr.write(`  [${name} log] ${line.slice(0, 400)}\n`);
  };
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    if (!listening) stdout += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    lines.forEach(onLine);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (!listening) return;
    const missed = chunk.match(/missed execution/g)?.length ?? 0;
    c.missedTicks += missed;
    if (!missed) process.stderr.write(`  [${name} stderr] ${chunk}`);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`controller ${name} did not start within 180 s\n${stderr}`)), 180_000);
    const check = () => {
      if (stdout.includes('LEDGate is running')) {
        clearTimeout(timer);
        listening = true;
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`controller ${name} exited (${code}) while starting:\n${stderr}${stdout}`));
    });
  });
  c.adminPassword = /Password:\s+(\S+)/.exec(stdout)?.[1] ?? null;
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(`  controller ${name} exited unexpectedly (code ${code}, signal ${signal})\n`);
  });
  return c;
}

async function startRedis(): Promise<{ child: ChildProcess; pid: number; url: string }> {
  const port = await freePort();
  const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
  });
  return { child, pid: child.pid!, url: `redis://127.0.0.1:${port}` };
}

interface Client {
  child: ChildProcess;
  pid: number;
  messages: ((m: FleetMessage) => void)[];
}

async function startClient(): Promise<Client> {
  const child = fork(path.join(import.meta.dirname, 'sim-fleet.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const client: Client = { child, pid: child.pid!, messages: [] };
  child.on('message', (m: FleetMessage) => {
    if (m.type === 'progress') process.stdout.write(`    … ${m.phase} (client ${child.pid}): ${m.done}/${m.total} ready after ${(m.elapsedMs / 1000).toFixed(0)} s\n`);
    for (const listener of client.messages) listener(m);
  });
  await nextMessage(client, 'hello');
  return client;
}

function nextMessage<T extends FleetMessage['type']>(client: Client, type: T): Promise<Extract<FleetMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`simulated players (pid ${client.pid}) exited (${code})`));
    const listener = (m: FleetMessage) => {
      if (m.type !== type) return;
      client.messages.splice(client.messages.indexOf(listener), 1);
      client.child.off('exit', onExit);
      resolve(m as Extract<FleetMessage, { type: T }>);
    };
    client.messages.push(listener);
    client.child.once('exit', onExit);
  });
}

const command = (client: Client, cmd: FleetCommand) => client.child.send(cmd);

// ─── CPU and memory of the processes, from /proc ──────────────────────────────────────────────

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readProc(pid: number): { ticks: number; rssKiB: number } | null {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    const rss = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { ticks, rssKiB: rss ? Number(rss[1]) : 0 };
  } catch {
    return null;
  }
}

/**
 * Connections the kernel dropped because a listening socket's accept queue was full (system-wide:
 * other programs count too, but at these volumes the controller's port dominates). A dropped
 * handshake is retried by the client's TCP after 1 s, 3 s, 7 s…, which is what a storm waits on.
 */
function listenOverflows(): number {
  try {
    const lines = fs.readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('TcpExt:'));
    const keys = lines[i]!.split(/\s+/);
    const values = lines[i + 1]!.split(/\s+/);
    return Number(values[keys.indexOf('ListenOverflows')]);
  } catch {
    return NaN;
  }
}

interface Sample {
  t: number;
  ticks: number;
  rssKiB: number;
}

/** Samples every watched process once a second; a phase asks for CPU and peak RSS between two marks. */
class Sampler {
  private readonly samples = new Map<number, Sample[]>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly watched: { name: string; pid: number }[]) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  sample(): number {
    const t = performance.now();
    for (const { pid } of this.watched) {
      const r = readProc(pid);
      if (!r) continue;
      let list = this.samples.get(pid);
      if (!list) this.samples.set(pid, (list = []));
      list.push({ t, ...r });
    }
    return t;
  }

  mark(): number {
    return this.sample();
  }

  /** Per process: mean CPU (% of one core) and peak RSS (MiB) between two marks. */
  between(from: number, to: number): { name: string; cpuPct: number; maxRssMiB: number }[] {
    return this.watched.map(({ name, pid }) => {
      const inside = (this.samples.get(pid) ?? []).filter((s) => s.t >= from && s.t <= to);
      const first = inside[0];
      const last = inside[inside.length - 1];
      const cpuPct = first && last && last.t > first.t ? ((last.ticks - first.ticks) / CLK_TCK / ((last.t - first.t) / 1000)) * 100 : NaN;
      return { name, cpuPct, maxRssMiB: Math.max(...inside.map((s) => s.rssKiB)) / 1024 };
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

// ─── HTTP as an admin would ───────────────────────────────────────────────────────────────────

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(base: string, method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${base}${urlPath}`, { method, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

class Api {
  constructor(
    readonly base: string,
    private token = '',
  ) {}

  authorise(token: string): void {
    this.token = token;
  }

  async call<T>(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    for (;;) {
      const res = await request(this.base, method, urlPath, body, { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers });
      // Rate limited: wait as told, as a well-behaved script would.
      if (res.status === 429) {
        const seconds = Number(res.headers['retry-after'] ?? 1);
        process.stdout.write(`    rate limited on ${method} ${urlPath}: waiting ${seconds} s\n`);
        await new Promise((r) => setTimeout(r, seconds * 1000));
        continue;
      }
      if (res.status >= 300) throw new Error(`${method} ${urlPath}: HTTP ${res.status} ${res.text.slice(0, 500)}`);
      return (res.text ? JSON.parse(res.text) : undefined) as T;
    }
  }
}

async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** Boards, content on them, and a paired device each, through the HTTP API; returns the device tokens. */
async function seed(c: Controller, n: number): Promise<string[]> {
  const api = new Api(c.url);
  const t0 = performance.now();
  const login = await request(c.url, 'POST', '/auth/login', { username: 'admin', password: c.adminPassword });
  if (login.status !== 200) throw new Error(`sign-in refused: HTTP ${login.status} ${login.text}`);
  const cookie = [login.headers['set-cookie'] ?? []].flat().map((s) => s.split(';')[0]).join('; ');
  // One sign-in (the route allows 10 a minute), then an API token for everything else.
  const { token } = await api.call<{ token: string }>('POST', '/api/me/tokens', { label: 'bench:fleet' }, { cookie });
  api.authorise(token);
  // A one-person site: changes go live without a second approver.
  await api.call('PATCH', '/api/settings', { approvalRequired: false });
  await api.call('POST', '/api/slides', { id: 'fleet-khau-hieu', kind: 'text', text: 'Toàn dân tham gia hiến kế', durationSeconds: 8 });
  await api.call('POST', '/api/slides', { id: 'fleet-dak-lak', kind: 'text', text: 'Đắk Lắk giàu đẹp, văn minh', durationSeconds: 8 });
  await api.call('PUT', '/api/playlists/fleet', { name: 'Bench fleet', items: [{ slideId: 'fleet-khau-hieu' }, { slideId: 'fleet-dak-lak' }] });
  const t1 = performance.now();

  const ids = Array.from({ length: n }, (_, i) => `bang-${String(i).padStart(5, '0')}`);
  await pool(ids, CONCURRENCY, (id) => {
    const [width, height] = SIZES[Number(id.slice(5)) % SIZES.length]!;
    return api.call('POST', '/api/boards', { id, name: `Bảng ${id.slice(5)}`, width, height });
  });
  const t2 = performance.now();
  await api.call('PUT', '/api/groups/fleet', { name: 'Bench fleet', boardIds: ids, defaultPlaylistId: 'fleet' });
  const t3 = performance.now();
  const tokens = await pool(ids, CONCURRENCY, async (id) => {
    const { url } = await api.call<{ url: string }>('POST', `/api/boards/${id}/grants`, {});
    const grant = new URL(url).searchParams.get('grant')!;
    const redeemed = await api.call<{ token: string }>('POST', '/player-api/grants/redeem', { grant });
    return redeemed.token;
  });
  const t4 = performance.now();
  console.log(
    `  seeding over HTTP (${CONCURRENCY} in flight): ${s(t4 - t0)} in all — sign-in, token, 2 slides, playlist ${s(t1 - t0)}; ${n} boards ${s(t2 - t1)} (${((n / (t2 - t1)) * 1000).toFixed(0)}/s); group of ${n} with the playlist as its default ${s(t3 - t2)}; ${n} grants redeemed ${s(t4 - t3)} (${((n / (t4 - t3)) * 1000).toFixed(0)}/s)`,
  );
  return tokens;
}

// ─── measurements ─────────────────────────────────────────────────────────────────────────────

/** Latency of GET /healthz, every 250 ms, until stopped: how long a request waits for the event loop. */
function probeHealth(url: string): { stop(): { p50: number; p99: number; max: number; n: number; failed: number } } {
  const times: number[] = [];
  let failed = 0;
  let running = true;
  const loop = async () => {
    while (running) {
      const t = performance.now();
      try {
        const res = await request(url, 'GET', '/healthz');
        if (res.status === 200) times.push(performance.now() - t);
        else failed++;
      } catch {
        failed++;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  void loop();
  return {
    stop() {
      running = false;
      const sorted = [...times].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, n: sorted.length, failed };
    },
  };
}

/** Waits until the controllers have counted (written) as many heartbeats as the players sent; how long that took (ms). */
async function heartbeatsWritten(clients: Parameters<typeof sumStats>[0], controllers: Controller[]): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const sent = (await sumStats(clients)).heartbeats;
    const counted = (await Promise.all(controllers.map(metrics))).reduce((acc, m) => acc + m.heartbeats, 0);
    // Within a second's worth: some are always on the way.
    if (counted >= sent - 1000) return performance.now() - t0;
    if (performance.now() - t0 > 120_000) throw new Error(`the controllers wrote ${counted} of ${sent} heartbeats in 2 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The controller's own counters: open /player sockets and heartbeats received; how long the scrape
 * took; and where its memory is at that moment (V8's heap, used and reserved, and memory outside it:
 * buffers), to tell what an RSS figure is made of.
 */
async function metrics(c: Controller): Promise<{ sockets: number; heartbeats: number; ms: number; memory: string }> {
  const t = performance.now();
  const res = await request(c.url, 'GET', '/metrics');
  const ms = performance.now() - t;
  const value = (re: RegExp) => Number(re.exec(res.text)?.[1] ?? NaN);
  const mib = (name: string) => (value(new RegExp(`^${name} ([\\d.e+]+)`, 'm')) / 2 ** 20).toFixed(0);
  const memory = `V8 heap ${mib('nodejs_heap_size_used_bytes')} MiB used of ${mib('nodejs_heap_size_total_bytes')}, external ${mib('nodejs_external_memory_bytes')} MiB`;
  return { sockets: value(/^ledgate_sockets\{namespace="\/player"\} (\d+)/m), heartbeats: value(/^ledgate_heartbeats_total (\d+)/m), ms, memory };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const msf = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
const int = (x: number) => x.toLocaleString('en-US');

function usageLines(sampler: Sampler, from: number, to: number): string {
  return sampler
    .between(from, to)
    .map((u) => `${u.name} CPU ${u.cpuPct.toFixed(0)} %, max RSS ${u.maxRssMiB.toFixed(0)} MiB`)
    .join('; ');
}

async function sumStats(clients: Client[]): Promise<StatsReport> {
  const all = await Promise.all(clients.map((c) => (command(c, { type: 'stats' }), nextMessage(c, 'stats'))));
  const total: StatsReport = { type: 'stats', heartbeats: 0, manifests: 0, connects: 0, unexpectedDisconnects: 0, connectErrors: {}, fetches: 0, fetchErrors: 0, lastFetchError: null };
  for (const r of all) {
    total.heartbeats += r.heartbeats;
    total.manifests += r.manifests;
    total.connects += r.connects;
    total.unexpectedDisconnects += r.unexpectedDisconnects;
    total.fetches += r.fetches;
    total.fetchErrors += r.fetchErrors;
    total.lastFetchError = r.lastFetchError ?? total.lastFetchError;
    for (const [k, v] of Object.entries(r.connectErrors)) total.connectErrors[k] = (total.connectErrors[k] ?? 0) + v;
  }
  return total;
}

function phaseLine(reports: PhaseReport[]): { all: boolean; line: string; ms: number } {
  const done = reports.reduce((a, r) => a + r.done, 0);
  const total = reports.reduce((a, r) => a + r.total, 0);
  const ms = Math.max(...reports.map((r) => r.ms));
  const within30 = reports.reduce((a, r) => a + r.within30s, 0);
  const within10 = reports.reduce((a, r) => a + r.within10s, 0);
  const worst = (f: (r: PhaseReport) => number) => s(Math.max(...reports.map(f)));
  const files = reports.map((r) => r.filesMs).filter((x): x is number => x !== null);
  const perSocket =
    `ready per socket p50 ${worst((r) => r.p50)}, p99 ${worst((r) => r.p99)}; manifest received p50 ${worst((r) => r.manifestP50)}, p99 ${worst((r) => r.manifestP99)}` +
    `${files.length ? `; slide images downloaded (once per player process) by ${s(Math.max(...files))}` : ''}; ready within 10 s: ${int(within10)}, within 30 s: ${int(within30)}`;
  return {
    all: done === total,
    ms,
    line:
      done === total
        ? `all ${int(total)} connected and ready in ${s(ms)} (${perSocket})`
        : `NOT all back: ${int(done)}/${int(total)} ready after ${s(ms)} (${perSocket}); at that moment ${reports.map((r) => `${int(r.connected)} connected, ${int(r.withManifest)} with a manifest, ${int(r.waitingForFiles)} waiting for files`).join(' | ')}`,
  };
}

// ─── one configuration ────────────────────────────────────────────────────────────────────────

async function runConfig(kind: 'single' | 'redis'): Promise<void> {
  const processes = kind === 'single' ? 1 : 2;
  console.log(`\n== ${kind === 'single' ? `one controller process, ${int(N)} boards` : `two controller processes behind Redis, ${int(N / 2)} boards each`} (${CLIENTS} simulated-player process${CLIENTS > 1 ? 'es' : ''}) ==`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-fleet-'));
  tempDirs.add(dataDir);
  const redis = kind === 'redis' ? await startRedis() : null;
  const database = ON_POSTGRES ? await createTestDatabase() : null;
  const env: Record<string, string> = { ...(redis ? { REDIS_URL: redis.url } : {}), ...(database ? { DATABASE_URL: database.url } : {}) };
  // On PostgreSQL the second process has a disk of its own (media come from the database).
  const dataDirB = database ? fs.mkdtempSync(path.join(os.tmpdir(), 'ledgate-fleet-b-')) : dataDir;
  tempDirs.add(dataDirB);

  const t0 = performance.now();
  const a = await startController('A', dataDir, env);
  console.log(`  controller A started in ${s(performance.now() - t0)} (pid ${a.pid}, ${a.url})`);
  if (!a.adminPassword) throw new Error('no admin password on the first start: is the data directory fresh?');
  const tokens = await seed(a, N);
  const controllers = [a];
  if (processes === 2) {
    // The second process finds the database set up: no first-start seeding, only its start-up recompile.
    const t1 = performance.now();
    const b = await startController('B', dataDirB, env);
    console.log(`  controller B started in ${s(performance.now() - t1)} on the same ${database ? 'PostgreSQL database' : 'data directory'} (pid ${b.pid}, ${b.url}; start-up recompiles every manifest)`);
    controllers.push(b);
  }

  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => startClient()));
  const watched = [
    ...controllers.map((c) => ({ name: `controller ${c.name}`, pid: c.pid })),
    ...(redis ? [{ name: 'redis-server', pid: redis.pid }] : []),
    ...clients.map((c, i) => ({ name: `players ${i + 1}`, pid: c.pid })),
  ];
  const sampler = new Sampler(watched);
  const controllerRows = (from: number, to: number) => sampler.between(from, to).filter((u) => u.name.startsWith('controller'));
  try {
    // Client k speaks to controller k mod P, so with two processes each holds its half of the fleet.
    const share = clients.map((_, k) => tokens.filter((_t, i) => i % CLIENTS === k));
    const targetOf = (k: number) => controllers[k % processes]!;

    // connect
    const o0 = listenOverflows();
    const c0 = sampler.mark();
    const connected = Promise.all(clients.map((c) => nextMessage(c, 'phase')));
    clients.forEach((c, k) => command(c, { type: 'start', url: targetOf(k).url, tokens: share[k]!, deadlineMs: PHASE_DEADLINE_MS }));
    const connect = phaseLine(await connected);
    const c1 = sampler.mark();
    console.log(`  connect: ${connect.line}`);
    console.log(`    during connect: ${usageLines(sampler, c0, c1)}; accept-queue overflows (system-wide) ${int(listenOverflows() - o0)}`);
    const connectStats = await sumStats(clients);
    const connectErrors = Object.entries(connectStats.connectErrors).map(([k, v]) => `${k} ×${int(v)}`);
    console.log(
      `    connection attempts that failed: ${connectErrors.length ? connectErrors.join(', ') : 'none'}; slide-image downloads ${connectStats.fetches}, failed ${connectStats.fetchErrors}${connectStats.lastFetchError ? ` (last: ${connectStats.lastFetchError}; retried after 1–3 s)` : ''}`,
    );
    const afterConnect = await Promise.all(controllers.map(metrics));
    console.log(`    controller counts /player sockets: ${afterConnect.map((m, i) => `${controllers[i]!.name} ${int(m.sockets)}`).join(', ')} (GET /metrics took ${afterConnect.map((m) => msf(m.ms)).join(', ')}); memory: ${afterConnect.map((m, i) => `${controllers[i]!.name} ${m.memory}`).join('; ')}`);
    if (!connect.all) throw new Error('the fleet never got ready: stopping here');

    // steady heartbeats, once the controllers have written the heartbeats of the connect (each
    // player beats at once when it connects: 10,000 in a few seconds)
    const caughtUp = await heartbeatsWritten(clients, controllers);
    console.log(`    heartbeats of the connect all written ${s(caughtUp)} after the scrape above`);
    await new Promise((r) => setTimeout(r, 2000)); // lets the scrape above settle out of the window
    const before = await sumStats(clients);
    const hbBefore = await Promise.all(controllers.map(metrics));
    const h0 = sampler.mark();
    const probes = controllers.map((c) => probeHealth(c.url));
    await new Promise((r) => setTimeout(r, STEADY_MS));
    const health = probes.map((p) => p.stop());
    const h1 = sampler.mark();
    const after = await sumStats(clients);
    const hbAfter = await Promise.all(controllers.map(metrics));
    const received = hbAfter.reduce((acc, m, i) => acc + m.heartbeats - hbBefore[i]!.heartbeats, 0);
    console.log(`  steady heartbeats, ${s(h1 - h0)}: players sent ${int(after.heartbeats - before.heartbeats)} heartbeats (${((after.heartbeats - before.heartbeats) / ((h1 - h0) / 1000)).toFixed(0)}/s), controller counted ${int(received)}; unexpected disconnects ${after.unexpectedDisconnects - before.unexpectedDisconnects}`);
    for (const [i, u] of controllerRows(h0, h1).entries()) {
      const hz = health[i]!;
      console.log(`    ${u.name}: CPU ${u.cpuPct.toFixed(1)} % of one core (mean), max RSS ${u.maxRssMiB.toFixed(0)} MiB${u.maxRssMiB <= RSS_TARGET_MIB ? ' (≤ 1 GB: met)' : ' (> 1 GB: MISSED)'}; GET /healthz p50 ${msf(hz.p50)}, p99 ${msf(hz.p99)}, max ${msf(hz.max)} (${hz.n} samples${hz.failed ? `, ${hz.failed} failed` : ''})`);
    }
    console.log(`    others: ${sampler.between(h0, h1).filter((u) => !u.name.startsWith('controller')).map((u) => `${u.name} CPU ${u.cpuPct.toFixed(0)} %, max RSS ${u.maxRssMiB.toFixed(0)} MiB`).join('; ')}`);
    console.log(`    memory at the end of it: ${hbAfter.map((m, i) => `${controllers[i]!.name} ${m.memory}`).join('; ')}`);

    // reconnect storm
    await new Promise((r) => setTimeout(r, 2000));
    const stormStats = await sumStats(clients);
    const o1 = listenOverflows();
    const r0 = sampler.mark();
    const stormProbes = controllers.map((c) => probeHealth(c.url));
    const back = Promise.all(clients.map((c) => nextMessage(c, 'phase')));
    clients.forEach((c) => command(c, { type: 'drop', deadlineMs: PHASE_DEADLINE_MS }));
    const storm = phaseLine(await back);
    const stormHealth = stormProbes.map((p) => p.stop());
    const r1 = sampler.mark();
    const afterStorm = await sumStats(clients);
    const errors = Object.entries(afterStorm.connectErrors)
      .map(([k, v]) => [k, v - (stormStats.connectErrors[k] ?? 0)] as const)
      .filter(([, d]) => d > 0)
      .map(([k, d]) => `${k} ×${int(d)}`);
    console.log(`  reconnect storm (every socket dropped at once): ${storm.line} — target ≤ 30 s: ${storm.all && storm.ms <= STORM_TARGET_MS ? 'met' : 'MISSED'}`);
    console.log(`    connection attempts that failed: ${errors.length ? errors.join(', ') : 'none'}; accept-queue overflows (system-wide) ${int(listenOverflows() - o1)}; manifests received ${int(afterStorm.manifests - stormStats.manifests)}`);
    for (const [i, u] of controllerRows(r0, r1).entries()) {
      const hz = stormHealth[i]!;
      console.log(`    ${u.name}: max RSS ${u.maxRssMiB.toFixed(0)} MiB${u.maxRssMiB <= RSS_TARGET_MIB ? ' (≤ 1 GB: met)' : ' (> 1 GB: MISSED)'}, CPU ${u.cpuPct.toFixed(0)} % (mean over the storm); GET /healthz p50 ${msf(hz.p50)}, p99 ${msf(hz.p99)}, max ${msf(hz.max)}`);
    }
    console.log(`    others: ${sampler.between(r0, r1).filter((u) => !u.name.startsWith('controller')).map((u) => `${u.name} CPU ${u.cpuPct.toFixed(0)} %, max RSS ${u.maxRssMiB.toFixed(0)} MiB`).join('; ')}`);
    const afterStormMetrics = await Promise.all(controllers.map(metrics));
    console.log(`    controller counts /player sockets: ${afterStormMetrics.map((m, i) => `${controllers[i]!.name} ${int(m.sockets)}`).join(', ')}; memory: ${afterStormMetrics.map((m, i) => `${controllers[i]!.name} ${m.memory}`).join('; ')}`);
    const logged = controllers.filter((c) => c.logged.count).map((c) => `${c.name} ${c.logged.count}`);
    if (logged.length) console.log(`    controller warnings/errors logged: ${logged.join(', ')}`);
    console.log(`    scheduled-job ticks missed (node-cron: event loop busy), whole run: ${controllers.map((c) => `${c.name} ${c.missedTicks}`).join(', ')}`);
  } finally {
    sampler.stop();
    for (const c of clients) if (c.child.connected) command(c, { type: 'close' });
    await Promise.all(clients.map((c) => stop(c.child, 5000)));
    await Promise.all(controllers.map((c) => stop(c.child)));
    if (redis) await stop(redis.child);
    await database?.drop();
    for (const dir of new Set([dataDir, dataDirB])) {
      fs.rmSync(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
    }
  }
}

const cpus = os.cpus();
console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${new Date().toISOString()}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; store: ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'}`);
console.log(
  `fleet: ${int(N)} simulated boards (${CLIENTS} player processes; websocket; player backoff: full jitter over 1 s doubling to 30 s; 5 clock samples per connection; heartbeats every 15 s), steady phase ${STEADY_MS / 1000} s`,
);
try {
  for (const kind of CONFIGS) await runConfig(kind);
} catch (err) {
  process.stderr.write(`bench:fleet failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  agent.destroy();
}
