/**
 * Local suppression of the respondent-level file (docs/reports.md): the segment is k-anonymous
 * (generalise.ts), but an answer value held by fewer than k rows would still give a count the
 * report withholds. So, variable by variable, over the file's rows:
 *
 * - a coded value (a choice, a matrix item's scale point, a ranking position, a multiple choice's
 *   0/1) held by 1 to k − 1 rows is recoded to `SUPPRESSED_CODE`; while the suppressed rows are
 *   fewer than k, the least held remaining value joins them, so the suppressed code never counts
 *   a single rare value (it holds k rows or more, or nothing);
 * - a number is top- and bottom-coded: values below the k-th smallest become it, values above the
 *   k-th largest become it, so the extremes are each held by at least k rows.
 */

/** The code of a suppressed value (no variable has more than 21 codes of its own). */
export const SUPPRESSED_CODE = 99;

/** The codes of a variable to recode to SUPPRESSED_CODE (empty cells are not a value). */
export function codesToSuppress(cells: ReadonlyArray<number | null>, k: number): Set<number> {
  const counts = new Map<number, number>();
  for (const cell of cells) if (cell !== null) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  const pooled = new Set<number>();
  let held = 0;
  for (const [code, count] of counts) {
    if (count < k) { pooled.add(code); held += count; }
  }
  const rest = [...counts].filter(([code]) => !pooled.has(code)).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  while (held > 0 && held < k && rest.length > 0) {
    const [code, count] = rest.shift()!;
    pooled.add(code);
    held += count;
  }
  return pooled;
}

/** The bounds of top and bottom coding, or null when fewer than 2k − 1 values leave no room between them. */
export function numberBounds(values: readonly number[], k: number): { low: number; high: number } | null {
  if (values.length < 2 * k - 1) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { low: sorted[k - 1]!, high: sorted[sorted.length - k]! };
}
