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
 * Suppression over siblings that add up to a published total (the choices of a single-choice
 * question, the cells of one cross-tab, the bins of a histogram). A count of 1 to k-1 is
 * suppressed; and where exactly one sibling is suppressed, it could be recomputed as the total
 * minus the others, so the next smallest sibling is suppressed too (a positive one first).
 * `additive` false (multiple choice: counts do not add up to the total) skips the second rule.
 * Returns which siblings are suppressed, in their order.
 */
export function suppressSiblings(counts: readonly number[], k: number, additive = true): boolean[] {
  const suppressed = counts.map((c) => isSmall(c, k));
  if (!additive || suppressed.filter(Boolean).length !== 1) return suppressed;
  const candidates = counts
    .map((count, index) => ({ count, index }))
    .filter(({ index }) => !suppressed[index])
    .sort((a, b) => Number(a.count === 0) - Number(b.count === 0) || a.count - b.count || a.index - b.index);
  const next = candidates[0];
  if (next) suppressed[next.index] = true;
  return suppressed;
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
