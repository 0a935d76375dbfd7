import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './language.ts';
import { ACCEPT_LANGUAGE_TABLE } from './test/accept-language.ts';


describe('negotiateLanguage', () => {
  it.each(ACCEPT_LANGUAGE_TABLE)('%j → %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});
