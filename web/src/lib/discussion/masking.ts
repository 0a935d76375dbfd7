/**
 * The geometry of masking a case image in the browser (issue #16, point 4): rectangles and
 * free-hand strokes in the image's own pixels, moved and resized by pointer or keyboard, always
 * kept inside the image. Pure functions: the canvas drawing is in mask-render.ts.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Point = readonly [number, number];

/** Black hides everything; blur coarsens the region until no feature is left to recognise. */
export type MaskStyle = 'black' | 'blur';

export type Mask =
  | { kind: 'rect'; rect: Rect; style: MaskStyle }
  | { kind: 'path'; points: Point[]; radius: number; style: MaskStyle };

/** The smallest side a rectangle keeps, in image pixels. */
export const MIN_SIDE = 4;

/** The longest side an exported image has: larger pictures are scaled down before masking. */
export const MAX_SIDE = 4096;

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** `rect` moved and shrunk as little as needed to lie inside the image, at least MIN_SIDE wide and high. */
export function clampRect(rect: Rect, size: Size): Rect {
  const width = clamp(Math.round(rect.width), Math.min(MIN_SIDE, size.width), size.width);
  const height = clamp(Math.round(rect.height), Math.min(MIN_SIDE, size.height), size.height);
  return { x: clamp(Math.round(rect.x), 0, size.width - width), y: clamp(Math.round(rect.y), 0, size.height - height), width, height };
}

/** The rectangle a drag from `a` to `b` spans, in any direction. */
export function rectFromDrag(a: Point, b: Point, size: Size): Rect {
  const x0 = clamp(Math.min(a[0], b[0]), 0, size.width);
  const y0 = clamp(Math.min(a[1], b[1]), 0, size.height);
  const x1 = clamp(Math.max(a[0], b[0]), 0, size.width);
  const y1 = clamp(Math.max(a[1], b[1]), 0, size.height);
  return clampRect({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, size);
}

/** A point on the displayed canvas (client coordinates) in image pixels. */
export function toImagePoint(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }, size: Size): Point {
  const x = ((clientX - box.left) / (box.width || 1)) * size.width;
  const y = ((clientY - box.top) / (box.height || 1)) * size.height;
  return [clamp(Math.round(x), 0, size.width), clamp(Math.round(y), 0, size.height)];
}

/** What one arrow key press moves or resizes by: 2 % of the shorter side, at least one pixel. */
export function keyboardStep(size: Size): number {
  return Math.max(1, Math.round(Math.min(size.width, size.height) * 0.02));
}

const DIRECTION: Record<string, Point> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * An arrow key on a selected rectangle: moves it, or with `resize` (Shift held) grows it to the
 * right or down and shrinks it to the left or up. Null for any other key.
 */
export function nudge(rect: Rect, key: string, resize: boolean, size: Size): Rect | null {
  const direction = DIRECTION[key];
  if (!direction) return null;
  const step = keyboardStep(size);
  const [dx, dy] = [direction[0] * step, direction[1] * step];
  if (resize) {
    const width = clamp(rect.width + dx, MIN_SIDE, size.width - rect.x);
    const height = clamp(rect.height + dy, MIN_SIDE, size.height - rect.y);
    return clampRect({ ...rect, width, height }, size);
  }
  return clampRect({ ...rect, x: rect.x + dx, y: rect.y + dy }, size);
}

/** A new rectangle in the middle of the image, a quarter of each side, for keyboard users. */
export function centredRect(size: Size): Rect {
  const width = Math.max(MIN_SIDE, Math.round(size.width / 4));
  const height = Math.max(MIN_SIDE, Math.round(size.height / 4));
  return clampRect({ x: (size.width - width) / 2, y: (size.height - height) / 2, width, height }, size);
}

/** The pixels a mask covers, as a rectangle inside the image (a stroke's width included). */
export function maskBounds(mask: Mask, size: Size): Rect {
  if (mask.kind === 'rect') return clampRect(mask.rect, size);
  const xs = mask.points.map((p) => p[0]);
  const ys = mask.points.map((p) => p[1]);
  const x0 = clamp(Math.floor(Math.min(...xs) - mask.radius), 0, size.width);
  const y0 = clamp(Math.floor(Math.min(...ys) - mask.radius), 0, size.height);
  const x1 = clamp(Math.ceil(Math.max(...xs) + mask.radius), 0, size.width);
  const y1 = clamp(Math.ceil(Math.max(...ys) + mask.radius), 0, size.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A free-hand stroke's radius: 3 % of the shorter side, so that one pass covers an eye or a tattoo. */
export function strokeRadius(size: Size): number {
  return Math.max(4, Math.round(Math.min(size.width, size.height) * 0.03));
}

/** The size a picture is masked and exported at: as it is, or scaled down to MAX_SIDE. */
export function exportSize(size: Size, maxSide = MAX_SIDE): Size {
  const scale = Math.min(1, maxSide / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/**
 * How coarse a blurred region becomes: the region is shrunk to this many cells and stretched
 * back. At most 6 cells across the shorter side, whatever the region's size: a face keeps no
 * feature, and the cells hold too little to sharpen back.
 */
export function blurGrid(region: Rect): Size {
  const cell = Math.max(4, Math.ceil(Math.min(region.width, region.height) / 6));
  return { width: Math.max(1, Math.ceil(region.width / cell)), height: Math.max(1, Math.ceil(region.height / cell)) };
}

/** A detector's box (in the pixels of the picture it was given) in image pixels, a margin added: a face's edge is also the patient's. */
export function proposalRect(box: Rect, scale: number, size: Size, margin = 0.15): Rect {
  const grow = (v: number) => v * (1 + 2 * margin);
  const width = grow(box.width) * scale;
  const height = grow(box.height) * scale;
  return clampRect({ x: box.x * scale - box.width * margin * scale, y: box.y * scale - box.height * margin * scale, width, height }, size);
}

/** Whether point `p` lies in the rectangle (for picking one by pointer, topmost first). */
export function contains(rect: Rect, p: Point): boolean {
  return p[0] >= rect.x && p[0] <= rect.x + rect.width && p[1] >= rect.y && p[1] <= rect.y + rect.height;
}
