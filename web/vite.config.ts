import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { faceModels } from './face-models.ts';
import { readEnv } from './src/lib/server/env.ts';

export default defineConfig({
  plugins: [faceModels(), sveltekit()],
  // The face detector's worker (src/lib/discussion/face-detection.worker.ts) is a module worker.
  worker: { format: 'es' },
  server: { port: readEnv().webPort, strictPort: true },
});
