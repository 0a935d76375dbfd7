import { MySurveysQuery } from '$lib/graphql/surveys.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  const { mySurveys } = await fromApi(event, () => event.locals.api.request(MySurveysQuery));
  const submitted = event.url.searchParams.get('submitted');
  return { surveys: mySurveys, submitted: mySurveys.find((s) => s.id === submitted)?.title ?? null };
};
