import { redirect } from '@sveltejs/kit';
import { SignInWithPasskeyMutation } from '$lib/graphql/passkeys.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { setFlash } from '$lib/server/flash.ts';
import { safeReturnPath } from '$lib/server/return-path.ts';
import { setSessionCookie } from '$lib/server/session.ts';
import type { RequestHandler } from './$types';

/**
 * The login page's "Sign in with a passkey" form posts the browser's signed answer here: a
 * session on success, else back to the login page with the reason, said once.
 */
export const POST: RequestHandler = async (event) => {
  const form = await event.request.formData();
  const response = formText(form, 'response');
  const redirectTo = formText(form, 'redirectTo');
  const result = await attempt(() => event.locals.api.request(SignInWithPasskeyMutation, { response }), [] as const);
  if (result.ok) {
    const { token, expiresAt } = result.data.signInWithPasskey;
    setSessionCookie(event.cookies, token, expiresAt);
    redirect(303, safeReturnPath(redirectTo));
  }
  const problem = result.errors.form;
  setFlash(event.cookies, '/login', { passkey: problem?.code === 'RATE_LIMITED' ? 'rateLimited' : problem?.code === 'API_UNAVAILABLE' ? 'unavailable' : 'refused' });
  redirect(303, redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/login');
};
