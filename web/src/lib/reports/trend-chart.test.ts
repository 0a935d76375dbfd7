import { describe, expect, it } from 'vitest';
import type { TrendFigure } from '$lib/graphql/waves.ts';
import { trendChart } from './trend-chart.ts';

const text = { waveAxis: 'Wave', waveLabel: (n: number) => `W${n}`, valueAxis: 'Share (%)', value: 'Share', interval: '95% interval' };
const point = (waveNumber: number, value: number | null, suppressed = false) => ({
  waveNumber, value, ciLow: value === null ? null : value - 0.1, ciHigh: value === null ? null : value + 0.1, n: 30, suppressed,
});

describe('trendChart', () => {
  it('draws each wave’s share in percent with its interval as a band, and leaves a withheld wave as a gap', () => {
    const figure: TrendFigure = { kind: 'SHARE', label: 'Yes', choice: 0, points: [point(1, 0.25), point(2, null, true), point(3, 0.5)] };
    const config = trendChart(figure, text);
    expect(config.data.labels).toEqual(['W1', 'W2', 'W3']);
    const [low, high, value] = config.data.datasets;
    expect(value!.data).toEqual([25, null, 50]);
    expect(low!.data).toEqual([15, null, 40]);
    expect(high!.data).toEqual([35, null, 60]);
    expect(high!.fill).toBe('-1');
    expect(value!.spanGaps).toBe(false);
  });

  it('draws a mean as it is', () => {
    const figure: TrendFigure = { kind: 'MEAN', label: '', choice: null, points: [point(1, 12.345)] };
    expect(trendChart(figure, text).data.datasets[2]!.data).toEqual([12.35]);
  });
});
