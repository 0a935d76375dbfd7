/**
 * Proposes faces to mask, in the browser. The detector (@vladmandic/face-api, TensorFlow.js
 * inside) runs in a Web Worker started only when the author asks (face-detection.worker.ts), so
 * that the composer stays responsive; its model is served by this web app from `/models/face/`,
 * copied out of the npm package at build time (vite.config.ts): nothing is fetched from anywhere
 * else, and the picture never leaves the page.
 */
import type { Rect } from './masking.ts';

/** Where the web app serves the detector's model files (see vite.config.ts). */
export const FACE_MODEL_URL = '/models/face';

export interface FaceRequest {
  id: number;
  image: ImageData;
  modelUrl: string;
}
export type FaceResponse = { id: number; faces: Rect[] } | { id: number; error: true };

let worker: Worker | null = null;
let next = 0;
const waiting = new Map<number, { resolve: (faces: Rect[]) => void; reject: (err: Error) => void }>();

function start(): Worker {
  const started = new Worker(new URL('./face-detection.worker.ts', import.meta.url), { type: 'module' });
  started.onmessage = ({ data }: MessageEvent<FaceResponse>) => {
    const call = waiting.get(data.id);
    waiting.delete(data.id);
    if ('faces' in data) call?.resolve(data.faces);
    else call?.reject(new Error('face detection failed'));
  };
  // A worker that cannot start (its script did not load): every call waiting fails, the next starts afresh.
  started.onerror = () => {
    for (const call of waiting.values()) call.reject(new Error('face detection could not start'));
    waiting.clear();
    started.terminate();
    worker = null;
  };
  return started;
}

/** The faces found in `image` (its pixels), as boxes in its own pixels. Throws if the model cannot be loaded. */
export function detectFaces(image: ImageData): Promise<Rect[]> {
  worker ??= start();
  const id = ++next;
  const call = new Promise<Rect[]>((resolve, reject) => waiting.set(id, { resolve, reject }));
  const request: FaceRequest = { id, image, modelUrl: new URL(FACE_MODEL_URL, location.origin).href };
  worker.postMessage(request, [image.data.buffer]);
  return call;
}
