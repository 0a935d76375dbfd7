import type { Locale } from '$lib/i18n/locale.ts';

const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** A fraction as a percent with one decimal at most ("42,5 %", "42.5%"). */
export function formatShare(fraction: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

/** A mean, a median or a bin bound: two decimals at most. */
export function formatFigure(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 2 }).format(value);
}
