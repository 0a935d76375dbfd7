import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { ApiError, ApiUnavailableError } from '$lib/graphql/errors.ts';
import { loginPathFor } from './return-path.ts';

/**
 * Runs an API call for a load function. The expected failures become the page's answer: the
 * API down → 503, a session that ended meanwhile → the login page, not allowed → 403, a bad
 * query parameter (such as a stale cursor) → 400. Anything else is a bug and propagates.
 */
export async function fromApi<R>(event: Pick<RequestEvent, 'url'>, run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiUnavailableError) {
      console.error(`[web] ${err.message}`);
      error(503, 'API unavailable');
    }
    if (err instanceof ApiError) {
      if (err.hasCode('UNAUTHENTICATED')) redirect(303, loginPathFor(event.url));
      if (err.hasCode('FORBIDDEN')) error(403, 'Forbidden');
      if (err.hasCode('BAD_USER_INPUT')) error(400, 'Bad request');
    }
    throw err;
  }
}
