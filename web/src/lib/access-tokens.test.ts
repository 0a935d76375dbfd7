import { describe, expect, it } from 'vitest';
import { expiryFor, isLive } from './access-tokens.ts';

describe('expiryFor', () => {
  it('gives an instant the chosen days ahead, and none for "never" or a value not offered', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(expiryFor('30', now)).toBe('2027-01-05T10:00:00.000Z');
    expect(expiryFor('', now)).toBeNull();
    expect(expiryFor('7', now)).toBeNull();
  });
});

describe('isLive', () => {
  it('is false once revoked or expired', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(isLive({ revokedAt: null, expiresAt: null }, now)).toBe(true);
    expect(isLive({ revokedAt: null, expiresAt: '2026-12-06T09:59:00Z' }, now)).toBe(false);
    expect(isLive({ revokedAt: '2026-12-01T00:00:00Z', expiresAt: null }, now)).toBe(false);
  });
});
