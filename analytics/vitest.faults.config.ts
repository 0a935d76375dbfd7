import { defineConfig } from 'vitest/config';

/**
 * The worker's part of `pnpm test:faults` (issue 15, point 5): a worker SIGKILLed in the middle of
 * a report build, Redis restarted empty with builds queued. `pnpm test` runs it after the
 * workspace tests, whose config leaves it out.
 */
export default defineConfig({
  test: {
    include: ['src/**/*-faults.int.test.ts'],
    globalSetup: ['./src/test/global-setup.ts'],
    testTimeout: 15_000,
    hookTimeout: 60_000,
  },
});
