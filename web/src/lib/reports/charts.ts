/**
 * A report question as a chart.js configuration: pure data in, pure data out, so that what a
 * chart draws — and what it leaves out because the group was under k — is tested without a
 * canvas. The component only hands the configuration to chart.js.
 *
 * Shares and interval bounds come from the API as fractions (0.42); the charts draw percents.
 */
import type { ChartConfiguration } from 'chart.js';
// Types only: the `barWithErrorBars` chart type, registered in the browser by ChartCanvas.
import type {} from 'chartjs-chart-error-bars';
import type { ChoiceResult, QuestionResult } from '$lib/graphql/reports.ts';

export type ChartConfig = ChartConfiguration<'barWithErrorBars'> | ChartConfiguration<'bar'>;

export interface ChartText {
  /** The value axis of choice and Likert charts ("Share of respondents (%)"). */
  shareAxis: string;
  /** The value axis of a histogram ("Respondents"). */
  countAxis: string;
  /** A histogram bin's name ("10–20"). */
  binLabel: (low: number, high: number) => string;
}

export interface ChartPlan {
  /** null when there is nothing to draw: a TEXT question, or a question under k. */
  config: ChartConfig | null;
  /** The names of what the chart draws, in order. */
  drawn: string[];
  /** The names of the choices, points or bins left out because fewer than k answered them. */
  suppressed: string[];
}

const PRIMARY = '#1f5f6b';
/** A diverging scale, disagree (red) to agree (blue), readable by the colour-blind (ColorBrewer RdBu). */
export const LIKERT_COLOURS = ['#b2182b', '#ef8a62', '#bababa', '#67a9cf', '#2166ac'] as const;

const percent = (fraction: number) => Math.round(fraction * 1000) / 10;

const EMPTY: ChartPlan = { config: null, drawn: [], suppressed: [] };

function split(choices: readonly ChoiceResult[]): { shown: ChoiceResult[]; suppressed: string[] } {
  return {
    shown: choices.filter((c) => !c.suppressed),
    suppressed: choices.filter((c) => c.suppressed).map((c) => c.label),
  };
}

/** SINGLE_CHOICE and MULTIPLE_CHOICE: one bar per choice, its 95% interval as whiskers. */
export function choiceChart(question: QuestionResult, text: ChartText): ChartPlan {
  const { shown, suppressed } = split(question.choices);
  if (shown.length === 0) return { ...EMPTY, suppressed };
  const config: ChartConfiguration<'barWithErrorBars'> = {
    type: 'barWithErrorBars',
    data: {
      labels: shown.map((c) => c.label),
      datasets: [
        {
          label: text.shareAxis,
          data: shown.map((c) => ({ y: percent(c.share), yMin: percent(c.ciLow), yMax: percent(c.ciHigh) })),
          backgroundColor: PRIMARY,
          errorBarColor: '#1d2733',
          errorBarWhiskerColor: '#1d2733',
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: {
        y: { min: 0, max: 100, title: { display: true, text: text.shareAxis } },
      },
    },
  };
  return { config, drawn: shown.map((c) => c.label), suppressed };
}

/**
 * NUMBER: the bins side by side. A suppressed bin keeps its place on the axis, empty, so the
 * shape of the others is not misread; it is listed as suppressed.
 */
export function histogramChart(question: QuestionResult, text: ChartText): ChartPlan {
  const bins = question.histogram.map((b) => ({ ...b, name: text.binLabel(b.low, b.high) }));
  const suppressed = bins.filter((b) => b.suppressed).map((b) => b.name);
  if (bins.every((b) => b.suppressed)) return { ...EMPTY, suppressed };
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: bins.map((b) => b.name),
      datasets: [
        {
          label: text.countAxis,
          data: bins.map((b) => (b.suppressed ? null : b.count)) as number[],
          backgroundColor: PRIMARY,
          barPercentage: 1,
          categoryPercentage: 1,
          borderColor: '#ffffff',
          borderWidth: 1,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: text.countAxis } },
      },
    },
  };
  return { config, drawn: bins.filter((b) => !b.suppressed).map((b) => b.name), suppressed };
}

/** LIKERT: one horizontal bar, its five points stacked in order from disagree to agree. */
export function likertChart(question: QuestionResult, text: ChartText): ChartPlan {
  const points = question.choices.map((c, i) => ({ ...c, colour: LIKERT_COLOURS[i % LIKERT_COLOURS.length] }));
  const shown = points.filter((p) => !p.suppressed);
  const suppressed = points.filter((p) => p.suppressed).map((p) => p.label);
  if (shown.length === 0) return { ...EMPTY, suppressed };
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: [''],
      datasets: shown.map((p) => ({ label: p.label, data: [percent(p.share)], backgroundColor: p.colour })),
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom' } },
      scales: {
        x: { stacked: true, min: 0, max: 100, title: { display: true, text: text.shareAxis } },
        y: { stacked: true },
      },
    },
  };
  return { config, drawn: shown.map((p) => p.label), suppressed };
}

/** The chart of one question, by its kind; nothing for TEXT, nor for a question under k. */
export function questionChart(question: QuestionResult, text: ChartText): ChartPlan {
  if (question.suppressed) return EMPTY;
  switch (question.kind) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE':
      return choiceChart(question, text);
    case 'NUMBER':
      return histogramChart(question, text);
    case 'LIKERT':
      return likertChart(question, text);
    case 'TEXT':
      return EMPTY;
  }
}
