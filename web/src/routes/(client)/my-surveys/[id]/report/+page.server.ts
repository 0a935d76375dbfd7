import { loadReport } from '$lib/server/report.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

/** The report, once its order is paid: before, the API answers FORBIDDEN and the page 403. */
export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  return loadReport(event, event.params.id);
};
