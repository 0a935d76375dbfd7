/**
 * The face detector's model files, out of the @vladmandic/face-api npm package and into the web
 * app's own static assets at `/models/face/` (copied beside the client build; served from the
 * package in development), so that the browser loads them from this origin and from nowhere else.
 */
import { copyFileSync, createReadStream, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

/** The Tiny Face Detector: a manifest and its weights (190 kB, loaded on demand only), quick enough on a phone's CPU. */
export const FACE_MODEL_FILES = ['tiny_face_detector_model-weights_manifest.json', 'tiny_face_detector_model.bin'] as const;

function modelDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json');
  return path.join(path.dirname(pkg), 'model');
}

export function faceModels(): Plugin {
  return {
    name: 'consilium-face-models',
    configureServer(server) {
      server.middlewares.use('/models/face', (req, res, next) => {
        const name = (req.url ?? '').replace(/^\//, '').split('?')[0];
        if (!(FACE_MODEL_FILES as readonly string[]).includes(name ?? '')) return next();
        res.setHeader('content-type', name!.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        createReadStream(path.join(modelDir(), name!)).pipe(res);
      });
    },
    writeBundle(options) {
      // Only the client build's output is served as static assets.
      if (!options.dir || !/output[\\/]client$/.test(options.dir)) return;
      const target = path.join(options.dir, 'models', 'face');
      mkdirSync(target, { recursive: true });
      for (const file of FACE_MODEL_FILES) {
        const from = path.join(modelDir(), file);
        if (!existsSync(from)) throw new Error(`The face model file ${file} is missing from @vladmandic/face-api.`);
        copyFileSync(from, path.join(target, file));
      }
    },
  };
}
