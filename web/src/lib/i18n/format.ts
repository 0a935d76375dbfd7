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

/**
 * An instant, in Paris time with its zone ("23 novembre 2026 à 14:05 UTC+1"); `short` for tables
 * ("23 nov. 2026, 14:05 UTC+1"): the month is a word, since "5/12/2026" reads as May 12 to some.
 */
export function formatDateTime(iso: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const date = valid(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    year: 'numeric',
    month: style,
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: TIME_ZONE,
    timeZoneName: 'short',
  }).format(date);
}

const RELATIVE_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * An instant relative to `now` ("il y a 3 jours", "3 days ago", "yesterday", "now"), in the largest
 * unit it reaches; under a minute it is "now". The exact instant goes beside it (formatDateTime).
 */
export function formatRelative(iso: string, locale: Locale, now: number = Date.now()): string {
  const date = valid(iso);
  if (!date) return iso;
  const seconds = Math.round((date.getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(INTL_LOCALE[locale], { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** The name of an ISO 3166-1 alpha-2 country in `locale` ("BE" → "Belgique"); the code if unknown. */
export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An amount of euro cents in the reader's way ("15,50 €", "€15.50"). */
export function formatEuros(cents: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** A size limit in binary units, in the reader's way ("10 Mo", "10 MB", "512 ko"). */
export function formatBytes(bytes: number, locale: Locale): string {
  const mebibytes = bytes / (1024 * 1024);
  const [value, unit] = mebibytes >= 1 ? [mebibytes, 'megabyte'] : [bytes / 1024, 'kilobyte'];
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** A plain number in the reader's way ("1 250", "1,250"). */
export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(value);
}

/** The calendar day an instant falls on in Paris ("2026-11-23"), as a date input holds it. */
export function parisDay(iso: string): string {
  const date = valid(iso);
  if (!date) return '';
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** The last second of a calendar day ("2026-11-23") in Paris, as an ISO instant; null if not a date. */
export function endOfParisDay(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const wallClock = Date.UTC(y, m - 1, d, 23, 59, 59);
  if (new Date(wallClock).getUTCDate() !== d) return null;
  // Paris is one or two hours ahead of UTC: take the offset that gives back the same wall clock.
  for (const hours of [1, 2]) {
    const instant = new Date(wallClock - hours * 3_600_000);
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(instant);
    if (parisDay(instant.toISOString()) === day && Number(parts) === 23) return instant.toISOString();
  }
  return null;
}

/** A day as people read it ("23 novembre 2026"), for a `YYYY-MM-DD` or an instant read in Paris. */
export function formatParisDay(iso: string, locale: Locale): string {
  const date = valid(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: TIME_ZONE }).format(date);
}
