import type { Handle, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { createApiClient } from '$lib/graphql/client.ts';
import { ApiError, ApiUnavailableError } from '$lib/graphql/errors.ts';
import { MeQuery, type Viewer } from '$lib/graphql/operations.ts';
import { LOCALE_COOKIE, resolveLocale } from '$lib/i18n/locale.ts';
import { env } from '$lib/server/env.ts';
import { clearSessionCookie, SESSION_COOKIE } from '$lib/server/session.ts';

async function loadViewer(event: RequestEvent): Promise<Viewer | null> {
  if (!event.cookies.get(SESSION_COOKIE)) return null;
  try {
    const { me } = await event.locals.api.request(MeQuery);
    if (!me) clearSessionCookie(event.cookies);
    return me;
  } catch (err) {
    if (err instanceof ApiUnavailableError) {
      console.error(`[web] ${err.message}`);
      event.locals.apiUnavailable = true;
      return null;
    }
    if (err instanceof ApiError && err.hasCode('UNAUTHENTICATED')) {
      clearSessionCookie(event.cookies);
      return null;
    }
    throw err;
  }
}

export const handle: Handle = async ({ event, resolve }) => {
  const locale = resolveLocale(event.cookies.get(LOCALE_COOKIE), event.request.headers.get('accept-language'));
  event.locals.locale = locale;
  event.locals.apiUnavailable = false;
  event.locals.api = createApiClient({
    url: env.apiUrl,
    token: event.cookies.get(SESSION_COOKIE) ?? null,
    locale,
    clientAddress: event.getClientAddress(),
  });
  event.locals.viewer = await loadViewer(event);

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', locale),
  });
  // Pages differ by session and language: never let a shared cache keep one.
  if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-store');
  response.headers.append('vary', 'Cookie, Accept-Language');
  return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status !== 404) console.error(`[web] ${event.request.method} ${event.url.pathname}:`, error);
  return { message };
};
