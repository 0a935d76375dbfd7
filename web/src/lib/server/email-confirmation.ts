/**
 * Until its address is confirmed, an account reaches nothing beyond its account page (issue #14,
 * point 1): every other page sends it to /confirm-address, which remembers where it was going, and
 * following the mailed link continues there (a physician with nowhere in particular to go is sent
 * to the verification of their licence, the next step of their registration).
 */
import type { Cookies } from '@sveltejs/kit';
import type { Role } from '$lib/graphql/operations.ts';
import { env } from './env.ts';
import { safeReturnPath } from './return-path.ts';

export const CONFIRM_ADDRESS_PATH = '/confirm-address';

/**
 * What an unconfirmed account may open: its account page (sessions, data, deletion), the pages of
 * the confirmation and of a password reset, logging out and the language switch.
 */
const OPEN_TO_UNCONFIRMED = /^\/(?:|confirm-address|confirm-email|reset-password|logout|lang|account\/[^?]*)$/;

export function openToUnconfirmed(pathname: string): boolean {
  return OPEN_TO_UNCONFIRMED.test(pathname);
}

/** The confirmation page, coming back to `url` afterwards (a page asked for, not a form posted). */
export function confirmAddressPathFor(url: URL, method: string): string {
  const target = `${url.pathname}${url.search}`;
  if (method !== 'GET' || target === '/') return CONFIRM_ADDRESS_PATH;
  return `${CONFIRM_ADDRESS_PATH}?redirectTo=${encodeURIComponent(target)}`;
}

/** Kept as long as a confirmation link works: the link may be opened in another tab, hours later. */
const DESTINATION_COOKIE = 'consilium_after_confirm';

export function rememberDestination(cookies: Cookies, destination: string | null): void {
  const path = safeReturnPath(destination, '');
  if (!path) return;
  cookies.set(DESTINATION_COOKIE, path, { path: '/', httpOnly: true, sameSite: 'lax', secure: env.cookieSecure, maxAge: 48 * 3600 });
}

/** Where to go once the address is confirmed: the remembered page, or the role's next step. */
export function takeDestination(cookies: Cookies, role: Role): string {
  const remembered = safeReturnPath(cookies.get(DESTINATION_COOKIE), '');
  cookies.delete(DESTINATION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: env.cookieSecure });
  if (remembered && remembered !== CONFIRM_ADDRESS_PATH) return remembered;
  return role === 'PHYSICIAN' ? '/credential' : role === 'CLIENT' ? '/my-surveys' : '/';
}
