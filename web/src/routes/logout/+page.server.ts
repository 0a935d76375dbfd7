import { redirect } from '@sveltejs/kit';
import { ApiError, ApiUnavailableError } from '$lib/graphql/errors.ts';
import { LogoutMutation } from '$lib/graphql/operations.ts';
import { clearSessionCookie } from '$lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.viewer) redirect(303, '/');
};

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    try {
      if (locals.viewer) await locals.api.request(LogoutMutation);
    } catch (err) {
      // The browser forgets the session whatever happens; an API that is down or already
      // ended the session leaves nothing more to do here.
      if (!(err instanceof ApiError || err instanceof ApiUnavailableError)) throw err;
      console.error('[web] logout:', err.message);
    }
    clearSessionCookie(cookies);
    redirect(303, '/');
  },
};
