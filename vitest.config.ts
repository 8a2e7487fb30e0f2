import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e files start Chromium; keep them from fighting over 2 cores with everything else.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
