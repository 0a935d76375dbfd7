/**
 * Draws a picture with its masks on a canvas, and exports it: the bytes of the export are all the
 * server ever receives of a case image picked with JavaScript on.
 */
import { blurGrid, maskBounds, type Mask, type Rect, type Size } from './masking.ts';

function tracePath(ctx: CanvasRenderingContext2D, points: Mask & { kind: 'path' }) {
  ctx.beginPath();
  const [first, ...rest] = points.points;
  if (!first) return;
  ctx.moveTo(first[0], first[1]);
  // A single tap still leaves a dot: a zero-length segment with round caps.
  if (rest.length === 0) ctx.lineTo(first[0] + 0.01, first[1]);
  for (const p of rest) ctx.lineTo(p[0], p[1]);
}

/** The region as it is now on the canvas, shrunk to a few cells and stretched back (smoothed). */
function coarsened(ctx: CanvasRenderingContext2D, region: Rect): HTMLCanvasElement {
  const grid = blurGrid(region);
  const small = document.createElement('canvas');
  small.width = grid.width;
  small.height = grid.height;
  const s = small.getContext('2d')!;
  s.imageSmoothingEnabled = true;
  s.imageSmoothingQuality = 'high';
  s.drawImage(ctx.canvas, region.x, region.y, region.width, region.height, 0, 0, grid.width, grid.height);
  const back = document.createElement('canvas');
  back.width = region.width;
  back.height = region.height;
  const b = back.getContext('2d')!;
  b.imageSmoothingEnabled = true;
  b.imageSmoothingQuality = 'high';
  b.drawImage(small, 0, 0, region.width, region.height);
  return back;
}

/** Draws `source` at `size`, then each mask over it in order (a later mask covers an earlier one). */
export function renderMasked(ctx: CanvasRenderingContext2D, source: CanvasImageSource, size: Size, masks: readonly Mask[]): void {
  ctx.save();
  ctx.clearRect(0, 0, size.width, size.height);
  ctx.drawImage(source, 0, 0, size.width, size.height);
  for (const mask of masks) {
    const region = maskBounds(mask, size);
    if (region.width < 1 || region.height < 1) continue;
    const paint: string | CanvasPattern = mask.style === 'black' ? '#000' : patternOf(ctx, coarsened(ctx, region), region);
    if (mask.kind === 'rect') {
      ctx.fillStyle = paint;
      ctx.fillRect(region.x, region.y, region.width, region.height);
    } else {
      ctx.strokeStyle = paint;
      ctx.lineWidth = mask.radius * 2;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      tracePath(ctx, mask);
      ctx.stroke();
    }
  }
  ctx.restore();
}

function patternOf(ctx: CanvasRenderingContext2D, image: HTMLCanvasElement, at: Rect): CanvasPattern {
  const pattern = ctx.createPattern(image, 'no-repeat')!;
  pattern.setTransform(new DOMMatrix().translate(at.x, at.y));
  return pattern;
}

/** The masked picture as a file to upload: PNG for a PNG, JPEG otherwise (a photo in PNG would be huge). */
export async function exportMasked(source: CanvasImageSource, size: Size, masks: readonly Mask[], type: string): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  renderMasked(canvas.getContext('2d')!, source, size, masks);
  const mime = type === 'image/png' ? 'image/png' : 'image/jpeg';
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, mime, 0.92));
  if (!blob) throw new Error('The masked image could not be exported.');
  return blob;
}
