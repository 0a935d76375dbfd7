import { fail, redirect } from '@sveltejs/kit';
import { LoginMutation } from '$lib/graphql/operations.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { safeReturnPath } from '$lib/server/return-path.ts';
import { setSessionCookie } from '$lib/server/session.ts';
import { takeFlash } from '$lib/server/flash.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['email', 'password', 'secondFactor'] as const;

/** After a password reset, the page says once that every device was signed out. */
export const load: PageServerLoad = ({ cookies, url }) => ({
  passwordReset: takeFlash(cookies, url.pathname, (value) => (value === 'password-reset' ? true : null)) ?? false,
});

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const email = formText(form, 'email').trim();
    const password = formText(form, 'password');
    const secondFactor = formText(form, 'secondFactor').trim() || null;
    const result = await attempt(() => locals.api.request(LoginMutation, { email, password, secondFactor }), FIELDS);
    // The password is never sent back: the form is refilled with the e-mail only (with scripts,
    // the browser keeps what was typed). An account with a second factor asks for its code: the
    // same form, with the code field, sends the password and the code together.
    if (!result.ok) {
      const needsCode = result.errors.form?.code === 'SECOND_FACTOR_REQUIRED';
      return fail(result.status, { email, needsCode, errors: result.errors });
    }
    const { token, expiresAt } = result.data.login;
    setSessionCookie(cookies, token, expiresAt);
    redirect(303, safeReturnPath(url.searchParams.get('redirectTo')));
  },
};
