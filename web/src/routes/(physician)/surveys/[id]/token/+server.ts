import { IssueSurveyTokenMutation } from '$lib/graphql/surveys.ts';
import { badRequest, isRecord, jsonFromApi, jsonViewer, readJson } from '$lib/server/json-api.ts';
import type { RequestHandler } from './$types';

/**
 * The eligibility token, asked for with the physician's session: the browser sends a message it
 * blinded and gets the blind signature back (`issueSurveyToken`). The server never sees the token.
 */
export const POST: RequestHandler = async (event) => {
  const viewer = jsonViewer(event, ['PHYSICIAN']);
  if (viewer instanceof Response) return viewer;
  const body = await readJson(event.request);
  if (!isRecord(body) || typeof body.blindedMessage !== 'string') return badRequest('blindedMessage', 'blindedMessage is required.');
  if (body.resumeCopy !== undefined && typeof body.resumeCopy !== 'string') return badRequest('resumeCopy', 'resumeCopy must be a string.');
  const variables = { surveyId: event.params.id, blindedMessage: body.blindedMessage, resumeCopy: body.resumeCopy ?? null };
  return jsonFromApi(async () => (await event.locals.api.request(IssueSurveyTokenMutation, variables)).issueSurveyToken);
};
