/**
 * Representative estimates: the respondents of a question are weighted to the physician
 * population frame (counts by specialty × country), and weighted shares and means are given with
 * their linearisation standard errors, exactly as R's `survey` package computes them for
 * `svydesign(ids = ~1)` followed by `postStratify` or `rake`, `trimWeights` and `svymean`
 * (checked to 1e-6 in weights-r.test.ts).
 *
 * Everything works on weighting cells, not on respondents: a respondent's weight depends only on
 * their cell (specialty|country), so each cell carries its count n, and per estimand the sum of
 * the values Σy and of their squares Σy². The linearised influence of a respondent is then
 * affine in y within a cell (a·y + b), which keeps R's projections exact on aggregates.
 */
import { Z95 } from './stats.ts';

/** The frame's unknown category: respondents whose segment part was generalised (`*`) or is not in the frame. */
export const OTHER = '*';

import { RAKE_MAX_ITERATIONS, RAKE_TOLERANCE, TRIM_FACTOR } from '@consilium/jobs/report-result';

export { RAKE_MAX_ITERATIONS, RAKE_TOLERANCE, TRIM_FACTOR };
/** R's svyrecvar projects the influence functions onto the raking margins this many times. */
const RAKING_VARIANCE_SWEEPS = 10;

export type WeightingMethod = 'POST_STRATIFICATION' | 'RAKING';

/** One cell of the population frame: physicians of a specialty in a country. */
export interface FrameCell {
  specialty: string;
  country: string;
  count: number;
}

/** A weighting cell of the sample: how many of the question's respondents are in it. */
export interface SampleCell {
  /** [specialty, country], or [specialty] when weighting on the specialty alone. */
  key: readonly string[];
  n: number;
}

/** Margins (category → population total) in the order they are raked: specialty, then country. */
export type Margins = Array<Map<string, number>>;

const frameKey = (f: FrameCell, dims: number) => (dims === 2 ? [f.specialty, f.country] : [f.specialty]);

/** The post-strata R keeps for the variance: per margin (or one for post-stratification), each cell's group and weight after that step. */
interface Projection {
  /** Per sample cell: its group in this step. */
  group: string[];
  /** Per sample cell: the weight after this step (R's attr "weights"). */
  psw: number[];
}

export interface Calibration {
  method: WeightingMethod;
  /** Per sample cell, in the input order: the final (trimmed) weight. */
  weights: number[];
  /** Before trimming. */
  calibrated: number[];
  projections: Projection[];
  iterations: number;
  converged: boolean;
  /** The cap applied (TRIM_FACTOR × the mean weight) and how many respondents it touched. */
  trimCap: number;
  trimmedRespondents: number;
  /** Kish's effective sample size, (Σw)² / Σw². */
  nEffective: number;
  /** The population totals the weights were calibrated to (post-stratification: the cells; raking: both margins). */
  targets: { cells?: Array<{ key: string[]; total: number }>; margins?: Array<Array<{ category: string; total: number }>> };
}

const keyOf = (key: readonly string[]) => key.join('|');

/**
 * The frame's targets for a set of sample cells. Post-stratification when every frame cell
 * (count > 0) has a respondent and every respondent's cell is in the frame: each cell's total
 * is its frame count. Otherwise raking to the two margins, built from the frame by these rules:
 * a sample category outside the frame (or generalised, `*`) gets the total N × its share of
 * the sample; frame categories without a respondent are left out and the remaining ones scaled
 * so that each margin adds up to N (the frame's total). Null when nothing can be weighted (no
 * frame, or no respondent in it).
 */
export function targetsFor(cells: readonly SampleCell[], frame: readonly FrameCell[]): { method: 'POST_STRATIFICATION'; cells: Map<string, number> } | { method: 'RAKING'; margins: Margins } | null {
  const populated = frame.filter((f) => f.count > 0);
  const total = populated.reduce((s, f) => s + f.count, 0);
  const n = cells.reduce((s, c) => s + c.n, 0);
  if (total === 0 || n === 0) return null;
  const dims = cells[0]?.key.length ?? 2;
  const frameCells = new Map<string, number>();
  for (const f of populated) {
    const key = keyOf(frameKey(f, dims));
    frameCells.set(key, (frameCells.get(key) ?? 0) + f.count);
  }
  const sampleKeys = new Set(cells.filter((c) => c.n > 0).map((c) => keyOf(c.key)));
  if ([...sampleKeys].every((k) => frameCells.has(k)) && [...frameCells.keys()].every((k) => sampleKeys.has(k))) {
    return { method: 'POST_STRATIFICATION', cells: frameCells };
  }
  const margins = Array.from({ length: dims }, (_, d) => {
    const frameTotals = new Map<string, number>();
    for (const f of populated) {
      const category = frameKey(f, dims)[d]!;
      frameTotals.set(category, (frameTotals.get(category) ?? 0) + f.count);
    }
    const sample = new Map<string, number>();
    for (const c of cells) sample.set(c.key[d]!, (sample.get(c.key[d]!) ?? 0) + c.n);
    const outside = [...sample].filter(([category]) => !frameTotals.has(category));
    const inside = [...sample].filter(([category]) => frameTotals.has(category));
    const outsideShare = outside.reduce((s, [, count]) => s + count, 0) / n;
    const insideFrame = inside.reduce((s, [category]) => s + frameTotals.get(category)!, 0);
    const margin = new Map<string, number>();
    for (const [category, count] of outside) margin.set(category, (total * count) / n);
    for (const [category] of inside) margin.set(category, (total * (1 - outsideShare) * frameTotals.get(category)!) / insideFrame);
    return margin;
  });
  return { method: 'RAKING', margins };
}

/** R's trimWeights(upper = cap, strict = TRUE) on per-cell weights. */
function trim(weights: number[], counts: readonly number[], cap: number): { weights: number[]; trimmed: number } {
  const w = [...weights];
  const touched = new Set<number>();
  for (let guard = 0; guard < 1000; guard++) {
    const outside = w.map((x) => x > cap);
    if (!outside.some(Boolean)) break;
    let trimmings = 0;
    let others = 0;
    w.forEach((x, i) => {
      if (outside[i]) {
        trimmings += counts[i]! * (x - cap);
        touched.add(i);
      } else others += counts[i]!;
    });
    if (others === 0) break;
    for (let i = 0; i < w.length; i++) w[i] = outside[i] ? cap : w[i]! + trimmings / others;
  }
  return { weights: w, trimmed: [...touched].reduce((s, i) => s + counts[i]!, 0) };
}

/**
 * Calibrates the sample cells to the frame: R's postStratify, or rake (with
 * epsilon = RAKE_TOLERANCE × n and maxit = RAKE_MAX_ITERATIONS), then trimWeights.
 */
export function calibrate(cells: readonly SampleCell[], frame: readonly FrameCell[]): Calibration | null {
  const targets = targetsFor(cells, frame);
  if (!targets) return null;
  const counts = cells.map((c) => c.n);
  const n = counts.reduce((s, x) => s + x, 0);
  let w = cells.map(() => 1);
  const projections: Projection[] = [];
  let iterations = 0;
  let converged = true;
  let described: Calibration['targets'];
  if (targets.method === 'POST_STRATIFICATION') {
    const group = cells.map((c) => keyOf(c.key));
    const sums = new Map<string, number>();
    group.forEach((g, i) => sums.set(g, (sums.get(g) ?? 0) + counts[i]! * w[i]!));
    w = w.map((x, i) => (x * targets.cells.get(group[i]!)!) / sums.get(group[i]!)!);
    projections.push({ group, psw: [...w] });
    described = { cells: [...targets.cells].map(([key, total]) => ({ key: key.split('|'), total })) };
  } else {
    const epsilon = RAKE_TOLERANCE * n;
    const table = () => w.map((x, i) => x * counts[i]!);
    let old = table();
    converged = false;
    const steps: Projection[] = [];
    while (iterations < RAKE_MAX_ITERATIONS) {
      steps.length = 0;
      for (let d = 0; d < targets.margins.length; d++) {
        const group = cells.map((c) => c.key[d]!);
        const sums = new Map<string, number>();
        group.forEach((g, i) => sums.set(g, (sums.get(g) ?? 0) + counts[i]! * w[i]!));
        w = w.map((x, i) => (x * targets.margins[d]!.get(group[i]!)!) / sums.get(group[i]!)!);
        steps.push({ group, psw: [...w] });
      }
      // R compares the whole specialty × country table; cells absent from the sample stay 0 in both.
      const now = table();
      const delta = Math.max(...now.map((x, i) => Math.abs(x - old[i]!)));
      if (delta < epsilon) {
        converged = true;
        break;
      }
      old = now;
      iterations++;
    }
    projections.push(...steps);
    described = { margins: targets.margins.map((m) => [...m].map(([category, total]) => ({ category, total }))) };
  }
  const calibrated = [...w];
  const total = calibrated.reduce((s, x, i) => s + x * counts[i]!, 0);
  const cap = (TRIM_FACTOR * total) / n;
  const trimmed = trim(calibrated, counts, cap);
  const sw = trimmed.weights.reduce((s, x, i) => s + x * counts[i]!, 0);
  const sw2 = trimmed.weights.reduce((s, x, i) => s + x * x * counts[i]!, 0);
  return {
    method: targets.method,
    weights: trimmed.weights,
    calibrated,
    projections,
    iterations: targets.method === 'RAKING' ? iterations + 1 : 0,
    converged,
    trimCap: cap,
    trimmedRespondents: trimmed.trimmed,
    nEffective: (sw * sw) / sw2,
    targets: described,
  };
}

/** Per sample cell: the sum of the values and of their squares over its respondents. */
export interface CellValues {
  sum: number[];
  sumSquares: number[];
}

export interface Estimate {
  estimate: number;
  se: number;
  ciLow: number;
  ciHigh: number;
  /** R's deff (without replacement): the variance over that of a simple random sample of the same size from a population of Σw. */
  deff: number | null;
}

/**
 * The weighted mean of y and its linearisation standard error, as R's svymean on the
 * calibrated, trimmed design: the influence x = w (y − ȳ) / Σw, minus its projection on each
 * post-stratum (ten sweeps over the margins for raking), then n/(n−1) Σ (x − x̄)².
 * `share` clamps the interval to [0, 1].
 */
export function weightedEstimate(cal: Calibration, counts: readonly number[], values: CellValues, share: boolean): Estimate | null {
  const n = counts.reduce((s, x) => s + x, 0);
  if (n < 2) return null;
  const w = cal.weights;
  const W = w.reduce((s, x, i) => s + x * counts[i]!, 0);
  const mean = w.reduce((s, x, i) => s + x * values.sum[i]!, 0) / W;
  // x_i = a_c y_i + b_c within cell c.
  const a = w.map((x) => x / W);
  const b = w.map((x) => (-mean * x) / W);
  const project = (p: Projection) => {
    const totals = new Map<string, { x: number; n: number }>();
    p.group.forEach((g, i) => {
      const t = totals.get(g) ?? { x: 0, n: 0 };
      t.x += (a[i]! * values.sum[i]! + b[i]! * counts[i]!) / p.psw[i]!;
      t.n += counts[i]!;
      totals.set(g, t);
    });
    p.group.forEach((g, i) => {
      const t = totals.get(g)!;
      b[i]! -= (t.x / t.n) * p.psw[i]!;
    });
  };
  if (cal.method === 'POST_STRATIFICATION') for (const p of cal.projections) project(p);
  else for (let s = 0; s < RAKING_VARIANCE_SWEEPS; s++) for (const p of cal.projections) project(p);
  let sx = 0;
  let sxx = 0;
  counts.forEach((c, i) => {
    sx += a[i]! * values.sum[i]! + b[i]! * c;
    sxx += a[i]! * a[i]! * values.sumSquares[i]! + 2 * a[i]! * b[i]! * values.sum[i]! + b[i]! * b[i]! * c;
  });
  const variance = Math.max(0, ((sxx - (sx * sx) / n) * n) / (n - 1));
  const se = Math.sqrt(variance);
  // R's deff: v / (svyvar(y) (Σw − n) / (Σw n)), svyvar(y) = n/(n−1) Σ w (y − ȳ)² / Σw.
  const spread = w.reduce((s, x, i) => s + x * (values.sumSquares[i]! - 2 * mean * values.sum[i]! + mean * mean * counts[i]!), 0);
  const vsrs = (((n / (n - 1)) * spread) / W) * ((W - n) / (W * n));
  const deff = W > n && vsrs > 0 ? variance / vsrs : null;
  const low = mean - Z95 * se;
  const high = mean + Z95 * se;
  return { estimate: mean, se, ciLow: share ? Math.max(0, low) : low, ciHigh: share ? Math.min(1, high) : high, deff };
}
