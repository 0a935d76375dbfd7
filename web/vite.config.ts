import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { readEnv } from './src/lib/server/env.ts';

export default defineConfig({
  plugins: [sveltekit()],
  server: { port: readEnv().webPort, strictPort: true },
});
