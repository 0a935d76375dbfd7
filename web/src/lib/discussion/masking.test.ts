import { describe, expect, it } from 'vitest';
import { blurGrid, centredRect, clampRect, exportSize, maskBounds, nudge, proposalRect, rectFromDrag, toImagePoint } from './masking.ts';

const IMAGE = { width: 400, height: 200 };

describe('rectangles drawn by pointer', () => {
  it('span a drag in any direction, cut at the image’s edges', () => {
    expect(rectFromDrag([300, 150], [100, 50], IMAGE)).toEqual({ x: 100, y: 50, width: 200, height: 100 });
    expect(rectFromDrag([-50, -20], [450, 260], IMAGE)).toEqual({ x: 0, y: 0, width: 400, height: 200 });
  });

  it('keep a side of at least 4 pixels (a click is not an empty mask)', () => {
    expect(rectFromDrag([10, 10], [10, 10], IMAGE)).toMatchObject({ width: 4, height: 4 });
  });

  it('read the pointer in image pixels, whatever size the canvas is shown at', () => {
    const shown = { left: 20, top: 100, width: 200, height: 100 };
    expect(toImagePoint(120, 150, shown, IMAGE)).toEqual([200, 100]);
    expect(toImagePoint(0, 0, shown, IMAGE)).toEqual([0, 0]);
    expect(toImagePoint(1000, 1000, shown, IMAGE)).toEqual([400, 200]);
  });
});

describe('the keyboard', () => {
  const rect = { x: 100, y: 50, width: 40, height: 40 };

  it('moves a rectangle by 2 % of the shorter side with the arrows, never out of the image', () => {
    expect(nudge(rect, 'ArrowRight', false, IMAGE)).toEqual({ ...rect, x: 104 });
    expect(nudge(rect, 'ArrowUp', false, IMAGE)).toEqual({ ...rect, y: 46 });
    expect(nudge({ ...rect, x: 0 }, 'ArrowLeft', false, IMAGE)).toEqual({ ...rect, x: 0 });
    expect(nudge({ ...rect, x: 360 }, 'ArrowRight', false, IMAGE)).toEqual({ ...rect, x: 360 });
  });

  it('resizes it with Shift held, down to 4 pixels and up to the edge', () => {
    expect(nudge(rect, 'ArrowRight', true, IMAGE)).toEqual({ ...rect, width: 44 });
    expect(nudge(rect, 'ArrowUp', true, IMAGE)).toEqual({ ...rect, height: 36 });
    expect(nudge({ ...rect, width: 5 }, 'ArrowLeft', true, IMAGE)).toMatchObject({ width: 4 });
    expect(nudge({ ...rect, x: 398, width: 2 }, 'ArrowRight', true, IMAGE)).toMatchObject({ x: 396, width: 4 });
  });

  it('ignores other keys, and adds a rectangle in the middle of the image', () => {
    expect(nudge(rect, 'Enter', false, IMAGE)).toBeNull();
    expect(centredRect(IMAGE)).toEqual({ x: 150, y: 75, width: 100, height: 50 });
  });
});

describe('what a mask covers', () => {
  it('is a free-hand stroke’s points widened by its radius, inside the image', () => {
    expect(maskBounds({ kind: 'path', points: [[10, 20], [60, 80]], radius: 15, style: 'black' }, IMAGE)).toEqual({ x: 0, y: 5, width: 75, height: 90 });
    expect(maskBounds({ kind: 'rect', rect: { x: 390, y: 0, width: 50, height: 10 }, style: 'blur' }, IMAGE)).toEqual({ x: 350, y: 0, width: 50, height: 10 });
  });

  it('is never out of the image after clamping, even for a rectangle larger than it', () => {
    expect(clampRect({ x: -10, y: 190, width: 1000, height: 30 }, IMAGE)).toEqual({ x: 0, y: 170, width: 400, height: 30 });
  });

  it('blurs to at most 6 cells across the shorter side, so no feature survives', () => {
    expect(blurGrid({ x: 0, y: 0, width: 60, height: 60 })).toEqual({ width: 6, height: 6 });
    expect(blurGrid({ x: 0, y: 0, width: 600, height: 120 })).toEqual({ width: 30, height: 6 });
  });

  it('grows a detected face by a margin, in image pixels', () => {
    // The detector saw the picture at half size: a 20×20 box at (50, 40) is 40×40 at (100, 80), plus 15 % each side.
    expect(proposalRect({ x: 50, y: 40, width: 20, height: 20 }, 2, IMAGE)).toEqual({ x: 94, y: 74, width: 52, height: 52 });
  });

  it('scales a large picture down to 4096 pixels on its longer side, keeping its shape', () => {
    expect(exportSize({ width: 8192, height: 6144 })).toEqual({ width: 4096, height: 3072 });
    expect(exportSize(IMAGE)).toEqual(IMAGE);
  });
});
