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
  /** What a hatched bar stands for ("Withheld (< k)"): never a zero. */
  withheld: string;
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
  /** The names of the choices, points or bins withheld (fewer than k answered them, or complementary suppression). */
  suppressed: string[];
  /** The datasets that stand for withheld figures: drawn hatched in the browser (ChartCanvas), never as zero. */
  hatched: number[];
}

const PRIMARY = '#1f5f6b';
/** The flat fill of a withheld bar where no pattern can be drawn; the browser hatches it (`hatched`). */
export const WITHHELD_FILL = '#d4d8dc';
export const WITHHELD_STRIPE = '#5f6b76';
/** Ticks small enough for ten bins or five wrapped labels at 360 px. */
const TICKS = { font: { size: 11 }, color: '#3d4a56' };
/** A diverging scale, disagree (red) to agree (blue), readable by the colour-blind (ColorBrewer RdBu). */
export const LIKERT_COLOURS = ['#b2182b', '#ef8a62', '#bababa', '#67a9cf', '#2166ac'] as const;

const percent = (fraction: number) => Math.round(fraction * 1000) / 10;

const EMPTY: ChartPlan = { config: null, drawn: [], suppressed: [], hatched: [] };

/**
 * A label broken into lines of about `width` characters at spaces (chart.js draws an array as
 * lines), so that choice names stay readable under narrow bars instead of being rotated or cut.
 */
export function wrapLabel(label: string, width = 14): string | string[] {
  if (label.length <= width) return label;
  const lines: string[] = [];
  for (const word of label.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A round whole top for a count axis, just above the highest bar, so that a withheld bar fills the height. */
export function countAxisTop(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const top = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * power).find((t) => t > max) ?? 10 * power;
  return Math.ceil(top);
}

function split(choices: readonly ChoiceResult[]): { shown: ChoiceResult[]; suppressed: string[] } {
  return {
    shown: choices.filter((c) => !c.suppressed),
    suppressed: choices.filter((c) => c.suppressed).map((c) => c.label),
  };
}

/**
 * SINGLE_CHOICE and MULTIPLE_CHOICE: one bar per choice, its 95% interval as whiskers. A withheld
 * choice keeps its place, drawn as a hatched column the height of the axis: "no figure here",
 * never a zero.
 */
export function choiceChart(question: QuestionResult, text: ChartText): ChartPlan {
  const { shown, suppressed } = split(question.choices);
  if (shown.length === 0) return { ...EMPTY, suppressed };
  const none = { y: null, yMin: null, yMax: null } as unknown as { y: number; yMin: number; yMax: number };
  const config: ChartConfiguration<'barWithErrorBars'> = {
    type: 'barWithErrorBars',
    data: {
      labels: question.choices.map((c) => wrapLabel(c.label)),
      datasets: [
        {
          label: text.shareAxis,
          data: question.choices.map((c) => (c.suppressed ? none : { y: percent(c.share), yMin: percent(c.ciLow), yMax: percent(c.ciHigh) })),
          backgroundColor: PRIMARY,
          errorBarColor: '#1d2733',
          errorBarWhiskerColor: '#1d2733',
          grouped: false,
        },
        ...(suppressed.length > 0
          ? [{
              label: text.withheld,
              // No interval: its whiskers would be drawn at the top, so they are not drawn at all.
              data: question.choices.map((c) => (c.suppressed ? { y: 100, yMin: 100, yMax: 100 } : none)),
              backgroundColor: WITHHELD_FILL, borderColor: WITHHELD_STRIPE, borderWidth: 1, grouped: false,
              errorBarColor: 'transparent', errorBarWhiskerColor: 'transparent',
            }]
          : []),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: suppressed.length > 0, position: 'bottom', labels: { boxWidth: 14, font: { size: 12 } } } },
      scales: {
        x: { ticks: { ...TICKS, maxRotation: 0, autoSkip: false } },
        y: { min: 0, max: 100, ticks: TICKS, title: { display: true, text: text.shareAxis } },
      },
    },
  };
  return { config, drawn: shown.map((c) => c.label), suppressed, hatched: suppressed.length > 0 ? [1] : [] };
}

/**
 * NUMBER: the bins side by side. A withheld bin keeps its place on the axis, hatched to the top
 * of the axis (its count is not known, so it is neither a zero nor a height); it is listed too.
 */
export function histogramChart(question: QuestionResult, text: ChartText): ChartPlan {
  const bins = question.histogram.map((b) => ({ ...b, name: text.binLabel(b.low, b.high) }));
  const suppressed = bins.filter((b) => b.suppressed).map((b) => b.name);
  if (bins.every((b) => b.suppressed)) return { ...EMPTY, suppressed };
  const top = countAxisTop(Math.max(...bins.filter((b) => !b.suppressed).map((b) => b.count)));
  const shape = { barPercentage: 1, categoryPercentage: 1, grouped: false };
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: bins.map((b) => b.name),
      datasets: [
        { label: text.countAxis, data: bins.map((b) => (b.suppressed ? null : b.count)) as number[], backgroundColor: PRIMARY, borderColor: '#ffffff', borderWidth: 1, ...shape },
        ...(suppressed.length > 0
          ? [{ label: text.withheld, data: bins.map((b) => (b.suppressed ? top : null)) as number[], backgroundColor: WITHHELD_FILL, borderColor: '#ffffff', borderWidth: 1, ...shape }]
          : []),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: suppressed.length > 0, position: 'bottom', labels: { boxWidth: 14, font: { size: 12 } } } },
      scales: {
        x: { ticks: { ...TICKS, maxRotation: 60, autoSkip: true } },
        y: { beginAtZero: true, max: top, ticks: { ...TICKS, precision: 0 }, title: { display: true, text: text.countAxis } },
      },
    },
  };
  return { config, drawn: bins.filter((b) => !b.suppressed).map((b) => b.name), suppressed, hatched: suppressed.length > 0 ? [1] : [] };
}

/**
 * LIKERT: one horizontal bar, its five points stacked in order from disagree to agree. The
 * withheld points are one hatched part at the end, as wide as what the shown points leave (their
 * sum, n minus the shown counts, is derivable from what is published; each one is not).
 */
export function likertChart(question: QuestionResult, text: ChartText): ChartPlan {
  const points = question.choices.map((c, i) => ({ ...c, colour: LIKERT_COLOURS[i % LIKERT_COLOURS.length] }));
  const shown = points.filter((p) => !p.suppressed);
  const suppressed = points.filter((p) => p.suppressed).map((p) => p.label);
  if (shown.length === 0) return { ...EMPTY, suppressed };
  const rest = Math.max(0, percent(1 - shown.reduce((sum, p) => sum + p.share, 0)));
  const datasets = shown.map((p) => ({ label: p.label, data: [percent(p.share)], backgroundColor: p.colour as string }));
  if (suppressed.length > 0) datasets.push({ label: `${text.withheld}: ${suppressed.join(', ')}`, data: [rest], backgroundColor: WITHHELD_FILL });
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels: [''], datasets },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 14, font: { size: 12 } } } },
      scales: {
        x: { stacked: true, min: 0, max: 100, ticks: TICKS, title: { display: true, text: text.shareAxis } },
        y: { stacked: true },
      },
    },
  };
  return { config, drawn: shown.map((p) => p.label), suppressed, hatched: suppressed.length > 0 ? [datasets.length - 1] : [] };
}

/** The chart of one question, by its kind; nothing for TEXT, nor for a question under k. */
export function questionChart(question: QuestionResult, text: ChartText): ChartPlan {
  if (question.suppressed) return EMPTY;
  switch (question.kind) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE':
    case 'RANKING':
      // A ranking's choices are who ranked each first.
      return choiceChart(question, text);
    case 'MATRIX':
      // Reported per item, each a LIKERT question: no result has this kind.
      return EMPTY;
    case 'NUMBER':
      return histogramChart(question, text);
    case 'LIKERT':
      return likertChart(question, text);
    case 'TEXT':
      return EMPTY;
  }
}
