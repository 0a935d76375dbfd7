/**
 * pnpm bench:xlsx — the XLSX workbook of a 30-question report (single choice, Likert, multiple
 * choice, number, text in turn; every question cross-tabulated by 28 specialties, 6 countries
 * and 4 bands; weighted figures on the choices), built as the API builds it for a download.
 * Prints the time (median of BENCH_RUNS, default 5) and the process's memory: resident set size
 * and heap at the peak seen while building (target: under 5 s and 300 MiB).
 */
import { loadAverage, report30 as result } from '@consilium/analytics/bench-report-30';
import { reportWorkbook } from '../src/domain/reports/workbook.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
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
console.log(`load average (1/5/15 min): ${loadAverage()}`);
console.log(`memory: peak RSS ${(peakRss / MiB).toFixed(0)} MiB (at start ${(before.rss / MiB).toFixed(0)}), peak heap ${(peakHeap / MiB).toFixed(0)} MiB (target < 300 MiB)`);
