import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { faceModels } from './face-models.ts';
import { readEnv } from './src/lib/server/env.ts';

export default defineConfig({
  plugins: [faceModels(), sveltekit()],
  server: { port: readEnv().webPort, strictPort: true },
});
