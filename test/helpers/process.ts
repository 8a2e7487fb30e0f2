// The controller as its own process, as `npm start` runs it (node controller/server.ts), for tests
// that need a real process: its banner, its shutdown, being killed, several of them side by side.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ControllerProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once it exits. */
  exited: Promise<number | null>;
}

/** Starts it and resolves once it says it is running (its banner). */
export async function startControllerProcess(env: Record<string, string>): Promise<ControllerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'controller/server.ts'], { cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in 30 s:\n${out}`)), 30_000);
    child.stdout.on('data', () => {
      if (out.includes('LEDGate is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  return { child, output: () => out, exited };
}
