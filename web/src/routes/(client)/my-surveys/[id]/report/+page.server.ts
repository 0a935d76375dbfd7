import { error } from '@sveltejs/kit';
import { ReportQuery } from '$lib/graphql/reports.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import { specialtyLabels } from '$lib/verification/specialties.ts';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The report, once its order is paid: before, the API answers FORBIDDEN and the page 403. */
export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  if (!UUID.test(event.params.id)) error(404, 'Not found');
  const { report, specialties } = await fromApi(event, () => event.locals.api.request(ReportQuery, { surveyId: event.params.id }));
  if (!report) error(404, 'Not found');
  return { report, specialties: specialtyLabels(specialties) };
};
