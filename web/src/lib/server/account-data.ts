/** The account page's sessions and data-rights actions (#14): end a session, all of them, or the account. */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { DeleteMyAccountMutation, EndSessionMutation, LogoutEverywhereMutation } from '$lib/graphql/account.ts';
import { askToConfirm, isConfirmed } from '$lib/confirm.ts';
import { attempt, formText } from './api-action.ts';
import { noticeReader, redirectDone, setFlash } from './flash.ts';
import { clearSessionCookie } from './session.ts';

/** A flash value read once by the page (it holds the mail and passkey notices too), as one of these notices. */
export const noticeOf = noticeReader(['ended', 'deleted']);


export async function endSessionAction(event: RequestEvent) {
  if (!event.locals.viewer) redirect(303, '/login');
  const id = formText(await event.request.formData(), 'id');
  const result = await attempt(() => event.locals.api.request(EndSessionMutation, { id }), [] as const);
  if (!result.ok) return fail(result.status, { sessions: result.errors });
  redirectDone(event, 'ended', 'sessions-heading');
}

export async function logoutEverywhereAction(event: RequestEvent) {
  if (!event.locals.viewer) redirect(303, '/login');
  if (!isConfirmed(await event.request.formData())) return askToConfirm('logoutEverywhere');
  const result = await attempt(() => event.locals.api.request(LogoutEverywhereMutation), [] as const);
  if (!result.ok) return fail(result.status, { sessions: result.errors });
  clearSessionCookie(event.cookies);
  redirect(303, '/login');
}

export async function deleteAccountAction(event: RequestEvent) {
  if (!event.locals.viewer) redirect(303, '/login');
  const password = formText(await event.request.formData(), 'password');
  const result = await attempt(() => event.locals.api.request(DeleteMyAccountMutation, { password }), ['password'] as const);
  // The password is never sent back.
  if (!result.ok) return fail(result.status, { deletion: result.errors });
  clearSessionCookie(event.cookies);
  setFlash(event.cookies, '/', 'deleted');
  redirect(303, '/');
}
