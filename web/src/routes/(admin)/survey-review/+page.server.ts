import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { ReviewSurveyMutation, SurveysForReviewQuery } from '$lib/graphql/surveys.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { setFlash, takeFlash, withoutAction } from '$lib/server/flash.ts';
import { requireAdminFactor, requireViewer } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const REVIEW_FIELDS = ['reason'] as const;
const PATH = '/survey-review';
const PAGE_SIZE = 10;

/** What the notice says after a decision went through. */
interface Reviewed {
  approve: boolean;
  title: string;
}

const asReviewed = (value: unknown): Reviewed | null => {
  if (typeof value !== 'object' || value === null) return null;
  const { approve, title } = value as Record<string, unknown>;
  return typeof approve === 'boolean' && typeof title === 'string' ? { approve, title } : null;
};

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireAdminFactor(requireViewer(event, ['ADMIN']));
  const after = event.url.searchParams.get('after') || null;
  const { surveysForReviewPage, specialties } = await fromApi(event, () => event.locals.api.request(SurveysForReviewQuery, { first: PAGE_SIZE, after }));
  return { surveys: surveysForReviewPage.edges.map((edge) => edge.node), after, pageInfo: surveysForReviewPage.pageInfo, specialties, reviewed: takeFlash(event.cookies, PATH, asReviewed) };
};

/**
 * One decision. Done: back to the page's clean address, which says what was done. Refused: the
 * page again, with what went wrong on the survey's card.
 */
async function decide(event: RequestEvent, approve: boolean) {
  requireAdminFactor(requireViewer(event, ['ADMIN']));
  const form = await event.request.formData();
  const id = formText(form, 'id');
  const reason = approve ? '' : formText(form, 'reason').trim();
  // An empty reason is no reason: the API then asks for one to reject.
  const review = { id, approve, reason: reason === '' ? null : reason };
  const result = await attempt(() => event.locals.api.request(ReviewSurveyMutation, review), REVIEW_FIELDS);
  if (!result.ok) return fail(result.status, { id, reason, errors: result.errors });
  setFlash(event.cookies, PATH, { approve, title: result.data.reviewSurvey.title } satisfies Reviewed);
  redirect(303, withoutAction(event.url));
}

export const actions: Actions = {
  approve: (event) => decide(event, true),
  reject: (event) => decide(event, false),
};
