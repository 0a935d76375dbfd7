import { defineConfig } from 'vitest/config';

/**
 * `pnpm test:faults` (issue 15, point 5): the fault suite, apart from `pnpm test`'s files (whose
 * config excludes src/faults). Its files stop and restart services of their own and start built
 * processes: one file at a time.
 */
export default defineConfig({
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['src/faults/**/*.faults.test.ts'],
    globalSetup: ['./src/test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    env: { NODE_ENV: 'test' },
  },
});
