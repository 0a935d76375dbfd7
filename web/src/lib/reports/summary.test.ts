import { describe, expect, it } from 'vitest';
import { marginOfError } from './summary.ts';

describe('marginOfError', () => {
  it('is the 95% margin at a share of one half, in points: ±4.9 for 400 respondents, ±9.8 for 100', () => {
    expect(marginOfError(400)).toBe(4.9);
    expect(marginOfError(100)).toBe(9.8);
    expect(marginOfError(1_000)).toBe(3.1);
  });

  it('is not told without respondents', () => {
    expect(marginOfError(0)).toBeNull();
  });
});
