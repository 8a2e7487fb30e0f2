// Scheduled jobs run once across several processes: the process holding a PostgreSQL advisory lock
// runs them. Killing it, or cutting its connection, hands them to another.
import { spawn } from 'node:child_process';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsPlugin } from '../../controller/jobs/index.ts';
import type { Job } from '../../controller/jobs/index.ts';
import type { Services } from '../../controller/services/index.ts';
import { advisoryLeadership } from '../../controller/store/leadership.ts';
import type { Leadership } from '../../controller/store/leadership.ts';
import { ROOT } from '../helpers/process.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';
import pg from 'pg';

let db: TestDatabase;
const opened: Leadership[] = [];
const tries = new Map<Leadership, number>();
const open = (retryMs = 100) => {
  const l: Leadership = advisoryLeadership(db.url, { retryMs, onTry: () => tries.set(l, (tries.get(l) ?? 0) + 1) });
  opened.push(l);
  return l;
};
/** Resolves once l has tried n more times to take the lock (a follower stays one only if they all failed). */
const moreTries = async (l: Leadership, n: number) => {
  const target = (tries.get(l) ?? 0) + n;
  await expect.poll(() => tries.get(l) ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(target);
};

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(opened.map((l) => l.close()));
  await db?.drop();
});

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('leadership over a PostgreSQL advisory lock', () => {
  it('gives the jobs to one process at a time: its session ending makes it step down, its closing hands over', async () => {
    const first = open();
    let second: Leadership | undefined;
    try {
      await expect.poll(() => first.isLeader()).toBe(true);
      second = open();
      const firstChanges: boolean[] = [];
      first.onChange((leader) => firstChanges.push(leader));
      // The other tries (and fails) several times meanwhile.
      await moreTries(second, 3);
      expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);

      // The leader's session ends from the server side (a broken connection): it steps down at once;
      // then one of the two (whichever tries first) takes the lock — never both.
      await query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()");
      await expect.poll(() => firstChanges.includes(false), { timeout: 5000 }).toBe(true);
      const both = [first, second];
      await expect.poll(() => both.filter((l) => l.isLeader()).length, { timeout: 5000 }).toBe(1);
      const leader = first.isLeader() ? first : second;
      const follower = leader === first ? second : first;

      // The follower stays one while the leader holds the lock, and takes over when it closes.
      await moreTries(follower, 3);
      expect(follower.isLeader()).toBe(false);
      await leader.close();
      await expect.poll(() => follower.isLeader(), { timeout: 5000 }).toBe(true);
    } finally {
      await first.close();
      await second?.close();
    }
  });

  it('hands the jobs over when the leading process is killed (SIGKILL)', async () => {
    const script = `import { advisoryLeadership } from './controller/store/leadership.ts';
      const l = advisoryLeadership(process.env.DB_URL, { retryMs: 100 });
      l.onChange((leader) => { if (leader) process.stdout.write('leader\\n'); });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, DB_URL: db.url } });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('leader') && resolve());
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const follower = open(200);
    await moreTries(follower, 2);
    expect(follower.isLeader()).toBe(false);
    child.kill('SIGKILL');
    await exited;
    // Its session ends with the process: the follower takes the lock at its next try.
    await expect.poll(() => follower.isLeader(), { timeout: 5000 }).toBe(true);
  }, 20_000);
});

describe('the jobs', () => {
  it('tick only in the leader, and start (init) when it becomes leader', async () => {
    let leader = false;
    let ticks = 0;
    const listeners: ((l: boolean) => void)[] = [];
    // Each tick asks whether this process leads.
    const leadership = { isLeader: () => (ticks++, leader), onChange: (l: (v: boolean) => void) => void listeners.push(l), close: async () => undefined };
    const ran: string[] = [];
    const job: Job = { name: 'probe', schedule: '* * * * * *', init: () => void ran.push('init'), run: () => void ran.push('run') };
    const app = Fastify({ logger: false });
    await app.register(jobsPlugin, { services: { events: { emit: () => true } } as unknown as Services, jobs: [job], leadership });
    await app.ready();
    try {
      // A follower: two ticks pass, nothing runs.
      await expect.poll(() => ticks, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      expect(ran).toEqual([]);
      leader = true;
      listeners.forEach((l) => l(true));
      await expect.poll(() => ran.filter((r) => r === 'run').length, { timeout: 3000 }).toBeGreaterThan(0);
      expect(ran[0]).toBe('init');
    } finally {
      await app.close();
    }
  });
});
