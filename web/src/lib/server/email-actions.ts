/** The actions on the account's address, shared by the account page and /confirm-address. */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { RequestEmailChangeMutation, ResendEmailConfirmationMutation } from '$lib/graphql/account-mail.ts';
import { attempt, formEmail, formText } from './api-action.ts';
import { noticeReader, redirectDone } from './flash.ts';

/** The flash an action below left, if it is one of theirs. */
export const mailNoticeOf = noticeReader(['resent', 'change-sent']);
export type MailNotice = NonNullable<ReturnType<typeof mailNoticeOf>>;

/** "Send the link again": limited per account by the API (RATE_LIMITED says when to try again). */
export const resendConfirmationAction = async (event: RequestEvent) => {
  const result = await attempt(() => event.locals.api.request(ResendEmailConfirmationMutation), []);
  if (!result.ok) return fail(result.status, { resend: result.errors });
  redirectDone(event, 'resent');
};

export const changeEmailAction = async (event: RequestEvent) => {
  const form = await event.request.formData();
  const newEmail = formEmail(form, 'newEmail');
  const password = formText(form, 'password');
  const result = await attempt(() => event.locals.api.request(RequestEmailChangeMutation, { newEmail, password }), ['newEmail', 'password'] as const);
  if (!result.ok) return fail(result.status, { newEmail, change: result.errors });
  redirectDone(event, 'change-sent');
};
