import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Files whose controllers do not run through the test helpers on the database under test (own
// processes over a data directory, the schema and leadership tests that set up PostgreSQL
// themselves): the second run would repeat them unchanged.
const SAME_ON_BOTH = ['durability', 'server-process', 'https', 'cli-render', 'postgres-schema', 'postgres-store', 'leadership'].map((f) => `test/integration/${f}.test.ts`);

export default defineConfig({
  // The web app's modules import the contract as @playlists/… (web/vite.config.ts); tests of them too.
  resolve: { alias: { '@playlists': path.resolve(import.meta.dirname, 'playlists') } },
  test: {
    // Generous: under CI the integration suite runs twice beside browsers, and several tests start
    // command-line processes (a few seconds each on a loaded machine). Tests never time speed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e files start Chromium; keep them from fighting over 2 cores with everything else.
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      // Everything on the embedded default, SQLite.
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      // The integration suite again with every controller on PostgreSQL (a database of its own per
      // test file, dropped after: test/helpers/postgres.ts).
      { extends: true, test: { name: 'postgres', include: ['test/integration/**/*.test.ts'], exclude: SAME_ON_BOTH, env: { TEST_DATABASE: 'postgres' } } },
    ],
  },
});
