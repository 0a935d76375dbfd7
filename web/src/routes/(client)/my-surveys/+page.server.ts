import { MySurveysQuery } from '$lib/graphql/surveys.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  const after = event.url.searchParams.get('after') || null;
  const { mySurveysPage } = await fromApi(event, () => event.locals.api.request(MySurveysQuery, { first: PAGE_SIZE, after }));
  const surveys = mySurveysPage.edges.map((edge) => edge.node);
  const submitted = event.url.searchParams.get('submitted');
  return { surveys, after, pageInfo: mySurveysPage.pageInfo, submitted: surveys.find((s) => s.id === submitted)?.title ?? null };
};
