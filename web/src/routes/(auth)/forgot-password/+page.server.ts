import { fail } from '@sveltejs/kit';
import { RequestPasswordResetMutation } from '$lib/graphql/account-mail.ts';
import { attempt, formEmail } from '$lib/server/api-action.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['email'] as const;

export const load: PageServerLoad = ({ cookies, url }) => ({
  sent: takeFlash(cookies, url.pathname, (value) => (value === 'sent' ? true : null)) ?? false,
});

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = formEmail(form);
    const result = await attempt(() => event.locals.api.request(RequestPasswordResetMutation, { email }), FIELDS);
    if (!result.ok) return fail(result.status, { email, errors: result.errors });
    redirectDone(event, 'sent');
  },
};
