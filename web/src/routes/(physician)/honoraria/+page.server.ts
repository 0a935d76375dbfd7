import { HonorariaQuery } from '$lib/graphql/surveys.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['PHYSICIAN']);
  const after = event.url.searchParams.get('after') || null;
  const { me, myHonorariaPage } = await fromApi(event, () => event.locals.api.request(HonorariaQuery, { first: PAGE_SIZE, after }));
  return { balanceCents: me?.honorariumBalanceCents ?? 0, entries: myHonorariaPage.edges.map((edge) => edge.node), after, pageInfo: myHonorariaPage.pageInfo };
};
