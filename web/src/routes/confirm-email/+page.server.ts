import { fail } from '@sveltejs/kit';
import { ConfirmEmailMutation } from '$lib/graphql/account-mail.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { setFlash, takeFlash } from '$lib/server/flash.ts';
import { redirect } from '@sveltejs/kit';
import { takeDestination } from '$lib/server/email-confirmation.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Opening the link only shows a button: a mail scanner that fetches every link must not use it up.
 * Signed in or not, the button confirms the address the link was sent to.
 */
export const load: PageServerLoad = ({ url, cookies }) => ({
  token: url.searchParams.get('token') ?? '',
  done: takeFlash(cookies, url.pathname, (value) => (value === 'confirmed' ? true : null)) ?? false,
});

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const token = formText(form, 'token');
    const result = await attempt(() => locals.api.request(ConfirmEmailMutation, { token }), []);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    // A member who registered in this browser goes on to where they were going.
    const viewer = locals.viewer;
    if (viewer && !viewer.emailConfirmed) redirect(303, takeDestination(cookies, viewer.role));
    setFlash(cookies, url.pathname, 'confirmed');
    redirect(303, url.pathname);
  },
};
