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
