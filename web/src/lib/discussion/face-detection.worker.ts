/**
 * The face detector, in a Web Worker of its own: TensorFlow.js can hold the CPU for seconds on a
 * phone, and the composer must stay responsive meanwhile. It gets the picture's pixels (never a
 * file), loads the model from this origin's `/models/face/` and answers boxes in those pixels.
 */
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm.js';
import type { FaceRequest, FaceResponse } from './face-detection.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<FaceRequest>) => void) | null;
  postMessage(message: FaceResponse): void;
}
const scope = self as unknown as WorkerScope;

const unavailable = () => {
  throw new Error('not available in a worker');
};
// face-api knows a page or Node.js; a worker has neither a document nor <img>: offscreen canvases
// stand in for canvases, and the picture comes as a tensor of its pixels.
faceapi.env.setEnv({
  Canvas: OffscreenCanvas as unknown as typeof HTMLCanvasElement,
  CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D as unknown as typeof CanvasRenderingContext2D,
  Image: class {} as unknown as typeof HTMLImageElement,
  ImageData,
  Video: class {} as unknown as typeof HTMLVideoElement,
  createCanvasElement: () => new OffscreenCanvas(1, 1) as unknown as HTMLCanvasElement,
  createImageElement: unavailable,
  createVideoElement: unavailable,
  fetch: (input, init) => fetch(input, init),
  readFile: unavailable,
});

let loading: Promise<void> | null = null;

scope.onmessage = async ({ data }) => {
  try {
    loading ??= faceapi.nets.tinyFaceDetector.loadFromUri(data.modelUrl).catch((err: unknown) => {
      loading = null;
      throw err;
    });
    await loading;
    const input = faceapi.tf.browser.fromPixels(data.image);
    try {
      const found = await faceapi.detectAllFaces(input as never, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.3 }));
      scope.postMessage({ id: data.id, faces: found.map((d) => ({ x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height })) });
    } finally {
      input.dispose();
    }
  } catch {
    scope.postMessage({ id: data.id, error: true });
  }
};
