import { describe, expect, it, vi } from 'vitest';
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

  it('spells and reads every value as the browser does (Node uses Buffer, the browser atob/btoa)', async () => {
    vi.resetModules();
    vi.stubGlobal('Buffer', undefined);
    const browser = await import('./base64url.ts');
    vi.unstubAllGlobals();
    for (let length = 0; length < 300; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const text = browser.toBase64url(bytes);
      expect(toBase64url(bytes)).toBe(text);
      expect(fromBase64url(text)).toEqual(browser.fromBase64url(text));
      // A view into a larger buffer encodes only its own bytes.
      expect(toBase64url(new Uint8Array([7, ...bytes, 9]).subarray(1, length + 1))).toBe(text);
    }
    for (const text of ['QQ==', '+/8', 'QUJDR', 'QR', 'QU JD', 'QUI', 'QUJ']) {
      const outcome = (read: (t: string) => Uint8Array) => { try { return Array.from(read(text)); } catch (err) { return (err as Error).name; } };
      expect(outcome(fromBase64url)).toEqual(outcome(browser.fromBase64url));
    }
  });
});
