import { fail, redirect } from '@sveltejs/kit';
import { LoginMutation } from '$lib/graphql/operations.ts';
import { attempt, formEmail, formText } from '$lib/server/api-action.ts';
import { confirmAddressPathFor } from '$lib/server/email-confirmation.ts';
import { safeReturnPath } from '$lib/server/return-path.ts';
import { setSessionCookie } from '$lib/server/session.ts';
import { takeFlash } from '$lib/server/flash.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['email', 'password'] as const;

/** After a password reset, the page says once that every device was signed out. */
export const load: PageServerLoad = ({ cookies, url }) => ({
  passwordReset: takeFlash(cookies, url.pathname, (value) => (value === 'password-reset' ? true : null)) ?? false,
});

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const email = formEmail(form);
    const password = formText(form, 'password');
    const result = await attempt(() => locals.api.request(LoginMutation, { email, password }), FIELDS);
    // The password is never sent back: the form is refilled with the e-mail only.
    if (!result.ok) return fail(result.status, { email, errors: result.errors });
    const { token, expiresAt, account } = result.data.login;
    setSessionCookie(cookies, token, expiresAt);
    const destination = safeReturnPath(url.searchParams.get('redirectTo'));
    redirect(303, account.emailConfirmed ? destination : confirmAddressPathFor(new URL(destination, url), 'GET'));
  },
};
