import { fail, redirect } from '@sveltejs/kit';
import { LoginMutation } from '$lib/graphql/operations.ts';
import { attempt, formEmail, formText } from '$lib/server/api-action.ts';
import { confirmAddressPathFor } from '$lib/server/email-confirmation.ts';
import { safeReturnPath } from '$lib/server/return-path.ts';
import { setSessionCookie } from '$lib/server/session.ts';
import { takeFlash } from '$lib/server/flash.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['email', 'password', 'secondFactor'] as const;

const PASSKEY_PROBLEMS = ['refused', 'rateLimited', 'unavailable'] as const;
type PasskeyProblem = (typeof PASSKEY_PROBLEMS)[number];

/** After a password reset, the page says once that every device was signed out; after a refused passkey, why. */
export const load: PageServerLoad = ({ cookies, url }) => {
  const flash = takeFlash(cookies, url.pathname, (value) => value);
  const passkey = (flash as { passkey?: unknown } | null)?.passkey;
  return {
    passwordReset: flash === 'password-reset',
    passkeyProblem: PASSKEY_PROBLEMS.includes(passkey as PasskeyProblem) ? (passkey as PasskeyProblem) : null,
  };
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const email = formEmail(form);
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
    const { token, expiresAt, account } = result.data.login;
    setSessionCookie(cookies, token, expiresAt);
    const destination = safeReturnPath(url.searchParams.get('redirectTo'));
    redirect(303, account.emailConfirmed ? destination : confirmAddressPathFor(new URL(destination, url), 'GET'));
  },
};
