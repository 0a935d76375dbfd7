/**
 * The request's language, server side only: the API's one Accept-Language negotiation
 * (`@consilium/api/language`) is a Node module, kept out of the browser's bundle.
 */
import { negotiateLanguage } from '@consilium/api/language';
import { isLocale, type Locale } from '$lib/i18n/locale.ts';

/** The `lang` cookie, else what the API would read in Accept-Language (French by default). */
export function resolveLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  return negotiateLanguage(acceptLanguage);
}
