import { fail } from '@sveltejs/kit';
import { UnsubscribeMailMutation } from '$lib/graphql/follows.ts';
import { attempt } from '$lib/server/api-action.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The page an unsubscribe link opens: it asks before turning anything off (a mail scanner that
 * follows links must not unsubscribe anyone). Mail providers' one-click POST goes to the API.
 */
export const load: PageServerLoad = () => ({});

export const actions: Actions = {
  default: async (event) => {
    const token = event.params.token.slice(0, 200);
    const result = await attempt(() => event.locals.api.request(UnsubscribeMailMutation, { token }), [] as const);
    if (!result.ok) return fail(result.status, { done: false, invalid: false, errors: result.errors });
    if (!result.data.unsubscribeMail) return fail(400, { done: false, invalid: true, errors: null });
    return { done: true, invalid: false, errors: null };
  },
};
