import { defineConfig } from 'vitest/config';

// Two cores on dev and CI machines: keep workers to two and give numerical tests room.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
