/**
 * The privacy rules every report goes through, in the worker, before anything is stored:
 * small-cell suppression (no published count of 1 to k-1; 0 is allowed), complementary
 * suppression, and optional differential privacy (discrete Laplace noise on counts).
 */
import { randomBytes } from 'node:crypto';

/** Whether a count may not be published: built from 1 to k-1 answers (0 may be). */
export function isSmall(count: number, k: number): boolean {
  return count > 0 && count < k;
}

/**
 * Complementary suppression over linear relations (the standard iterative heuristic). `lines`
 * lists groups of entries whose sum is published (or is itself an entry of the line: a row of a
 * cross-tab with its segment's n, a column with the overall count of its choice). Where a line
 * holds exactly one suppressed entry, that entry is its total minus the others: the line's next
 * smallest unsuppressed entry is suppressed too (a positive one first: a published zero hides
 * nothing), and `implies` lists what goes with an entry (a segment's n takes all its cells).
 * Repeated until no line changes. Entries only ever become suppressed, so it ends.
 */
export function suppressLines(
  values: readonly number[],
  initially: readonly boolean[],
  lines: ReadonlyArray<readonly number[]>,
  implies: (entry: number) => readonly number[] = () => [],
): boolean[] {
  const suppressed = [...initially];
  const suppress = (entry: number) => {
    const stack = [entry];
    while (stack.length > 0) {
      const e = stack.pop()!;
      if (suppressed[e]) continue;
      suppressed[e] = true;
      stack.push(...implies(e));
    }
  };
  for (let e = 0; e < suppressed.length; e++) if (suppressed[e]) for (const i of implies(e)) suppress(i);
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter((e) => suppressed[e]).length !== 1) continue;
      const next = line
        .filter((e) => !suppressed[e])
        .sort((a, b) => Number(values[a] === 0) - Number(values[b] === 0) || values[a]! - values[b]! || a - b)[0];
      if (next === undefined) continue;
      suppress(next);
      changed = true;
    }
  }
  return suppressed;
}

/**
 * Suppression over siblings that add up to a published total (the choices of a single-choice
 * question, the bins of a histogram): counts of 1 to k-1, and where exactly one is suppressed,
 * the next smallest too. `additive` false (multiple choice: counts do not add up to the total)
 * skips the second rule. Returns which siblings are suppressed, in their order.
 */
export function suppressSiblings(counts: readonly number[], k: number, additive = true): boolean[] {
  return suppressLines(counts, counts.map((c) => isSmall(c, k)), additive ? [counts.map((_, i) => i)] : []);
}

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/** Uniform numbers from the operating system's cryptographic generator (53 random bits each). */
export const cryptoUniform: Uniform = () => {
  const bytes = randomBytes(7);
  // 53 bits: the 7 bytes minus the top 3 bits.
  const high = (bytes[0]! & 0x1f) * 2 ** 48;
  return (high + bytes.readUIntBE(1, 6)) / 2 ** 53;
};

/** A geometric draw: failures before the first success, success probability 1 - alpha. */
function geometric(alpha: number, uniform: Uniform): number {
  // 1 - u is in (0, 1]: log never sees 0.
  return Math.floor(Math.log(1 - uniform()) / Math.log(alpha));
}

/**
 * Discrete Laplace (two-sided geometric) noise for a count of sensitivity 1 under
 * epsilon-differential privacy: P(X = x) ∝ exp(-epsilon·|x|). The difference of two
 * independent geometric draws with alpha = exp(-epsilon) has exactly that law.
 */
export function discreteLaplace(epsilon: number, uniform: Uniform = cryptoUniform): number {
  const alpha = Math.exp(-epsilon);
  return geometric(alpha, uniform) - geometric(alpha, uniform);
}

/** Adds noise to a count and keeps it a count (never negative); the identity without epsilon. */
export function noisyCount(count: number, epsilon: number | null, uniform: Uniform = cryptoUniform): number {
  if (epsilon === null) return count;
  return Math.max(0, count + discreteLaplace(epsilon, uniform));
}
