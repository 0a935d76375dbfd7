import { describe, expect, it } from 'vitest';
import { isCurrent, navLinksFor } from './navigation.ts';

describe('navLinksFor', () => {
  it('gives each role its own pages', () => {
    expect(navLinksFor('PHYSICIAN').map((l) => l.href)).toEqual(['/credential']);
    expect(navLinksFor('ADMIN').map((l) => l.href)).toEqual(['/verification', '/audit']);
    expect(navLinksFor('CLIENT')).toEqual([]);
    expect(navLinksFor(null)).toEqual([]);
  });
});

describe('isCurrent', () => {
  it('matches the page whatever its query, and the pages under it', () => {
    expect(isCurrent('/verification', '/verification?status=VERIFIED')).toBe(true);
    expect(isCurrent('/verification', '/verification/42')).toBe(true);
    expect(isCurrent('/verification', '/verifications')).toBe(false);
    expect(isCurrent('/audit', '/')).toBe(false);
  });
});
