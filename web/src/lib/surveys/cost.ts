/**
 * The builder's live cost estimate, with the API's price rules (`reportPrice`):
 *
 *   honoraria = sample size × honorarium
 *   report    = base fee + fee per respondent × sample size   (the report of a survey that fills up)
 *
 * excluding VAT. Computed in whole cents, as the invoice is.
 */
import type { ReportPrice } from '$lib/graphql/builder.ts';
import { parseEuros } from './survey-form.ts';

export interface CostEstimate {
  sampleSize: number;
  honorariumCents: number;
  honorariaCents: number;
  reportCents: number;
  totalCents: number;
}

/** The estimate of a sample size and honorarium as typed; null until both are amounts the API would take. */
export function estimateCost(typed: { sampleSize: string; honorarium: string }, price: ReportPrice): CostEstimate | null {
  const sample = typed.sampleSize.trim();
  if (!/^\d{1,6}$/.test(sample)) return null;
  const sampleSize = Number(sample);
  const honorariumCents = parseEuros(typed.honorarium);
  if (sampleSize < 1 || sampleSize > 100_000 || honorariumCents === null || honorariumCents > 100_000) return null;
  const honorariaCents = sampleSize * honorariumCents;
  const reportCents = price.baseFeeCents + price.perRespondentCents * sampleSize;
  return { sampleSize, honorariumCents, honorariaCents, reportCents, totalCents: honorariaCents + reportCents };
}
