import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each test drives the Prisma CLI (a Node process plus the Wasm engine, ~1–2 s a call on
    // this 2-core machine): generous timeouts, and two files at a time at most.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
