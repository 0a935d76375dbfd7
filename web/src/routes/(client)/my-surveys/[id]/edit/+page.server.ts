import { error } from '@sveltejs/kit';
import { EditSurveyQuery } from '$lib/graphql/surveys.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import { arrangeAction, reachOf, reportPriceOf, saveAction } from '$lib/server/survey-builder.ts';
import { valuesFromSurvey } from '$lib/surveys/survey-form.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  if (!UUID.test(event.params.id)) error(404, 'Not found');
  const { survey, specialties } = await fromApi(event, () => event.locals.api.request(EditSurveyQuery, { id: event.params.id }));
  // Another organisation's survey reads as no survey at all.
  if (!survey) error(404, 'Not found');
  const values = valuesFromSurvey(survey, event.locals.locale);
  return {
    survey: { id: survey.id, title: survey.title, status: survey.status, reviewReason: survey.reviewReason },
    values,
    specialties,
    reach: await reachOf(event, values),
    price: await reportPriceOf(event),
    saved: event.url.searchParams.has('saved'),
    duplicated: event.url.searchParams.has('duplicated'),
    notSubmitted: event.url.searchParams.get('notSubmitted'),
  };
};

export const actions: Actions = {
  arrange: arrangeAction,
  save: (event) => saveAction(event, event.params.id, false),
  submit: (event) => saveAction(event, event.params.id, true),
};
