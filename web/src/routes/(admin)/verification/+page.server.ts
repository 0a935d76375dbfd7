import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
  ConfirmReverificationMutation,
  RequestReverificationMutation,
  ReverificationQueueQuery,
  ReviewCredentialMutation,
  RevokeCredentialMutation,
  VerificationQueueQuery,
} from '$lib/graphql/verification.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { setFlash, takeFlash, withoutAction } from '$lib/server/flash.ts';
import { requireStaff, stepUpIfAsked } from '$lib/server/guards.ts';
import { queueStatus, REVIEW_FIELDS, WITHOUT_REASON, type ReviewAction } from '$lib/verification/queue.ts';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const PATH = '/verification';

/** What the notice says after a decision went through. */
interface Decided {
  action: ReviewAction;
  registry: string;
  licenseNumber: string;
}

const asDecided = (value: unknown): Decided | null => {
  if (typeof value !== 'object' || value === null) return null;
  const { action, registry, licenseNumber } = value as Record<string, unknown>;
  if (!['approve', 'reject', 'revoke', 'confirm', 'reverify'].includes(action as string)) return null;
  return typeof registry === 'string' && typeof licenseNumber === 'string' ? { action: action as ReviewAction, registry, licenseNumber } : null;
};

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireStaff(event, 'VERIFIER');
  const status = queueStatus(event.url.searchParams.get('status'));
  const after = event.url.searchParams.get('after') || null;
  const { verificationQueue, specialties } = await fromApi(event, async () => {
    if (status !== 'REVERIFY') return event.locals.api.request(VerificationQueueQuery, { status, first: PAGE_SIZE, after });
    const { reverificationQueue, ...rest } = await event.locals.api.request(ReverificationQueueQuery, { first: PAGE_SIZE, after });
    return { verificationQueue: reverificationQueue, ...rest };
  });
  return {
    status,
    after,
    credentials: verificationQueue.edges.map((edge) => edge.node),
    pageInfo: verificationQueue.pageInfo,
    specialties,
    decided: takeFlash(event.cookies, PATH, asDecided),
  };
};

async function send(event: RequestEvent, action: ReviewAction, id: string, reason: string) {
  const { api } = event.locals;
  if (action === 'revoke') return (await api.request(RevokeCredentialMutation, { id, reason })).revokeCredential;
  if (action === 'confirm') return (await api.request(ConfirmReverificationMutation, { id })).confirmReverification;
  if (action === 'reverify') return (await api.request(RequestReverificationMutation, { id, reason })).requestReverification;
  // An empty reason is no reason: the API then asks for one to reject.
  const review = { id, approve: action === 'approve', reason: reason === '' ? null : reason };
  return (await api.request(ReviewCredentialMutation, review)).reviewCredential;
}

/**
 * One decision. Done: back to the same tab's clean address, which says what was done. Refused:
 * the page again, with what went wrong where.
 */
async function decide(event: RequestEvent, action: ReviewAction) {
  requireStaff(event, 'VERIFIER');
  const form = await event.request.formData();
  const id = formText(form, 'id');
  const reason = WITHOUT_REASON.includes(action) ? '' : formText(form, 'reason').trim();
  const result = await attempt(() => send(event, action, id, reason), REVIEW_FIELDS);
  if (!result.ok) {
    stepUpIfAsked(event.url, result.errors.form?.code, `${action}:${id}`);
    return fail(result.status, { action, id, reason, errors: result.errors });
  }
  const { registry, licenseNumber } = result.data;
  setFlash(event.cookies, PATH, { action, registry, licenseNumber } satisfies Decided);
  redirect(303, withoutAction(event.url));
}

export const actions: Actions = {
  approve: (event) => decide(event, 'approve'),
  reject: (event) => decide(event, 'reject'),
  revoke: (event) => decide(event, 'revoke'),
  confirm: (event) => decide(event, 'confirm'),
  reverify: (event) => decide(event, 'reverify'),
};
