/**
 * Redeeming completion receipts, in the physician's browser, through the web app's
 * authenticated endpoint (`POST /honoraria/redeem`, which calls `redeemSurveyReceipt` with the
 * session). A receipt leaves the browser's storage once credited, or once the API says it never
 * will be; otherwise (API down, session ended) it stays for a later page load.
 */
import type { ApiProblem } from '$lib/graphql/errors.ts';
import { postJson } from './json.ts';
import { dueReceipts, removeReceipt, type KeyValueStore, type StoredReceipt } from './storage.ts';

export const REDEEM_ENDPOINT = '/honoraria/redeem';

/** Reasons after which a receipt can never be credited: keeping it would retry forever. */
const SETTLED = new Set(['receipt_spent', 'already_redeemed', 'invalid_token']);

export type RedeemOutcome =
  | { kind: 'credited'; surveyId: string; amountCents: number; balanceCents: number }
  | { kind: 'settled'; surveyId: string; problem: ApiProblem }
  | { kind: 'kept'; surveyId: string; problem: ApiProblem };

interface Credit {
  surveyId: string;
  amountCents: number;
  balanceCents: number;
}

/** Redeems one receipt and updates the store accordingly. */
export async function redeemReceipt(store: KeyValueStore, stored: StoredReceipt, fetcher: typeof fetch): Promise<RedeemOutcome> {
  const result = await postJson<Credit>(fetcher, REDEEM_ENDPOINT, { surveyId: stored.surveyId, receipt: stored.receipt }, 'same-origin');
  if (result.ok) {
    removeReceipt(store, stored.surveyId);
    return { kind: 'credited', ...result.data };
  }
  if (result.problem.code === 'BAD_USER_INPUT' && SETTLED.has(result.problem.reason ?? '')) {
    removeReceipt(store, stored.surveyId);
    return { kind: 'settled', surveyId: stored.surveyId, problem: result.problem };
  }
  return { kind: 'kept', surveyId: stored.surveyId, problem: result.problem };
}

/** Redeems, one after the other, every receipt of `owner` that has fallen due. */
export async function redeemDue(store: KeyValueStore, owner: string, now: number, fetcher: typeof fetch): Promise<RedeemOutcome[]> {
  const outcomes: RedeemOutcome[] = [];
  for (const receipt of dueReceipts(store, owner, now)) {
    const outcome = await redeemReceipt(store, receipt, fetcher);
    outcomes.push(outcome);
    // The session ended or the API is away: the others would fail the same way.
    if (outcome.kind === 'kept') break;
  }
  return outcomes;
}
