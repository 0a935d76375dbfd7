import { redirect } from '@sveltejs/kit';
import { changeEmailAction, mailNoticeOf, resendConfirmationAction } from '$lib/server/email-actions.ts';
import { rememberDestination, takeDestination } from '$lib/server/email-confirmation.ts';
import { takeFlash } from '$lib/server/flash.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Where an account whose address is not confirmed is sent from every page but its account page:
 * it says where the link went, sends it again, or changes a mistyped address. The page asked for
 * is remembered, for when the link is followed.
 */
export const load: PageServerLoad = (event) => {
  const viewer = requireViewer(event);
  const asked = event.url.searchParams.get('redirectTo');
  if (viewer.emailConfirmed) {
    if (asked) rememberDestination(event.cookies, asked);
    redirect(303, takeDestination(event.cookies, viewer.role));
  }
  rememberDestination(event.cookies, asked);
  return { email: viewer.email, mailNotice: mailNoticeOf(takeFlash(event.cookies, event.url.pathname, (value) => value)) };
};

export const actions: Actions = {
  resendConfirmation: resendConfirmationAction,
  changeEmail: changeEmailAction,
};
