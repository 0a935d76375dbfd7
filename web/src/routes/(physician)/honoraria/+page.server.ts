import { HonorariaQuery } from '$lib/graphql/surveys.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['PHYSICIAN']);
  const { me, myHonoraria } = await fromApi(event, () => event.locals.api.request(HonorariaQuery));
  return { balanceCents: me?.honorariumBalanceCents ?? 0, entries: myHonoraria };
};
