/**
 * The figures of a report's method statement that the page works out from what is published.
 */

/**
 * The largest 95% margin of error of a share among `n` respondents, in percentage points
 * (1.96 × √(0.25 / n), at a share of one half), to one decimal; null without respondents.
 * Derived from the published n alone.
 */
export function marginOfError(n: number): number | null {
  if (n <= 0) return null;
  return Math.round(1.96 * Math.sqrt(0.25 / n) * 1000) / 10;
}
