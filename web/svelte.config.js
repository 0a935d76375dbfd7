import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter(),
    typescript: {
      config(tsconfig) {
        tsconfig.include.push('../e2e/**/*.ts', '../vitest.config.ts', '../face-models.ts');
      },
    },
  },
};

export default config;
