import { describe, expect, it } from 'vitest';
import { fillRate } from './fill-rate.ts';

describe('fillRate', () => {
  it('gives the share of the sample size reached, rounded down', () => {
    expect(fillRate(0, 50)).toEqual({ shown: 0, percent: 0 });
    expect(fillRate(12, 50)).toEqual({ shown: 12, percent: 24 });
    expect(fillRate(199, 200)).toEqual({ shown: 199, percent: 99 });
    expect(fillRate(200, 200)).toEqual({ shown: 200, percent: 100 });
  });

  it('stays within the bar', () => {
    expect(fillRate(230, 200)).toEqual({ shown: 200, percent: 100 });
    expect(fillRate(5, 0)).toEqual({ shown: 0, percent: 0 });
  });
});
