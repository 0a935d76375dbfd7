import { defineConfig } from 'vitest/config';

// `pnpm test`: every package's tests in one run. Most tests wait on PostgreSQL, Redis or
// Chromium rather than the CPU, so more workers than the machine's two cores pay off.
export default defineConfig({
  test: {
    projects: ['prisma', 'api', 'analytics', 'web'],
    maxWorkers: 4,
  },
});
