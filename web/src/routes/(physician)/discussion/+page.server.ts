import { FeedQuery } from '$lib/graphql/discussion.ts';
import { SpecialtyAnswerTimeQuery } from '$lib/graphql/questions.ts';
import { parseFeedParams } from '$lib/discussion/query.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  const viewer = requireViewer(event, ['PHYSICIAN']);
  // The discussion is for verified physicians: the others are told why it is closed to them.
  if (viewer.verificationStatus !== 'VERIFIED') return { feed: null, verificationStatus: viewer.verificationStatus };
  const params = parseFeedParams(event.url.searchParams);
  const room = params.room && params.room !== 'general' ? params.room : null;
  const [data, answerTime] = await Promise.all([
    fromApi(event, () => event.locals.api.request(FeedQuery, params)),
    // A specialty's room shows its median time to a first specialist answer (null below k questions).
    room ? event.locals.api.request(SpecialtyAnswerTimeQuery, { specialty: room }).then((d) => d.specialtyAnswerTime, () => null) : Promise.resolve(undefined),
  ]);
  return {
    feed: {
      threads: data.feed.edges.map((e) => e.node),
      pageInfo: data.feed.pageInfo,
      rooms: data.rooms,
      tags: data.tags,
      specialties: data.specialties,
    },
    params,
    answerTime,
    verificationStatus: viewer.verificationStatus,
  };
};
