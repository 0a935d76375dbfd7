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
