/** The figures of `pnpm bench:peers`: each run as it ends, then the medians and the issue's targets. */
import type { Kind } from './requests.ts';

export interface Run {
  round: number;
  kind: Kind;
  server: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** The server process's CPU time per request (user + system). */
  cpuMsPerRequest: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const fixed = (n: number, digits = 0) => n.toFixed(digits);

export function printRun(run: Run) {
  console.log(`  round ${run.round}  ${run.kind.padEnd(26)} ${run.server.padEnd(13)} ${fixed(run.requestsPerSecond, 1).padStart(8)} req/s   p50 ${fixed(run.p50).padStart(5)} ms   p99 ${fixed(run.p99).padStart(5)} ms   CPU ${fixed(run.cpuMsPerRequest, 2)} ms/req`);
}

const verdict = (meets: boolean) => (meets ? 'meets' : 'misses');

/** The medians over the rounds per kind and server, then the ratios the issue asks for, each beside its target. */
export function printMedians(runs: Run[], statements: Record<Kind, Record<string, number>>, kinds: Kind[], servers: string[], counts: Record<string, number>) {
  console.log(`\nmedians over the rounds (data: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}):`);
  console.log(`  ${'request'.padEnd(26)} ${'server'.padEnd(13)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'p99/p50'.padStart(8)} ${'SQL/req'.padStart(8)} ${'CPU ms/req'.padStart(11)}`);
  const medians = new Map<string, { rps: number; p50: number; p99: number; cpu: number }>();
  for (const kind of kinds) {
    for (const server of servers) {
      const mine = runs.filter((r) => r.kind === kind && r.server === server);
      const m = { rps: median(mine.map((r) => r.requestsPerSecond)), p50: median(mine.map((r) => r.p50)), p99: median(mine.map((r) => r.p99)), cpu: median(mine.map((r) => r.cpuMsPerRequest)) };
      medians.set(`${kind}/${server}`, m);
      console.log(`  ${kind.padEnd(26)} ${server.padEnd(13)} ${fixed(m.rps, 1).padStart(8)} ${fixed(m.p50).padStart(7)} ${fixed(m.p99).padStart(7)} ${fixed(m.p99 / Math.max(m.p50, 1), 2).padStart(8)} ${String(statements[kind][server]).padStart(8)} ${fixed(m.cpu, 2).padStart(11)}`);
    }
  }
  console.log('\nthe API against its targets (issue #12):');
  console.log(`  ${'request'.padEnd(26)} ${'API/baseline ≥0.6'.padEnd(22)} ${'API/PostGraphile ≥1.0'.padEnd(24)} ${'p99/p50 ≤2'.padEnd(16)} SQL/req ≤3`);
  for (const kind of kinds) {
    const api = medians.get(`${kind}/api`)!;
    const baseline = api.rps / medians.get(`${kind}/baseline`)!.rps;
    const postgraphile = api.rps / medians.get(`${kind}/postgraphile`)!.rps;
    // autocannon reports whole milliseconds: a p50 of 0 ms counts as 1 ms.
    const spread = api.p99 / Math.max(api.p50, 1);
    const sql = statements[kind].api!;
    console.log(
      `  ${kind.padEnd(26)} ${`${fixed(baseline, 2)} ${verdict(baseline >= 0.6)}`.padEnd(22)} ${`${fixed(postgraphile, 2)} ${verdict(postgraphile >= 1)}`.padEnd(24)} ${`${fixed(spread, 2)} ${verdict(spread <= 2)}`.padEnd(16)} ${sql} ${verdict(sql <= 3)}`,
    );
  }
}
