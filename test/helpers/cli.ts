// `npm run cli -- …` in a child process over a data directory, with its exit code and output.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { knownDatabaseFor } from './postgres.ts';

const run = promisify(execFile);

/** The CLI opens the database of the controller over dataDir: its PostgreSQL one, when the suite runs there. */
function databaseEnv(dataDir: string): Record<string, string> {
  const url = knownDatabaseFor(dataDir);
  return url ? { DATABASE_URL: url } : {};
}
const root = path.resolve(import.meta.dirname, '../..');

export function cli(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'controller/cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, ...databaseEnv(dataDir) }, cwd: root, maxBuffer: 4 * 1024 * 1024 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}
