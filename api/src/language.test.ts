import { describe, expect, it } from 'vitest';
import { pickLocale } from './context.ts';

describe('pickLocale', () => {
  it.each([
    [undefined, 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-BE,fr;q=0.9,en;q=0.8', 'fr'],
    ['de-DE,en;q=0.5,fr;q=0.9', 'fr'],
    ['de-DE,en;q=0.5', 'en'],
    ['nl-BE', 'fr'],
  ])('%s → %s', (header, locale) => {
    expect(pickLocale(header)).toBe(locale);
  });
});
