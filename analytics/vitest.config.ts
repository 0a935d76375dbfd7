import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The fault tests run with the rest of the fault suite (`pnpm test:faults`, vitest.faults.config.ts).
    exclude: [...configDefaults.exclude, 'src/**/*-faults.int.test.ts'],
    globalSetup: ['./src/test/global-setup.ts'],
    testTimeout: 15_000,
    hookTimeout: 60_000,
  },
});
