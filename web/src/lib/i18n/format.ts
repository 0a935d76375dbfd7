import type { Locale } from './locale.ts';

// British English: the English catalogue is written in it ("organisation", "licence").
const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

// One fixed zone, named in the text: the server renders and the browser hydrates the same
// string whatever either machine's zone, and our physicians are mostly in France and Belgium.
const TIME_ZONE = 'Europe/Paris';

function valid(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A calendar date ("1 novembre 2026"), read in UTC: registry extracts are dated, not timed. */
export function formatDate(iso: string, locale: Locale): string {
  const date = valid(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** An instant, in Paris time with its zone ("23 novembre 2026 à 14:05 UTC+1"); `short` for tables. */
export function formatDateTime(iso: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const date = valid(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    year: 'numeric',
    month: style === 'long' ? 'long' : '2-digit',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: TIME_ZONE,
    timeZoneName: 'short',
  }).format(date);
}

/** The name of an ISO 3166-1 alpha-2 country in `locale` ("BE" → "Belgique"); the code if unknown. */
export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}
