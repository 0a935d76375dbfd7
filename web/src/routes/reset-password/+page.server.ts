import { fail, redirect } from '@sveltejs/kit';
import { ResetPasswordMutation } from '$lib/graphql/account-mail.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { setFlash } from '$lib/server/flash.ts';
import { clearSessionCookie } from '$lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['password'] as const;

/** The link's token stays in the page (a hidden field): it is checked, and used up, when the form is sent. */
export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async ({ request, locals, cookies }) => {
    const form = await request.formData();
    const token = formText(form, 'token');
    const password = formText(form, 'password');
    const result = await attempt(() => locals.api.request(ResetPasswordMutation, { token, password }), FIELDS);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    // Every session of the account has ended, this browser's included.
    clearSessionCookie(cookies);
    setFlash(cookies, '/login', 'password-reset');
    redirect(303, '/login');
  },
};
