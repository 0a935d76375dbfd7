import { LANGUAGES, negotiateLanguage } from '@consilium/api/language';
import { describe, expect, it } from 'vitest';
import { locales } from '$lib/i18n/locale.ts';
import { resolveLocale } from './locale.ts';

describe('resolveLocale', () => {
  it('prefers the lang cookie', () => {
    expect(resolveLocale('en', 'fr-FR,fr;q=0.9')).toBe('en');
    expect(resolveLocale('fr', 'en-GB')).toBe('fr');
  });

  it('ignores an unknown cookie value and reads Accept-Language', () => {
    expect(resolveLocale('de', 'en-GB,en;q=0.8')).toBe('en');
  });

  it('honours q-values and skips unsupported languages', () => {
    expect(resolveLocale(undefined, 'de-DE,de;q=0.9,en;q=0.5,fr;q=0.7')).toBe('fr');
    expect(resolveLocale(undefined, 'nl-BE, en;q=0.4')).toBe('en');
    expect(resolveLocale(undefined, 'fr;q=0, en;q=0.1')).toBe('en');
  });

  it('falls back to French', () => {
    expect(resolveLocale(undefined, null)).toBe('fr');
    expect(resolveLocale(undefined, 'de, nl;q=0.5')).toBe('fr');
    expect(resolveLocale(undefined, '*')).toBe('fr');
  });

  // Without a cookie the web reads a header exactly as the API does (@consilium/api/language).
  it.each([
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE', 'fr'],
    ['fr-BE', 'fr'],
    ['*', 'fr'],
    ['', 'fr'],
    ['en;q=0.1, fr;q=0.9', 'fr'],
    ['garbage', 'fr'],
    ['!!;;q=x,,,', 'fr'],
  ])('reads Accept-Language %j as %s, as the API does', (header, locale) => {
    expect(resolveLocale(undefined, header)).toBe(locale);
    expect(resolveLocale(undefined, header)).toBe(negotiateLanguage(header));
  });

  it('speaks the languages the API speaks, French first', () => {
    expect([...locales]).toEqual([...LANGUAGES]);
  });
});
