import { error, redirect } from '@sveltejs/kit';
import { TakeSurveyQuery } from '$lib/graphql/surveys.ts';
import { PrepareSurveyKeysMutation } from '$lib/graphql/waves.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  const viewer = requireViewer(event, ['PHYSICIAN']);
  if (viewer.verificationStatus !== 'VERIFIED') redirect(303, '/surveys');
  // The API answers an id that is not one with BAD_USER_INPUT: to a visitor it is no page at all.
  if (!UUID.test(event.params.id)) error(404, 'Not found');
  let { survey } = await fromApi(event, () => event.locals.api.request(TakeSurveyQuery, { id: event.params.id }));
  // Closed, or not for this physician: the API answers both as "no such survey".
  if (!survey) error(404, 'Not found');
  // A wave the worker opened has no keys until someone asks for them (docs/waves.md).
  if (survey.status === 'OPEN' && (survey.tokenKeys.length === 0 || survey.receiptKey === '')) {
    await fromApi(event, () => event.locals.api.request(PrepareSurveyKeysMutation, { surveyId: event.params.id }));
    ({ survey } = await fromApi(event, () => event.locals.api.request(TakeSurveyQuery, { id: event.params.id })));
    if (!survey) error(404, 'Not found');
  }
  return { survey, viewerId: viewer.id };
};
