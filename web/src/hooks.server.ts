import { randomUUID } from 'node:crypto';
import { redirect, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { createApiClient } from '$lib/graphql/client.ts';
import { ApiError, ApiUnavailableError } from '$lib/graphql/errors.ts';
import { MeQuery, type Viewer } from '$lib/graphql/operations.ts';
import { LOCALE_COOKIE } from '$lib/i18n/locale.ts';
import { resolveLocale } from '$lib/server/locale.ts';
import { confirmAddressPathFor, openToUnconfirmed } from '$lib/server/email-confirmation.ts';
import { env } from '$lib/server/env.ts';
import { clearSessionCookie, READ_PRIMARY_COOKIE, SESSION_COOKIE, setReadPrimaryCookie } from '$lib/server/session.ts';

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

/** As the API accepts one (api/src/log.ts): a proxy's id is kept, anything else replaced. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The anonymous relay of survey answers: no session is looked for, even if a cookie came. */
const ANONYMOUS_PATH = /^\/relay\//;

export const handle: Handle = async ({ event, resolve }) => {
  const locale = resolveLocale(event.cookies.get(LOCALE_COOKIE), event.request.headers.get('accept-language'));
  event.locals.locale = locale;
  event.locals.apiUnavailable = false;
  const anonymous = ANONYMOUS_PATH.test(event.url.pathname);
  // An answer always gets a fresh id, as in the API: no proxy-chosen id follows it there.
  const incoming = event.request.headers.get('x-request-id');
  const requestId = !anonymous && incoming && WELL_FORMED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  event.locals.requestId = requestId;
  event.locals.api = createApiClient({
    url: env.apiUrl,
    token: anonymous ? null : (event.cookies.get(SESSION_COOKIE) ?? null),
    locale,
    clientAddress: anonymous ? null : event.getClientAddress(),
    userAgent: anonymous ? null : event.request.headers.get('user-agent'),
    requestId,
    readPrimaryUntil: anonymous ? null : (event.cookies.get(READ_PRIMARY_COOKIE) ?? null),
    onReadPrimaryUntil: anonymous ? undefined : (mark) => setReadPrimaryCookie(event.cookies, mark),
  });
  // A `me` query at the moment an answer arrives would tie the two together in the API's view.
  event.locals.viewer = anonymous ? null : await loadViewer(event);
  // Nothing beyond the account page until the address is confirmed (the API refuses the rest too).
  if (event.locals.viewer && !event.locals.viewer.emailConfirmed && !openToUnconfirmed(event.url.pathname)) {
    redirect(303, confirmAddressPathFor(event.url, event.request.method));
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', locale),
  });
  // Pages differ by session and language: never let a shared cache keep one.
  if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-store');
  response.headers.append('vary', 'Cookie, Accept-Language');
  response.headers.set('x-request-id', requestId);
  return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status !== 404) console.error(`[web] [${event.locals.requestId}] ${event.request.method} ${event.url.pathname}:`, error);
  return { message };
};
