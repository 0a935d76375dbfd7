import { redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { AGAIN_PARAM } from '$lib/step-up.ts';
import { env } from './env.ts';

/**
 * A one-time notice carried across a redirect: an action that went through answers 303 to its
 * page's clean address (no `?/approve` left in the address bar without JavaScript, no form posted
 * again on reload) and the page says what was done once.
 */
const FLASH_COOKIE = 'consilium_flash';

/**
 * The page's address without the form action (`?/approve`), keeping its other parameters — but
 * the step-up's `again`: once an action went through, there is nothing left to do again.
 */
export function withoutAction(url: URL): string {
  const query = new URLSearchParams(url.search);
  for (const key of [...query.keys()]) if (key.startsWith('/') || key === AGAIN_PARAM) query.delete(key);
  const kept = query.toString();
  return `${url.pathname}${kept ? `?${kept}` : ''}`;
}

/** The page's clean address, then `#hash` (a post, a poll) when given. */
export function doneHref(url: URL, hash?: string): string {
  return `${withoutAction(url)}${hash ? `#${encodeURIComponent(hash)}` : ''}`;
}

/**
 * An action that went through: keeps `notice` (if any) for the page's next load and answers 303
 * to its clean address (`#hash` added), so that reloading neither posts again nor repeats it.
 */
export function redirectDone(event: Pick<RequestEvent, 'cookies' | 'url'>, notice: unknown, hash?: string): never {
  if (notice !== undefined && notice !== null) setFlash(event.cookies, event.url.pathname, notice);
  redirect(303, doneHref(event.url, hash));
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

/**
 * A reader of the notices one group of actions leaves in the flash (the account page's mail,
 * session and passkey actions share one cookie): the value when it is one of `notices`, else null.
 */
export function noticeReader<const T extends string>(notices: readonly T[]): (flash: unknown) => T | null {
  return (flash) => ((notices as readonly unknown[]).includes(flash) ? (flash as T) : null);
}
