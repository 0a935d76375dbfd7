/**
 * A figure of a series' trend (docs/waves.md) as a chart.js line chart: the value of each wave
 * and its 95% interval as a band. Pure, so that what is drawn — and the gap left where a wave
 * withholds the figure or has no readable report — is tested without a canvas. A withheld point
 * is a gap, never a zero, and nothing is interpolated across it.
 *
 * Shares come as fractions and are drawn as percents; means as they are.
 */
import type { ChartConfiguration } from 'chart.js';
import type { TrendFigure } from '$lib/graphql/waves.ts';

export type TrendChartConfig = ChartConfiguration<'line', Array<number | null>, string>;

export interface TrendChartText {
  /** The x axis ("Wave"), and a wave's name ("W3"). */
  waveAxis: string;
  waveLabel: (waveNumber: number) => string;
  /** The y axis: "Share of respondents (%)" or "Mean". */
  valueAxis: string;
  /** The legend of the line and of the band. */
  value: string;
  interval: string;
}

const LINE = '#1f5f6b';
const BAND = 'rgba(31, 95, 107, 0.18)';
const TICKS = { font: { size: 11 }, color: '#3d4a56' };

const scaled = (figure: TrendFigure, v: number | null) => (v === null ? null : figure.kind === 'SHARE' ? Math.round(v * 1000) / 10 : Math.round(v * 100) / 100);

export function trendChart(figure: TrendFigure, text: TrendChartText): TrendChartConfig {
  const points = figure.points;
  const low = points.map((p) => scaled(figure, p.suppressed ? null : p.ciLow));
  const high = points.map((p) => scaled(figure, p.suppressed ? null : p.ciHigh));
  const value = points.map((p) => scaled(figure, p.suppressed ? null : p.value));
  return {
    type: 'line',
    data: {
      labels: points.map((p) => text.waveLabel(p.waveNumber)),
      datasets: [
        // The band: the high bound filled down to the low bound (the dataset before it).
        { label: text.interval, data: low, borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false },
        { label: text.interval, data: high, borderWidth: 0, pointRadius: 0, backgroundColor: BAND, fill: '-1', spanGaps: false },
        { label: text.value, data: value, borderColor: LINE, backgroundColor: LINE, borderWidth: 2, pointRadius: 3, fill: false, spanGaps: false },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: true, labels: { filter: (item) => item.datasetIndex !== 0 } } },
      scales: {
        x: { title: { display: true, text: text.waveAxis }, ticks: TICKS },
        y: { beginAtZero: true, ...(figure.kind === 'SHARE' ? { max: 100 } : {}), title: { display: true, text: text.valueAxis }, ticks: TICKS },
      },
    },
  };
}
