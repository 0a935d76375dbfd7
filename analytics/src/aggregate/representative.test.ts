/**
 * The weighted figures as published in a report: which weights, and when they are withheld
 * (a weighted figure is never published where its unweighted count is below k).
 */
import { describe, expect, it } from 'vitest';
import type { ReportFrame } from '@consilium/jobs/report-result';
import { composeReport, type FrequencyRow, type QuestionMeta } from './compose.ts';
import { withWeights } from './representative.ts';
import { calibrate, weightedEstimate } from './weights.ts';

const K = 11;
const single: QuestionMeta = { id: 'q1', position: 0, kind: 'SINGLE_CHOICE', prompt: 'Single?', min: null, max: null, choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] };
const likert: QuestionMeta = { id: 'q2', position: 1, kind: 'LIKERT', prompt: 'Agree?', min: null, max: null, choices: [1, 2, 3, 4, 5].map((p) => ({ id: `l${p}`, label: String(p) })) };
const number: QuestionMeta = { id: 'q3', position: 2, kind: 'NUMBER', prompt: 'How many?', min: 0, max: 100, choices: [] };

const frame: ReportFrame = {
  source: 'REGISTRY', registries: ['RPPS'], date: '2026-11-01',
  cells: [
    { specialty: 'cardiology', country: 'FR', count: 4000 },
    { specialty: 'cardiology', country: 'BE', count: 1000 },
    { specialty: 'pediatrics', country: 'FR', count: 3000 },
    { specialty: 'pediatrics', country: 'BE', count: 2000 },
  ],
};

const row = (questionId: string, segment: string, choiceIds: string[], count: number, sum: number | null = null): FrequencyRow => ({ questionId, segment, choiceIds, count, sum });

function build(rows: FrequencyRow[], questions: QuestionMeta[], epsilon: number | null = null) {
  const report = composeReport({ respondents: 200, questions, rows, numbers: new Map([['q3', [{ value: 10, count: 100 }]]]), texts: new Map() }, { k: K, epsilon, uniform: () => 0.5 });
  return withWeights(report, questions, rows, frame, K);
}

describe('weighted figures in the report', () => {
  it('post-stratifies on specialty × country when every cell × answer count is 0 or at least k, beside the unweighted share', () => {
    const rows = [
      row('q1', 'cardiology|FR|0-9', ['a'], 40), row('q1', 'cardiology|FR|0-9', ['b'], 20),
      row('q1', 'cardiology|BE|0-9', ['a'], 12), row('q1', 'cardiology|BE|0-9', ['b'], 12),
      row('q1', 'pediatrics|FR|0-9', ['a'], 15), row('q1', 'pediatrics|FR|0-9', ['b'], 45),
      row('q1', 'pediatrics|BE|0-9', ['a'], 0), row('q1', 'pediatrics|BE|0-9', ['b'], 30),
    ];
    const q = build(rows, [single]).questions[0]!;
    expect(q.weighting).toMatchObject({ dimensions: ['specialty', 'country'], method: 'POST_STRATIFICATION', trimmed: 0 });
    // By hand: weights 4000/60, 1000/24, 3000/60, 2000/30; share of A = (4000·40/60 + 1000·12/24 + 3000·15/60) / 10000.
    const expected = ((4000 * 40) / 60 + (1000 * 12) / 24 + (3000 * 15) / 60) / 10000;
    expect(q.choices[0]!.weighted!.estimate).toBeCloseTo(expected, 12);
    expect(q.choices[0]!.share).toBeCloseTo(67 / 174, 12);
    const cal = calibrate([{ key: ['cardiology', 'BE'], n: 24 }, { key: ['cardiology', 'FR'], n: 60 }, { key: ['pediatrics', 'BE'], n: 30 }, { key: ['pediatrics', 'FR'], n: 60 }], frame.cells)!;
    expect(q.choices[0]!.weighted!.se).toBeCloseTo(weightedEstimate(cal, [24, 60, 30, 60], { sum: [12, 40, 0, 15], sumSquares: [12, 40, 0, 15] }, true)!.se, 12);
    // Post-stratification on cells that differ in their answers lowers the variance: deff below 1.
    expect(q.choices[0]!.weighted!.deff).toBeGreaterThan(0.5);
    expect(q.choices[0]!.weighted!.deff).toBeLessThan(1);
    expect(q.weightingWithheld).toBeNull();
  });

  it('falls back to the specialty alone when a specialty × country cell holds a count under k, if the specialty cross-tab is all shown', () => {
    const rows = [
      row('q1', 'cardiology|FR|0-9', ['a'], 40), row('q1', 'cardiology|FR|0-9', ['b'], 20),
      row('q1', 'cardiology|BE|0-9', ['a'], 3), row('q1', 'cardiology|BE|0-9', ['b'], 12),
      row('q1', 'pediatrics|FR|0-9', ['a'], 15), row('q1', 'pediatrics|FR|0-9', ['b'], 45),
      row('q1', 'pediatrics|BE|0-9', ['b'], 30),
    ];
    const q = build(rows, [single]).questions[0]!;
    expect(q.weighting).toMatchObject({ dimensions: ['specialty'], method: 'POST_STRATIFICATION' });
    // Specialty weights 5000/75 and 5000/90: a function of the published specialty cross-tab.
    expect(q.choices[0]!.weighted!.estimate).toBeCloseTo(((5000 * 43) / 75 + (5000 * 15) / 90) / 10000, 12);
  });

  it('withholds the weighted figures when the specialty cross-tab hides a cell, a number question, and everything under differential privacy', () => {
    const rows = [
      row('q1', 'cardiology|FR|0-9', ['a'], 40), row('q1', 'cardiology|FR|0-9', ['b'], 20),
      row('q1', 'pediatrics|FR|0-9', ['a'], 4), row('q1', 'pediatrics|FR|0-9', ['b'], 45),
      row('q3', 'cardiology|FR|0-9', [], 50, 500), row('q3', 'pediatrics|FR|0-9', [], 50, 500),
    ];
    const report = build(rows, [single, number]);
    expect(report.questions[0]!.weightingWithheld).toBe('SMALL_CELLS');
    expect(report.questions[0]!.choices.every((c) => c.weighted === null)).toBe(true);
    expect(report.questions[1]!.weightingWithheld).toBe('NUMBER_CELLS');
    expect(report.frame?.source).toBe('REGISTRY');
    const dp = build(rows, [single], 1);
    expect(dp.frame).toBeNull();
    expect(dp.questions[0]!.weightingWithheld).toBe('DIFFERENTIAL_PRIVACY');
  });

  it('gives a Likert question its weighted mean, and never a weighted share for a suppressed choice', () => {
    const rows = [
      row('q2', 'cardiology|FR|0-9', ['l1'], 20), row('q2', 'cardiology|FR|0-9', ['l5'], 20),
      row('q2', 'pediatrics|FR|0-9', ['l1'], 30), row('q2', 'pediatrics|FR|0-9', ['l4'], 30),
    ];
    const q = build(rows, [likert]).questions[0]!;
    // Specialty × country post-stratification (cardiology 5000, pediatrics 5000 over FR only → raking margins).
    expect(q.weightedMean!.estimate).toBeCloseTo((3 + 2.5) / 2, 9);
    expect(q.choices[1]!.suppressed).toBe(false);
    const smallRows = [...rows, row('q2', 'pediatrics|FR|0-9', ['l2'], 3)];
    const s = build(smallRows, [likert]).questions[0]!;
    expect(s.choices[1]!.suppressed).toBe(true);
    expect(s.choices[1]!.weighted ?? null).toBeNull();
    expect(s.weightedMean).toBeNull();
  });
});
