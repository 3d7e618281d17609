import { defineConfig } from 'vitest/config';

// End-to-end tests drive a real server and Debian's chromium: one file at a time, generous timeouts. One chromium and
// one `pathreg serve` start once for the whole run (global-setup.ts); specs that need their own still start theirs.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
