/**
 * The physician's browser side of answering a survey (see docs/threat-model.md, "How an answer
 * travels"). The blind-signature code is loaded only here, in the browser, when it is needed.
 *
 * 1. `takeToken`: blind a fresh random message with the key of the physician's segment, have it
 *    signed through `POST /surveys/[id]/token` (with the session), unblind: the token.
 * 2. `sendAnswers`: blind a fresh receipt message with the survey's receipt key, send the token,
 *    the answers and the blinded receipt to `POST /relay/answers` with NO cookie, unblind the
 *    receipt's signature: the completion receipt, redeemed later under the account.
 */
import type { Token } from '@consilium/api/blind-client';
import type { ApiProblem } from '$lib/graphql/errors.ts';
import type { AnswerInput } from '$lib/graphql/surveys.ts';
import { postJson, type JsonResult } from './json.ts';

export const RELAY_ENDPOINT = '/relay/answers';
export const tokenEndpoint = (surveyId: string) => `/surveys/${encodeURIComponent(surveyId)}/token`;

const blindClient = () => import('@consilium/api/blind-client');

type Outcome<T> = { ok: true } & T | { ok: false; problem: ApiProblem };

function cryptoProblem(err: unknown): ApiProblem {
  // A signature that does not verify with the published key: the server signed with another one.
  return { code: 'CRYPTO', reason: null, field: null, message: err instanceof Error ? err.message : String(err), retryAfterSeconds: null };
}

/** Obtains the survey's eligibility token for the physician's segment. */
export async function takeToken(
  fetcher: typeof fetch,
  surveyId: string,
  publicKey: string,
): Promise<Outcome<{ token: Token; segment: string }>> {
  const client = await blindClient();
  const blinded = await client.prepareAndBlind(publicKey);
  const result: JsonResult<{ segment: string; blindSignature: string }> = await postJson(
    fetcher,
    tokenEndpoint(surveyId),
    { blindedMessage: blinded.blindedMessage },
    'same-origin',
  );
  if (!result.ok) return { ok: false, problem: result.problem };
  try {
    return { ok: true, token: await client.finalizeToken(publicKey, blinded, result.data.blindSignature), segment: result.data.segment };
  } catch (err) {
    return { ok: false, problem: cryptoProblem(err) };
  }
}

export interface Submission {
  surveyId: string;
  segment: string;
  token: Token;
  answers: AnswerInput[];
  /** The survey's receipt key (SPKI DER, base64url). */
  receiptKey: string;
}

/** Sends the answers through the anonymous relay; resolves with the completion receipt. */
export async function sendAnswers(fetcher: typeof fetch, submission: Submission): Promise<Outcome<{ receipt: Token }>> {
  const client = await blindClient();
  const receipt = await client.prepareAndBlind(submission.receiptKey);
  const input = {
    surveyId: submission.surveyId,
    segment: submission.segment,
    token: submission.token,
    answers: submission.answers,
    receiptBlindedMessage: receipt.blindedMessage,
  };
  // No cookie: the request must not carry the session that took the token.
  const result = await postJson<{ receiptBlindSignature: string }>(fetcher, RELAY_ENDPOINT, { input }, 'omit');
  if (!result.ok) return { ok: false, problem: result.problem };
  try {
    return { ok: true, receipt: await client.finalizeToken(submission.receiptKey, receipt, result.data.receiptBlindSignature) };
  } catch (err) {
    return { ok: false, problem: cryptoProblem(err) };
  }
}
