/**
 * The one Accept-Language negotiation of Consilium: the API's context, its file routes
 * (invoices) and the web app all read a header through `negotiateLanguage`, so that one
 * header gives one language everywhere. The web app imports it as `@consilium/api/language`.
 */
import Negotiator from 'negotiator';

/** The languages Consilium speaks, the default first. */
export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** What a caller who asks for none of ours (or for nothing, or for "*") reads. */
export const DEFAULT_LANGUAGE: Language = 'fr';

/**
 * The language an `Accept-Language` header asks for (RFC 9110 §12.5.4, by `negotiator`): the
 * highest q first, q=0 excluded, a regional tag matching its language ("fr-BE" reads French);
 * among equals, the one listed first. French when the header names neither French nor English,
 * is absent, empty, "*" or unreadable.
 */
export function negotiateLanguage(acceptLanguage: string | null | undefined): Language {
  const header = acceptLanguage?.trim();
  if (!header) return DEFAULT_LANGUAGE;
  const [best] = new Negotiator({ headers: { 'accept-language': header } }).languages([...LANGUAGES]);
  return (LANGUAGES as readonly string[]).includes(best ?? '') ? (best as Language) : DEFAULT_LANGUAGE;
}
