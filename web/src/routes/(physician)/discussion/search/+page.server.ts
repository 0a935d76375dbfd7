import { SearchQuery } from '$lib/graphql/discussion.ts';
import { parseSearchParams } from '$lib/discussion/query.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const { query, after } = parseSearchParams(event.url.searchParams);
  if (query === '') return { query, after, results: null };
  const data = await fromApi(event, () => event.locals.api.request(SearchQuery, { query, after }));
  return {
    query,
    after,
    results: { threads: data.search.edges.map((e) => e.node), pageInfo: data.search.pageInfo, specialties: data.specialties },
  };
};
