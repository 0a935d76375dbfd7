import { RedeemSurveyReceiptMutation } from '$lib/graphql/surveys.ts';
import { badRequest, isRecord, jsonFromApi, jsonViewer, readJson } from '$lib/server/json-api.ts';
import type { RequestHandler } from './$types';

/** Redeems a completion receipt under the physician's session (`redeemSurveyReceipt`). */
export const POST: RequestHandler = async (event) => {
  const viewer = jsonViewer(event, ['PHYSICIAN']);
  if (viewer instanceof Response) return viewer;
  const body = await readJson(event.request);
  const receipt = isRecord(body) && isRecord(body.receipt) ? body.receipt : null;
  if (!isRecord(body) || typeof body.surveyId !== 'string' || typeof receipt?.message !== 'string' || typeof receipt.signature !== 'string') {
    return badRequest('receipt', 'A survey id and a receipt are required.');
  }
  const variables = { surveyId: body.surveyId, receipt: { message: receipt.message, signature: receipt.signature } };
  return jsonFromApi(async () => (await event.locals.api.request(RedeemSurveyReceiptMutation, variables)).redeemSurveyReceipt);
};
