import { TransparencyQuery } from '$lib/graphql/reports.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  const viewer = requireViewer(event, ['PHYSICIAN']);
  // The counts are for verified physicians: the others are told why they see none.
  if (viewer.verificationStatus !== 'VERIFIED') return { entries: null, after: null, pageInfo: null };
  const after = event.url.searchParams.get('after') || null;
  const { transparencyPage } = await fromApi(event, () => event.locals.api.request(TransparencyQuery, { first: PAGE_SIZE, after }));
  return { entries: transparencyPage.edges.map((edge) => edge.node), after, pageInfo: transparencyPage.pageInfo };
};
