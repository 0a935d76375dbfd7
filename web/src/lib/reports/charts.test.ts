import { describe, expect, it } from 'vitest';
import { choiceChart, countAxisTop, histogramChart, LIKERT_COLOURS, likertChart, questionChart, WITHHELD_FILL, wrapLabel, type ChartText } from './charts.ts';
import { choice, question, suppressedChoice } from './testing.ts';

const TEXT: ChartText = { shareAxis: 'Share (%)', countAxis: 'Respondents', withheld: 'Withheld (< k)', binLabel: (low, high) => `${low}–${high}` };

describe('choiceChart', () => {
  it('draws one bar per choice with its 95% interval in percent; a withheld choice keeps its place, hatched to the top, never a zero', () => {
    const plan = choiceChart(question(), TEXT);
    expect(plan.drawn).toEqual(['Yes', 'No']);
    expect(plan.suppressed).toEqual(['Unsure']);
    expect(plan.config?.type).toBe('barWithErrorBars');
    expect(plan.config?.data.labels).toEqual(['Yes', 'No', 'Unsure']);
    const [shares, withheld] = plan.config!.data.datasets;
    expect(shares?.data).toEqual([
      { y: 60, yMin: 43, yMax: 77 },
      { y: 40, yMin: 23, yMax: 57 },
      { y: null, yMin: null, yMax: null },
    ]);
    expect(withheld?.label).toBe('Withheld (< k)');
    expect(withheld?.data).toEqual([{ y: null, yMin: null, yMax: null }, { y: null, yMin: null, yMax: null }, { y: 100, yMin: 100, yMax: 100 }]);
    expect(withheld?.backgroundColor).toBe(WITHHELD_FILL);
    expect(plan.hatched).toEqual([1]);
    expect(plan.config?.options?.plugins?.legend?.display).toBe(true);
  });

  it('has no withheld layer nor legend when every choice is shown', () => {
    const plan = choiceChart(question({ choices: [choice('y', 'Yes', 18, 0.6), choice('n', 'No', 12, 0.4)] }), TEXT);
    expect(plan.config?.data.datasets).toHaveLength(1);
    expect(plan.hatched).toEqual([]);
    expect(plan.config?.options?.plugins?.legend?.display).toBe(false);
  });

  it('wraps long choice names into lines rather than rotating them at phone width', () => {
    const plan = choiceChart(question({ choices: [choice('a', 'Only when the patient asks for it', 18, 0.6), choice('b', 'Never', 12, 0.4)] }), TEXT);
    expect(plan.config?.data.labels).toEqual([['Only when the', 'patient asks', 'for it'], 'Never']);
    expect(plan.config?.options?.scales?.x?.ticks).toMatchObject({ maxRotation: 0, autoSkip: false });
  });

  it('draws nothing when every choice is suppressed, and lists them all', () => {
    const plan = choiceChart(question({ choices: [suppressedChoice('a', 'A'), suppressedChoice('b', 'B')] }), TEXT);
    expect(plan.config).toBeNull();
    expect(plan.suppressed).toEqual(['A', 'B']);
  });
});

describe('histogramChart', () => {
  const numberQuestion = question({
    kind: 'NUMBER',
    choices: [],
    histogram: [
      { low: 0, high: 10, count: 12, suppressed: false },
      { low: 10, high: 20, count: 0, suppressed: true },
      { low: 20, high: 30, count: 15, suppressed: false },
    ],
  });

  it('keeps a withheld bin’s place on the axis, hatched to the top of the axis: no zero, no height', () => {
    const plan = histogramChart(numberQuestion, TEXT);
    expect(plan.config?.type).toBe('bar');
    expect(plan.config?.data.labels).toEqual(['0–10', '10–20', '20–30']);
    expect(plan.config?.data.datasets[0]?.data).toEqual([12, null, 15]);
    expect(plan.config?.data.datasets[1]?.data).toEqual([null, 20, null]);
    expect(plan.config?.options?.scales?.y?.max).toBe(20);
    expect(plan.hatched).toEqual([1]);
    expect(plan.drawn).toEqual(['0–10', '20–30']);
    expect(plan.suppressed).toEqual(['10–20']);
  });

  it('draws bins edge to edge, as a histogram', () => {
    const dataset = histogramChart(numberQuestion, TEXT).config?.data.datasets[0] as { barPercentage?: number; categoryPercentage?: number };
    expect(dataset.barPercentage).toBe(1);
    expect(dataset.categoryPercentage).toBe(1);
  });
});

describe('likertChart', () => {
  const points = ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'];
  const likert = question({
    kind: 'LIKERT',
    choices: [
      choice('1', points[0]!, 3, 0.1),
      suppressedChoice('2', points[1]!),
      choice('3', points[2]!, 6, 0.2),
      choice('4', points[3]!, 12, 0.35),
      choice('5', points[4]!, 9, 0.25),
    ],
  });

  it('stacks the points on one horizontal bar, in order, each in its place on the diverging scale; the withheld ones as one hatched rest', () => {
    const plan = likertChart(likert, TEXT);
    const config = plan.config!;
    expect(config.options?.indexAxis).toBe('y');
    expect(config.data.labels).toHaveLength(1);
    const datasets = config.data.datasets as { label: string; data: number[]; backgroundColor: string }[];
    expect(datasets.map((d) => d.label)).toEqual([points[0], points[2], points[3], points[4], 'Withheld (< k): Disagree']);
    // 10 + 20 + 35 + 25 shown: the withheld point is the 10 % they leave.
    expect(datasets.map((d) => d.data[0])).toEqual([10, 20, 35, 25, 10]);
    // "Neutral" keeps the neutral grey although "Disagree" before it is left out.
    expect(datasets[1]?.backgroundColor).toBe(LIKERT_COLOURS[2]);
    expect(plan.hatched).toEqual([4]);
    expect(plan.suppressed).toEqual(['Disagree']);
  });
});

describe('axis helpers', () => {
  it('rounds a count axis up to a round whole number just above the highest bar', () => {
    expect([1, 6, 9, 15, 19, 48, 96, 430].map(countAxisTop)).toEqual([2, 8, 10, 20, 20, 50, 100, 500]);
  });

  it('keeps a short label whole and breaks a long one at spaces', () => {
    expect(wrapLabel('Yes')).toBe('Yes');
    expect(wrapLabel('Strongly disagree with it', 10)).toEqual(['Strongly', 'disagree', 'with it']);
  });
});

describe('questionChart', () => {
  it('draws nothing for a question under k, nor for a text question', () => {
    expect(questionChart(question({ suppressed: true }), TEXT).config).toBeNull();
    expect(questionChart(question({ kind: 'TEXT', choices: [] }), TEXT).config).toBeNull();
  });

  it('uses the chart of the question’s kind', () => {
    expect(questionChart(question({ kind: 'MULTIPLE_CHOICE' }), TEXT).config?.type).toBe('barWithErrorBars');
    expect(questionChart(question({ kind: 'LIKERT' }), TEXT).config?.options?.indexAxis).toBe('y');
  });
});
