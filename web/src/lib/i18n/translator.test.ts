import { describe, expect, it } from 'vitest';
import { getTranslator } from './translator.ts';

describe('translator', () => {
  it('fills placeholders and ICU plurals per locale', () => {
    expect(getTranslator('en').t('error.rateLimited', { seconds: 1 })).toBe('Too many attempts. Try again in 1 second.');
    expect(getTranslator('en').t('error.rateLimited', { seconds: 30 })).toBe('Too many attempts. Try again in 30 seconds.');
    expect(getTranslator('fr').t('error.summary', { count: 1 })).toBe('Le formulaire contient une erreur.');
    expect(getTranslator('fr').t('error.summary', { count: 3 })).toBe('Le formulaire contient 3 erreurs.');
    expect(getTranslator('fr').t('nav.postingAs', { handle: 'Aster' })).toBe('Vous écrivez en tant que Aster');
  });

  it('tells which keys exist', () => {
    const i18n = getTranslator('fr');
    expect(i18n.has('reason.too_short')).toBe(true);
    expect(i18n.has('reason.unheard_of')).toBe(false);
    expect(i18n.has('toString')).toBe(false);
  });
});
