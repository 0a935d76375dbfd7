import { describe, expect, it } from 'vitest';
import { resolveLocale } from './locale.ts';
import { getTranslator } from './translator.ts';

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
});

describe('translator', () => {
  it('fills placeholders and ICU plurals per locale', () => {
    expect(getTranslator('en').t('error.rateLimited', { seconds: 1 })).toBe('Too many attempts. Try again in 1 second.');
    expect(getTranslator('en').t('error.rateLimited', { seconds: 30 })).toBe('Too many attempts. Try again in 30 seconds.');
    expect(getTranslator('fr').t('error.summary', { count: 1 })).toBe('Le formulaire contient une erreur.');
    expect(getTranslator('fr').t('error.summary', { count: 3 })).toBe('Le formulaire contient 3 erreurs.');
    expect(getTranslator('fr').t('nav.signedInAs', { email: 'a@b.fr' })).toBe('Connecté en tant que a@b.fr');
  });

  it('tells which keys exist', () => {
    const i18n = getTranslator('fr');
    expect(i18n.has('reason.too_short')).toBe(true);
    expect(i18n.has('reason.unheard_of')).toBe(false);
    expect(i18n.has('toString')).toBe(false);
  });
});
