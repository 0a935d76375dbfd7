/**
 * pnpm bench:xlsx — the XLSX workbook of a 30-question report (single choice, Likert, multiple
 * choice, number, text in turn; every question cross-tabulated by 28 specialties, 6 countries
 * and 4 bands; weighted figures on the choices), built as the API builds it for a download.
 * Prints the time (median of BENCH_RUNS, default 5) and the process's memory: resident set size
 * and heap at the peak seen while building (target: under 5 s and 300 MiB).
 */
import type { QuestionResult, ReportResult } from '@consilium/jobs/report-result';
import { SPECIALTIES } from '@consilium/db';
import { reportWorkbook } from '../src/domain/reports/workbook.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
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

const result: ReportResult = {
  respondents: 6000, k: 11, epsilon: null,
  frame: { source: 'REGISTRY', registries: ['NPI', 'RPPS'], date: '2026-11-01', cells: SPECIALTIES.flatMap((s) => ['FR', 'US'].map((country) => ({ specialty: s.code, country, count: 5000 }))) },
  questions: Array.from({ length: 30 }, (_, i) => question(i)),
};

const MiB = 1024 * 1024;
let peakRss = 0;
let peakHeap = 0;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 5);
const before = process.memoryUsage();
const times: number[] = [];
let bytes = 0;
for (let i = 0; i < RUNS; i++) {
  const start = process.hrtime.bigint();
  bytes = (await reportWorkbook('Benchmark survey', result)).length;
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
clearInterval(sample);
const m = process.memoryUsage();
peakRss = Math.max(peakRss, m.rss);
peakHeap = Math.max(peakHeap, m.heapUsed);
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
console.log(`XLSX of a 30-question report: ${(bytes / 1024).toFixed(0)} KiB, ${result.questions.length + result.questions.filter((q) => q.crossTabs.length > 0).length * 3 + 1} sheets`);
console.log(`time: median ${median.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')}; target < 5000)`);
console.log(`memory: peak RSS ${(peakRss / MiB).toFixed(0)} MiB (at start ${(before.rss / MiB).toFixed(0)}), peak heap ${(peakHeap / MiB).toFixed(0)} MiB (target < 300 MiB)`);
