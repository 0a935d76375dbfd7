import type { Cookies } from '@sveltejs/kit';
import { env } from './env.ts';

/**
 * A one-time notice carried across a redirect: an action that went through answers 303 to its
 * page's clean address (no `?/approve` left in the address bar without JavaScript, no form posted
 * again on reload) and the page says what was done once.
 */
const FLASH_COOKIE = 'consilium_flash';

/** The page's address without the form action (`?/approve`), keeping its other parameters. */
export function withoutAction(url: URL): string {
  const query = new URLSearchParams(url.search);
  for (const key of [...query.keys()]) if (key.startsWith('/')) query.delete(key);
  const kept = query.toString();
  return `${url.pathname}${kept ? `?${kept}` : ''}`;
}

/** Keeps `value` for the next page load under `path` (a minute at most). */
export function setFlash(cookies: Cookies, path: string, value: unknown): void {
  cookies.set(FLASH_COOKIE, JSON.stringify(value), { path, httpOnly: true, sameSite: 'lax', secure: env.cookieSecure, maxAge: 60 });
}

/** The value kept for this page, once: it is forgotten as it is read. `read` checks its shape. */
export function takeFlash<T>(cookies: Cookies, path: string, read: (value: unknown) => T | null): T | null {
  const raw = cookies.get(FLASH_COOKIE);
  if (raw === undefined) return null;
  cookies.delete(FLASH_COOKIE, { path, httpOnly: true, sameSite: 'lax', secure: env.cookieSecure });
  try {
    return read(JSON.parse(raw));
  } catch {
    return null;
  }
}
