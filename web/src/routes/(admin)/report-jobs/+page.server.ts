import { fail } from '@sveltejs/kit';
import { askToConfirm, isConfirmed } from '$lib/confirm.ts';
import { ReportJobsQuery, RetryReportMutation, type ReportStatus } from '$lib/graphql/reports.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireAdminFactor, requireViewer } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const STATUSES: readonly ReportStatus[] = ['PENDING', 'READY', 'FAILED'];

/** The title of the survey whose report was asked again, told once after the redirect. */
const asRetried = (value: unknown): string | null =>
  typeof value === 'object' && value !== null && 'retried' in value && typeof value.retried === 'string' ? value.retried : null;

const statusOf = (value: string | null): ReportStatus | null => STATUSES.find((s) => s === value) ?? null;

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireAdminFactor(requireViewer(event, ['ADMIN']));
  const status = statusOf(event.url.searchParams.get('status'));
  const { reportJobs } = await fromApi(event, () => event.locals.api.request(ReportJobsQuery, { status }));
  return { jobs: reportJobs, status, retried: takeFlash(event.cookies, event.url.pathname, asRetried) };
};

export const actions: Actions = {
  retry: async (event) => {
    requireAdminFactor(requireViewer(event, ['ADMIN']));
    const form = await event.request.formData();
    const surveyId = formText(form, 'surveyId');
    if (!isConfirmed(form)) return askToConfirm(`retry:${surveyId}`);
    const result = await attempt(() => event.locals.api.request(RetryReportMutation, { surveyId }), []);
    if (!result.ok) return fail(result.status, { surveyId, errors: result.errors });
    // Back to the same filter (`?status=`), which says what was done.
    redirectDone(event, { retried: result.data.retryReport.surveyTitle });
  },
};
