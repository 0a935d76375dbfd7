import { loadReport } from '$lib/server/report.ts';
import { requireAdminFactor, requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

/** Admins read any report, whatever its order's state, with the reason of a failure. */
export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireAdminFactor(requireViewer(event, ['ADMIN']));
  return loadReport(event, event.params.surveyId);
};
