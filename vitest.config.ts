import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The web app's modules import the contract as @playlists/… (web/vite.config.ts); tests of them too.
  resolve: { alias: { '@playlists': path.resolve(import.meta.dirname, 'playlists') } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e files start Chromium; keep them from fighting over 2 cores with everything else.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
