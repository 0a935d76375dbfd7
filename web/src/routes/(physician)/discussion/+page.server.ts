import { FeedQuery } from '$lib/graphql/discussion.ts';
import { SpecialtyAnswerTimeQuery } from '$lib/graphql/questions.ts';
import { FollowLevelQuery } from '$lib/graphql/follows.ts';
import { followAction } from '$lib/server/follow.ts';
import { parseFeedParams } from '$lib/discussion/query.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  const viewer = requireViewer(event, ['PHYSICIAN']);
  // The discussion is for verified physicians: the others are told why it is closed to them.
  if (viewer.verificationStatus !== 'VERIFIED') return { feed: null, verificationStatus: viewer.verificationStatus };
  const params = parseFeedParams(event.url.searchParams);
  const room = params.room && params.room !== 'general' ? params.room : null;
  // A room's or a tag's feed has its follow control (the tag's when both are chosen).
  const followTarget: { targetKind: 'TAG' | 'ROOM'; target: string } | null = params.tag
    ? { targetKind: 'TAG', target: params.tag }
    : params.room
      ? { targetKind: 'ROOM', target: params.room }
      : null;
  const [data, answerTime, followLevel] = await Promise.all([
    fromApi(event, () => event.locals.api.request(FeedQuery, params)),
    // A specialty's room shows its median time to a first specialist answer (null below k questions).
    room ? event.locals.api.request(SpecialtyAnswerTimeQuery, { specialty: room }).then((d) => d.specialtyAnswerTime, () => null) : Promise.resolve(undefined),
    followTarget ? event.locals.api.request(FollowLevelQuery, followTarget).then((d) => d.followLevel, () => null) : null,
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
    follow: followTarget && followLevel ? { ...followTarget, level: followLevel } : null,
    verificationStatus: viewer.verificationStatus,
  };
};

export const actions: Actions = {
  follow: (event) => followAction(event),
};
