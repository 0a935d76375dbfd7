/**
 * Proposes faces to mask, in the browser. The detector (@vladmandic/face-api, TensorFlow.js
 * inside) is loaded only when the author asks, as a chunk of its own; its model is served by this
 * web app from `/models/face/`, copied out of the npm package at build time (vite.config.ts):
 * nothing is fetched from anywhere else, and the picture never leaves the page.
 */
import type { Rect } from './masking.ts';

/** Where the web app serves the detector's model files (see vite.config.ts). */
export const FACE_MODEL_URL = '/models/face';

type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.esm.js');
let loading: Promise<FaceApi> | null = null;

async function load(): Promise<FaceApi> {
  const faceapi = await import('@vladmandic/face-api/dist/face-api.esm.js');
  await faceapi.nets.tinyFaceDetector.loadFromUri(FACE_MODEL_URL);
  return faceapi;
}

/** The faces found in `image`, as boxes in its own pixels. Throws if the model cannot be loaded. */
export async function detectFaces(image: HTMLCanvasElement): Promise<Rect[]> {
  loading ??= load().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  const faceapi = await loading;
  const found = await faceapi.detectAllFaces(image, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.3 }));
  return found.map((d) => ({ x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height }));
}
