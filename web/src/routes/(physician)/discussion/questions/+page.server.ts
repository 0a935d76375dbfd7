import { QuestionsForMeQuery } from '$lib/graphql/questions.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { PageServerLoad } from './$types';

/** The feed filtered to the OPEN questions addressed to the viewer's specialty. */
export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const { feed } = await fromApi(event, () => event.locals.api.request(QuestionsForMeQuery));
  return { questions: feed.edges.map((e) => e.node) };
};
