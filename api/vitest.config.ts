import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS build for Pothos and yoga; vite would pick the ESM one for
  // our files, and two copies of graphql refuse each other's types. One copy: the CJS one.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['src/**/*.test.ts'],
    // The fault suite runs on its own (`pnpm test:faults`, vitest.faults.config.ts), after these.
    exclude: [...configDefaults.exclude, 'src/faults/**'],
    globalSetup: ['./src/test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
