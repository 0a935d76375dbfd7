import type { Cookies } from '@sveltejs/kit';
import { env } from './env.ts';

/** The http-only cookie that carries the API session token. */
export const SESSION_COOKIE = 'consilium_session';

/** Stores the session token until the API's `expiresAt` (an ISO date-time). */
export function setSessionCookie(cookies: Cookies, token: string, expiresAt: string): void {
  const expires = new Date(expiresAt);
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: env.cookieSecure,
    ...(Number.isNaN(expires.getTime()) ? {} : { expires }),
  });
}

export function clearSessionCookie(cookies: Cookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: env.cookieSecure });
}

/** Remembers the chosen language for a year; the server reads it, scripts need not. */
export function setLocaleCookie(cookies: Cookies, name: string, locale: string): void {
  cookies.set(name, locale, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: env.cookieSecure,
    maxAge: 60 * 60 * 24 * 365,
  });
}

/**
 * The API's read-your-writes mark (`X-Read-Primary-Until`, ms since the epoch) after this
 * visitor's last write: kept in the browser for the few seconds it matters and sent back, so that
 * the page after a post shows the post even when the API reads a lagging replica. The API keeps
 * no such record itself (docs/deployment.md, "Read replicas").
 */
export const READ_PRIMARY_COOKIE = 'consilium_read_primary';

export function setReadPrimaryCookie(cookies: Cookies, mark: string, now = Date.now()): void {
  if (!/^\d{1,15}$/.test(mark)) return;
  const seconds = Math.ceil((Number(mark) - now) / 1000);
  if (seconds <= 0) return;
  cookies.set(READ_PRIMARY_COOKIE, mark, { path: '/', httpOnly: true, sameSite: 'lax', secure: env.cookieSecure, maxAge: Math.min(seconds, 60) });
}
