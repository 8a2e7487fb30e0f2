// A Redis server of the test's own (Debian's redis-server, installed beside the one on 6379): tests
// that share sockets through Redis do not see other tests' packets, and a test may stop and restart
// it. It keeps nothing on disk, so a restart starts empty, as a real Redis restart without
// persistence does.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { freePort } from './controller.ts';

export interface TestRedis {
  url: string;
  /** Stops it (SIGKILL: no goodbye to clients, as a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
      proc = p;
      let out = '';
      p.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      p.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
    });
  const kill = async () => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
    proc = null;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start };
}
