/** Small statistics over aggregated counts: pure, so each is checked against hand-computed figures. */

/** The 97.5th percentile of the standard normal: a 95% two-sided interval. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval of a proportion `count / n` (Wilson 1927): unlike the normal
 * approximation it stays inside [0, 1] and behaves at small counts. [0, 0] when n is 0.
 */
export function wilson(count: number, n: number, z = Z95): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 0 };
  const p = Math.min(1, Math.max(0, count / n));
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** A value and how many answers gave it. */
export interface Weighted {
  value: number;
  count: number;
}

export function totalOf(values: readonly Weighted[]): number {
  return values.reduce((sum, v) => sum + v.count, 0);
}

export function weightedMean(values: readonly Weighted[]): number | null {
  const n = totalOf(values);
  if (n === 0) return null;
  return values.reduce((sum, v) => sum + v.value * v.count, 0) / n;
}

/**
 * The median of a frequency table, as PostgreSQL's percentile_cont(0.5) gives it over the
 * expanded values: the middle value, or the mean of the two middle ones.
 */
export function weightedMedian(values: readonly Weighted[]): number | null {
  const n = totalOf(values);
  if (n === 0) return null;
  const sorted = values.filter((v) => v.count > 0).sort((a, b) => a.value - b.value);
  const at = (position: number): number => {
    // The value at 0-based position `position` of the expanded, sorted list.
    let seen = 0;
    for (const v of sorted) {
      seen += v.count;
      if (position < seen) return v.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

/**
 * The 97.5th percentile of Student's t with `df` degrees of freedom, by the Cornish–Fisher
 * expansion around the normal (Abramowitz & Stegun 26.7.5): within 1e-4 of the exact value from
 * df = 5 up (2.2281 at df = 10), the normal's 1.96 in the limit.
 */
export function t975(df: number): number {
  const z = Z95;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7, z9 = z ** 9;
  return z
    + (z3 + z) / (4 * df)
    + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2)
    + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
    + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4);
}

/**
 * The 95% interval of a mean from its frequency table: mean ± t(n − 1) × s / √n, s the sample
 * standard deviation. Null below two answers.
 */
export function meanInterval(values: readonly Weighted[]): { low: number; high: number } | null {
  const n = totalOf(values);
  const mean = weightedMean(values);
  if (n < 2 || mean === null) return null;
  const squares = values.reduce((sum, v) => sum + v.count * (v.value - mean) ** 2, 0);
  const half = t975(n - 1) * Math.sqrt(squares / (n - 1) / n);
  return { low: mean - half, high: mean + half };
}
