import { TransparencyQuery } from '$lib/graphql/reports.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  const viewer = requireViewer(event, ['PHYSICIAN']);
  // The counts are for verified physicians: the others are told why they see none.
  if (viewer.verificationStatus !== 'VERIFIED') return { entries: null };
  const { transparency } = await fromApi(event, () => event.locals.api.request(TransparencyQuery));
  return { entries: transparency };
};
