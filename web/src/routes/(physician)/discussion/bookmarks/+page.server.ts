import { BookmarksQuery } from '$lib/graphql/discussion.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const after = cursorOf(event.url.searchParams);
  const data = await fromApi(event, () => event.locals.api.request(BookmarksQuery, { after }));
  return { after, threads: data.feed.edges.map((e) => e.node), pageInfo: data.feed.pageInfo, specialties: data.specialties };
};
