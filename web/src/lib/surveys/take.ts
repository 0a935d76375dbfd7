/**
 * The physician's browser side of answering a survey (see docs/threat-model.md, "How an answer
 * travels"). The blind-signature code is loaded only here, in the browser, when it is needed.
 *
 * 1. `takeToken`: blind a fresh random message with the key of the physician's segment, have it
 *    signed through `POST /surveys/[id]/token` (with the session, and a copy sealed under a fresh
 *    resume code), unblind: the token. `resumeWithCode` gets the same token on another device.
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
const resumeClient = () => import('@consilium/api/survey-resume');

type Outcome<T> = { ok: true } & T | { ok: false; problem: ApiProblem };

function cryptoProblem(err: unknown): ApiProblem {
  // A signature that does not verify with the published key: the server signed with another one.
  return { code: 'CRYPTO', reason: null, field: null, message: err instanceof Error ? err.message : String(err), retryAfterSeconds: null };
}

/**
 * Obtains the survey's eligibility token for the physician's key label (`segment`, their
 * `mySegment`), with a fresh resume code: the copy sealed under it goes with the blinded message,
 * so that another device of theirs can finish the survey with the code (see `resumeWithCode`).
 */
export async function takeToken(
  fetcher: typeof fetch,
  surveyId: string,
  segment: string,
  publicKey: string,
): Promise<Outcome<{ token: Token; segment: string; resumeCode: string }>> {
  const [client, resume] = await Promise.all([blindClient(), resumeClient()]);
  const blinded = await client.prepareAndBlind(publicKey);
  const resumeCode = resume.generateResumeCode();
  const resumeCopy = await resume.sealResume(resumeCode, surveyId, { segment, message: blinded.message, inverse: blinded.inverse });
  const result: JsonResult<{ segment: string; blindSignature: string }> = await postJson(
    fetcher,
    tokenEndpoint(surveyId),
    { blindedMessage: blinded.blindedMessage, resumeCopy },
    'same-origin',
  );
  if (!result.ok) return { ok: false, problem: result.problem };
  try {
    return { ok: true, token: await client.finalizeToken(publicKey, blinded, result.data.blindSignature), segment: result.data.segment, resumeCode };
  } catch (err) {
    return { ok: false, problem: cryptoProblem(err) };
  }
}

export type ResumeOutcome =
  | { ok: true; token: Token; segment: string; resumeCode: string }
  | { ok: false; reason: 'format' | 'wrongCode' | 'crypto' };

/**
 * On another device: the code the physician typed opens the sealed copy the server kept
 * (`Survey.myResume`), and the copy with the stored blind signature finalizes the same token.
 * All of it here, in the browser: the code is never sent anywhere.
 */
export async function resumeWithCode(
  surveyId: string,
  typed: string,
  copy: { sealedCopy: string; blindSignature: string },
  keys: ReadonlyArray<{ segment: string; publicKey: string }>,
): Promise<ResumeOutcome> {
  const resume = await resumeClient();
  const code = resume.normalizeResumeCode(typed);
  if (!code) return { ok: false, reason: 'format' };
  const secret = await resume.openResume(code, surveyId, copy.sealedCopy);
  const key = secret && keys.find((k) => k.segment === secret.segment);
  if (!secret || !key) return { ok: false, reason: 'wrongCode' };
  try {
    return { ok: true, token: await resume.resumeToken(key.publicKey, secret, copy.blindSignature), segment: secret.segment, resumeCode: code };
  } catch {
    return { ok: false, reason: 'crypto' };
  }
}

/** The code as the physician reads it, in groups of four. */
export async function formatCode(code: string): Promise<string> {
  return (await resumeClient()).formatResumeCode(code);
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
