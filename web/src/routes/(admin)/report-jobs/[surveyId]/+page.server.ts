import { error } from '@sveltejs/kit';
import { ReportQuery } from '$lib/graphql/reports.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import { specialtyLabels } from '$lib/verification/specialties.ts';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Admins read any report, whatever its order's state, with the reason of a failure. */
export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['ADMIN']);
  if (!UUID.test(event.params.surveyId)) error(404, 'Not found');
  const { report, specialties } = await fromApi(event, () => event.locals.api.request(ReportQuery, { surveyId: event.params.surveyId }));
  if (!report) error(404, 'Not found');
  return { report, specialties: specialtyLabels(specialties) };
};
