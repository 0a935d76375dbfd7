/**
 * How far a survey is towards its sample size: the responses shown (never more than the sample
 * size, although answers carrying tokens issued before it closed may go past it) and the whole
 * percent, rounded down so that 100 % means full.
 */
export function fillRate(responseCount: number, sampleSize: number): { shown: number; percent: number } {
  if (sampleSize <= 0) return { shown: 0, percent: 0 };
  const shown = Math.min(Math.max(responseCount, 0), sampleSize);
  return { shown, percent: Math.floor((shown / sampleSize) * 100) };
}
