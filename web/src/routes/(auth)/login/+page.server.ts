import { fail, redirect } from '@sveltejs/kit';
import { LoginMutation } from '$lib/graphql/operations.ts';
import { attempt, formEmail, formText } from '$lib/server/api-action.ts';
import { confirmAddressPathFor } from '$lib/server/email-confirmation.ts';
import { safeReturnPath } from '$lib/server/return-path.ts';
import { setSessionCookie } from '$lib/server/session.ts';
import { takeFlash } from '$lib/server/flash.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['email', 'password'] as const;

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
    const result = await attempt(() => locals.api.request(LoginMutation, { email, password }), FIELDS);
    // The password is never sent back: the form is refilled with the e-mail only.
    if (!result.ok) return fail(result.status, { email, errors: result.errors });
    const { token, expiresAt, account } = result.data.login;
    setSessionCookie(cookies, token, expiresAt);
    const destination = safeReturnPath(url.searchParams.get('redirectTo'));
    redirect(303, account.emailConfirmed ? destination : confirmAddressPathFor(new URL(destination, url), 'GET'));
  },
};
