/**
 * The anonymous relay of survey answers. The browser posts the answers here without cookies; the
 * relay forwards `submitSurveyResponse` to the API as a request of its own that carries nothing
 * about the sender: no Authorization, no Cookie, no X-Forwarded-For, no Accept-Language, no
 * User-Agent of theirs — only the fields of `SurveyResponseInput`, copied one by one. It logs
 * nothing, not even failures: a log line with a time is already a clue. It keeps no rate count of
 * its own: the API's global limit on answers (per survey, shared by every process through Redis,
 * see docs/threat-model.md) is the relay's, and its 429 comes back with Retry-After.
 */
import { json } from '@sveltejs/kit';
import { createApiClient } from '$lib/graphql/client.ts';
import { ApiError, problemOf } from '$lib/graphql/errors.ts';
import { SubmitSurveyResponseMutation, type AnswerInput, type SurveyResponseInput } from '$lib/graphql/surveys.ts';
import { badRequest, isRecord, problemResponse, unavailableResponse } from './json-api.ts';

const isString = (value: unknown): value is string => typeof value === 'string';

function answerOf(value: unknown): AnswerInput | null {
  if (!isRecord(value) || !isString(value.questionId)) return null;
  const { questionId, choiceIds, number, text, items, otherText } = value;
  if (choiceIds !== undefined && choiceIds !== null && !(Array.isArray(choiceIds) && choiceIds.every(isString))) return null;
  if (number !== undefined && number !== null && typeof number !== 'number') return null;
  if (text !== undefined && text !== null && !isString(text)) return null;
  if (otherText !== undefined && otherText !== null && !isString(otherText)) return null;
  const copiedItems = items == null ? null : itemsOf(items);
  if (items != null && copiedItems === null) return null;
  return {
    questionId,
    ...(choiceIds != null && { choiceIds }),
    ...(number != null && { number }),
    ...(text != null && { text }),
    ...(copiedItems !== null && { items: copiedItems }),
    ...(otherText != null && { otherText }),
  };
}

/** A matrix answer's items, each copied as { itemId, choiceId }; null if malformed. */
function itemsOf(value: unknown): Array<{ itemId: string; choiceId: string }> | null {
  if (!Array.isArray(value)) return null;
  const copied = value.map((item: unknown) => (isRecord(item) && isString(item.itemId) && isString(item.choiceId) ? { itemId: item.itemId, choiceId: item.choiceId } : null));
  return copied.every((item) => item !== null) ? (copied as Array<{ itemId: string; choiceId: string }>) : null;
}

/** The `SurveyResponseInput` a relay request carries, copied field by field; null if malformed. */
export function responseInputOf(body: unknown): SurveyResponseInput | null {
  if (!isRecord(body) || !isRecord(body.input)) return null;
  const { surveyId, segment, token, answers, receiptBlindedMessage } = body.input;
  if (!isString(surveyId) || !isString(segment) || !isString(receiptBlindedMessage)) return null;
  if (!isRecord(token) || !isString(token.message) || !isString(token.signature)) return null;
  if (!Array.isArray(answers)) return null;
  const copied = answers.map(answerOf);
  if (copied.some((a) => a === null)) return null;
  return {
    surveyId,
    segment,
    token: { message: token.message, signature: token.signature },
    answers: copied as AnswerInput[],
    receiptBlindedMessage,
  };
}

export interface RelayOptions {
  apiUrl: string;
  fetch?: typeof fetch;
}

/** Forwards the answers of a relay request's JSON body; answers with the receipt's blind signature. */
export async function relayAnswers(body: unknown, options: RelayOptions): Promise<Response> {
  const input = responseInputOf(body);
  if (!input) return badRequest('input', 'The request does not hold a survey response.');
  const api = createApiClient({ url: options.apiUrl, token: null, locale: null, clientAddress: null, fetch: options.fetch });
  try {
    const { submitSurveyResponse } = await api.request(SubmitSurveyResponseMutation, { input });
    return json(submitSurveyResponse);
  } catch (err) {
    if (err instanceof ApiError) return problemResponse(problemOf(err));
    // The API is away, or something unexpected: said to the browser, written nowhere.
    return unavailableResponse();
  }
}
