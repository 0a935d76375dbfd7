import { SurveyInboxQuery } from '$lib/graphql/surveys.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  const viewer = requireViewer(event, ['PHYSICIAN']);
  // Surveys are for verified physicians: the others are told why their inbox is empty.
  if (viewer.verificationStatus !== 'VERIFIED') return { surveys: null, opened: [], verificationStatus: viewer.verificationStatus, viewerId: viewer.id };
  const { surveyInbox, openedSurveys } = await fromApi(event, () => event.locals.api.request(SurveyInboxQuery));
  return { surveys: surveyInbox, opened: openedSurveys, verificationStatus: viewer.verificationStatus, viewerId: viewer.id };
};
