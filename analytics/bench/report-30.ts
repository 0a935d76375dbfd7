/**
 * The 30-question report of the file benchmarks (`pnpm bench:xlsx`, `pnpm bench:pdf`): single
 * choice, Likert, multiple choice, number and text in turn, 6,000 respondents, every question
 * cross-tabulated by 28 specialties, 6 countries and 4 bands, weighted figures on the choices,
 * a withheld choice and bin in each, 500 free texts per text question.
 */
import type { QuestionResult, ReportResult } from '@consilium/jobs/report-result';
import os from 'node:os';
import { SPECIALTIES } from '@consilium/db';

const KINDS = ['SINGLE_CHOICE', 'LIKERT', 'MULTIPLE_CHOICE', 'NUMBER', 'TEXT'] as const;
const weighted = { estimate: 0.31, se: 0.021, ciLow: 0.27, ciHigh: 0.35, deff: 1.4 };

function question(i: number): QuestionResult {
  const kind = KINDS[i % KINDS.length]!;
  const labels = kind === 'LIKERT' ? ['1', '2', '3', '4', '5'] : kind === 'NUMBER' || kind === 'TEXT' ? [] : ['Never', 'Rarely', 'Sometimes', 'Often', 'Always', 'Do not know'];
  const choices = labels.map((label, j) => ({ choiceId: `c${j}`, label, count: 1000 + j, share: 0.15, ciLow: 0.14, ciHigh: 0.16, suppressed: j === 5, weighted: j === 5 ? null : weighted }));
  const segments = { specialty: SPECIALTIES.map((s) => s.code), country: ['FR', 'BE', 'CH', 'US', 'DE', '*'], yearsInPractice: ['0-9', '10-19', '20-29', '30+'] };
  return {
    questionId: `q${i}`, prompt: `Question ${i + 1}: how often do you prescribe antibiotics for acute bronchitis in adults?`, kind, n: 6000, suppressed: false,
    choices, mean: kind === 'LIKERT' || kind === 'NUMBER' ? 3.2 : null, median: kind === 'NUMBER' ? 3 : null,
    histogram: kind === 'NUMBER' ? Array.from({ length: 10 }, (_, b) => ({ low: b * 10, high: b * 10 + 10, count: 600, suppressed: b === 9 })) : [],
    texts: kind === 'TEXT' ? Array.from({ length: 500 }, (_, t) => `Free-text answer number ${t} with a sentence of ordinary length about practice.`) : [],
    crossTabs: kind === 'TEXT' ? [] : (['specialty', 'country', 'yearsInPractice'] as const).map((dimension) => ({
      dimension,
      cells: segments[dimension].map((segment, s) => ({ segment, n: s % 7 === 3 ? 0 : 200, suppressed: s % 7 === 3, choices: s % 7 === 3 ? [] : choices.map((c) => ({ ...c, weighted: null })), mean: kind === 'LIKERT' ? 3.1 : null })),
    })),
    weightedMean: kind === 'LIKERT' ? weighted : null,
    weighting: { dimensions: ['specialty', 'country'], method: 'RAKING', iterations: 12, converged: true, trimmed: 3, nEffective: 4200 },
    weightingWithheld: null,
  };
}

/** A 30-question report (single choice, Likert, multiple choice, number, text in turn; cross-tabs by 28 specialties, 6 countries, 4 bands; weights). */
export const report30: ReportResult = {
  respondents: 6000, k: 11, epsilon: null,
  frame: { source: 'REGISTRY', registries: ['NPI', 'RPPS'], date: '2026-11-01', cells: SPECIALTIES.flatMap((s) => ['FR', 'US'].map((country) => ({ specialty: s.code, country, count: 5000 }))) },
  questions: Array.from({ length: 30 }, (_, i) => question(i)),
};


/** The machine's load, printed beside the figures (other processes share its two cores). */
export function loadAverage(): string {
  return (os.loadavg() as number[]).map((l) => l.toFixed(2)).join(' / ');
}
