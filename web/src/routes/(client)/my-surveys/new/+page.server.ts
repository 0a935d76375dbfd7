import { SpecialtiesQuery } from '$lib/graphql/surveys.ts';
import { getTranslator } from '$lib/i18n/translator.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import { arrangeAction, reachOf, saveAction } from '$lib/server/survey-builder.ts';
import { likertLabels } from '$lib/surveys/likert.ts';
import { emptySurveyValues } from '$lib/surveys/survey-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  const values = emptySurveyValues(likertLabels(getTranslator(event.locals.locale)));
  const [{ specialties }, reach] = await Promise.all([
    fromApi(event, () => event.locals.api.request(SpecialtiesQuery)),
    reachOf(event, values),
  ]);
  return { values, specialties, reach };
};

export const actions: Actions = {
  arrange: arrangeAction,
  save: (event) => saveAction(event, null, false),
  submit: (event) => saveAction(event, null, true),
};
