import { describe, expect, it } from 'vitest';
import { Base64urlError, fromBase64url, toBase64url } from './base64url.ts';

describe('base64url', () => {
  it('round-trips every length without padding', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const text = toBase64url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(fromBase64url(text)).toEqual(bytes);
    }
  });

  it('uses the URL alphabet', () => {
    expect(toBase64url(Uint8Array.from([0xfb, 0xff]))).toBe('-_8');
  });

  it.each([
    ['padding', 'QQ=='],
    ['the standard alphabet', '+/8'],
    ['a dangling character', 'QUJDR'],
    ['non-zero trailing bits, a second spelling of "A"', 'QR'],
    ['whitespace', 'QU JD'],
  ])('refuses %s', (_, text) => {
    expect(() => fromBase64url(text)).toThrow(Base64urlError);
  });
});
