import { describe, expect, it } from 'vitest';
import { currentHref, isCurrent, navLinksFor } from './navigation.ts';

describe('navLinksFor', () => {
  it('gives each role its own pages', () => {
    expect(navLinksFor('PHYSICIAN').map((l) => l.href)).toEqual(['/surveys', '/honoraria', '/credential', '/discussion', '/notifications', '/messages', '/groups', '/transparency']);
    expect(navLinksFor('ADMIN', ['VERIFIER', 'MODERATOR', 'REVIEWER', 'FINANCE', 'OWNER']).map((l) => l.href)).toEqual(['/verification', '/survey-review', '/audit', '/moderation', '/orders', '/report-jobs', '/staff']);
    // An admin sees the pages of its staff roles only.
    expect(navLinksFor('ADMIN', ['VERIFIER']).map((l) => l.href)).toEqual(['/verification']);
    expect(navLinksFor('ADMIN', ['MODERATOR', 'FINANCE']).map((l) => l.href)).toEqual(['/moderation', '/orders']);
    expect(navLinksFor('ADMIN', ['OWNER']).map((l) => l.href)).toEqual(['/audit', '/staff']);
    expect(navLinksFor('ADMIN')).toEqual([]);
    expect(navLinksFor('CLIENT').map((l) => l.href)).toEqual(['/my-surveys', '/my-surveys/new', '/orders']);
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

describe('currentHref', () => {
  it('marks the most specific link only', () => {
    const links = navLinksFor('CLIENT');
    expect(currentHref(links, '/my-surveys/new')).toBe('/my-surveys/new');
    expect(currentHref(links, '/my-surveys?submitted=1')).toBe('/my-surveys');
    expect(currentHref(links, '/my-surveys/42/edit')).toBe('/my-surveys');
    expect(currentHref(links, '/')).toBeNull();
  });
});
