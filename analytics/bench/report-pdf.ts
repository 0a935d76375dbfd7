/**
 * pnpm bench:pdf — the PDF report of the 30-question survey of `bench:xlsx` (report-30.ts), built
 * as the worker builds it (charts with chart.js on @napi-rs/canvas, pdfkit), in one language and
 * then the pair the job stores (French and English). Prints the time (median of BENCH_RUNS,
 * default 3), the process's peak resident set size and the load average (target: under 10 s and
 * 300 MiB).
 */
import { reportPdf, type PdfReportInput } from '../src/files/report-pdf.ts';
import { loadAverage, report30 } from './report-30.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MiB = 1024 * 1024;
let peakRss = 0;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
const before = process.memoryUsage().rss;
const input: PdfReportInput = {
  title: 'Antibiotic prescribing in primary and specialist care (benchmark)',
  client: 'Agence de santé publique',
  openedAt: new Date('2026-10-01T08:00:00Z'),
  closedAt: new Date('2026-10-31T20:00:00Z'),
  builtAt: new Date('2026-11-02T09:00:00Z'),
  targeting: { specialties: [], countries: ['FR', 'BE', 'CH'], minYearsInPractice: null },
  result: report30,
  lang: 'en',
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (fn: () => Promise<unknown>) => {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

let bytes = 0;
const one: number[] = [];
for (let i = 0; i < RUNS; i++) one.push(await time(async () => (bytes = (await reportPdf(input)).length)));
const peakOne = Math.max(peakRss, process.memoryUsage().rss);
// The job builds its two languages one after the other.
const pair: number[] = [];
for (let i = 0; i < RUNS; i++) pair.push(await time(async () => { await reportPdf({ ...input, lang: 'fr' }); await reportPdf(input); }));
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(`PDF of a 30-question report: ${(bytes / 1024).toFixed(0)} KiB`);
console.log(`time, one language: median ${median(one).toFixed(0)} ms (runs: ${one.map((t) => t.toFixed(0)).join(', ')}; target < 10000)`);
console.log(`time, French and English (the job): median ${median(pair).toFixed(0)} ms (runs: ${pair.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`load average (1/5/15 min): ${loadAverage()}`);
console.log(`memory: peak RSS ${(peakOne / MiB).toFixed(0)} MiB over the one-language runs, ${(peakRss / MiB).toFixed(0)} MiB in all (at start, with tsx and the fixture loaded: ${(before / MiB).toFixed(0)}; target < 300 MiB)`);
