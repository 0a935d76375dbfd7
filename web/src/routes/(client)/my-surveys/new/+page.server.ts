import { SpecialtiesQuery } from '$lib/graphql/surveys.ts';
import { getTranslator } from '$lib/i18n/translator.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import { arrangeAction, reachOf, reportPriceOf, saveAction } from '$lib/server/survey-builder.ts';
import { likertLabels } from '$lib/surveys/likert.ts';
import { emptySurveyValues } from '$lib/surveys/survey-form.ts';
import { isTemplateId, templateValues } from '$lib/surveys/templates.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  const likert = likertLabels(getTranslator(event.locals.locale));
  // ?template=sentinel starts from a template (a link: it works without JavaScript too).
  const asked = event.url.searchParams.get('template');
  const template = isTemplateId(asked) ? asked : null;
  const values = template ? templateValues(template, event.locals.locale, likert) : emptySurveyValues(likert, event.locals.locale);
  const [{ specialties }, reach, price] = await Promise.all([
    fromApi(event, () => event.locals.api.request(SpecialtiesQuery)),
    reachOf(event, values),
    reportPriceOf(event),
  ]);
  return { values, specialties, reach, price, template };
};

export const actions: Actions = {
  arrange: arrangeAction,
  save: (event) => saveAction(event, null, false),
  submit: (event) => saveAction(event, null, true),
};
