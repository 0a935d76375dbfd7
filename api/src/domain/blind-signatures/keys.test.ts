import { createPrivateKey, createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url.ts';
import {
  KeyUnsealError,
  cachedPrivateKey,
  exportPublicKey,
  generateSurveyKey,
  importPublicKey,
  sealPrivateKey,
  unsealPrivateKey,
  type StoredSurveyKey,
} from './keys.ts';

const SECRET = 'a-test-survey-key-secret-of-40-characters';
const OTHER_SECRET = 'another-survey-key-secret-of-40-characters';

let stored: StoredSurveyKey;

beforeAll(async () => {
  stored = await generateSurveyKey(SECRET);
});

const pkcs8 = (sealed: string, secret = SECRET) => unsealPrivateKey(sealed, secret).export({ type: 'pkcs8', format: 'der' });

describe('survey keys', () => {
  it('are RSA-2048 with e = 65537, the public half as SPKI DER base64url', () => {
    const key = createPublicKey({ key: Buffer.from(fromBase64url(stored.publicKey)), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    expect(exportPublicKey(importPublicKey(stored.publicKey))).toBe(stored.publicKey);
  });

  it('unseal to the private key of the published public key', () => {
    const privateKey = unsealPrivateKey(stored.sealedPrivateKey, SECRET);
    expect(exportPublicKey(privateKey)).toBe(stored.publicKey);
  });

  it('seal with a fresh IV each time, under a version prefix', () => {
    const privateKey = unsealPrivateKey(stored.sealedPrivateKey, SECRET);
    const again = sealPrivateKey(privateKey, SECRET);
    expect(stored.sealedPrivateKey).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(again).not.toBe(stored.sealedPrivateKey);
    expect(pkcs8(again)).toEqual(pkcs8(stored.sealedPrivateKey));
  });

  it('do not unseal with the wrong secret', () => {
    expect(() => unsealPrivateKey(stored.sealedPrivateKey, OTHER_SECRET)).toThrow(KeyUnsealError);
    expect(() => unsealPrivateKey(stored.sealedPrivateKey, OTHER_SECRET)).toThrow(/SURVEY_KEY_SECRET is wrong/);
  });

  it('do not unseal when a single bit of the sealed data changed', () => {
    const bytes = fromBase64url(stored.sealedPrivateKey.slice(3));
    bytes[bytes.length - 1]! ^= 1;
    expect(() => unsealPrivateKey(`v1.${toBase64url(bytes)}`, SECRET)).toThrow(KeyUnsealError);
  });

  it.each([
    ['an unknown version', (s: string) => s.replace(/^v1\./, 'v2.')],
    ['no version', (s: string) => s.slice(3)],
    ['bad base64url', (s: string) => `${s}=`],
    ['a truncated body', () => 'v1.AAAA'],
  ])('refuse %s', (_, mangle) => {
    expect(() => unsealPrivateKey(mangle(stored.sealedPrivateKey), SECRET)).toThrow(KeyUnsealError);
  });

  it('refuse a secret shorter than 32 characters', () => {
    expect(() => unsealPrivateKey(stored.sealedPrivateKey, 'short')).toThrow(/at least 32 characters/);
  });

  it('accept any secret of 32 characters or more', () => {
    const privateKey = createPrivateKey(unsealPrivateKey(stored.sealedPrivateKey, SECRET).export({ type: 'pkcs8', format: 'pem' }));
    const secret = 'é'.repeat(32);
    expect(pkcs8(sealPrivateKey(privateKey, secret), secret)).toEqual(pkcs8(stored.sealedPrivateKey));
  });
});

describe('the unsealed-key cache', () => {
  it('returns the same KeyObject for the same id and sealed value', () => {
    const first = cachedPrivateKey('cache-same', stored.sealedPrivateKey, SECRET);
    expect(cachedPrivateKey('cache-same', stored.sealedPrivateKey, SECRET)).toBe(first);
  });

  it('unseals afresh when the sealed value under an id changes', () => {
    const first = cachedPrivateKey('cache-rotated', stored.sealedPrivateKey, SECRET);
    const resealed = sealPrivateKey(first, SECRET);
    const second = cachedPrivateKey('cache-rotated', resealed, SECRET);
    expect(second).not.toBe(first);
    expect(cachedPrivateKey('cache-rotated', resealed, SECRET)).toBe(second);
  });

  it('fails, and caches nothing, on the wrong secret', () => {
    expect(() => cachedPrivateKey('cache-wrong', stored.sealedPrivateKey, OTHER_SECRET)).toThrow(KeyUnsealError);
    expect(() => cachedPrivateKey('cache-wrong', stored.sealedPrivateKey, OTHER_SECRET)).toThrow(KeyUnsealError);
  });

  it('during a rotation opens a key under the current secret or the previous one, and nothing else', () => {
    const underNew = sealPrivateKey(unsealPrivateKey(stored.sealedPrivateKey, SECRET), OTHER_SECRET);
    const secrets = [OTHER_SECRET, SECRET];
    expect(pkcs8(underNew, OTHER_SECRET)).toEqual(pkcs8(stored.sealedPrivateKey));
    expect(cachedPrivateKey('rotation-old', stored.sealedPrivateKey, secrets).export({ type: 'pkcs8', format: 'der' })).toEqual(pkcs8(stored.sealedPrivateKey));
    expect(cachedPrivateKey('rotation-new', underNew, secrets).export({ type: 'pkcs8', format: 'der' })).toEqual(pkcs8(stored.sealedPrivateKey));
    // An unset previous secret is skipped; a key under neither secret is refused.
    expect(() => cachedPrivateKey('rotation-unset', stored.sealedPrivateKey, [OTHER_SECRET, undefined])).toThrow(KeyUnsealError);
    expect(() => cachedPrivateKey('rotation-neither', stored.sealedPrivateKey, [OTHER_SECRET, 'a-third-survey-key-secret-of-40-characters'])).toThrow(KeyUnsealError);
  });

  it('is bounded: the least recently used key is dropped', () => {
    const oldest = cachedPrivateKey('cache-oldest', stored.sealedPrivateKey, SECRET);
    const kept = cachedPrivateKey('cache-kept', stored.sealedPrivateKey, SECRET);
    for (let i = 0; i < 255; i++) {
      cachedPrivateKey(`cache-filler-${i}`, stored.sealedPrivateKey, SECRET);
      if (i % 50 === 0) cachedPrivateKey('cache-kept', stored.sealedPrivateKey, SECRET);
    }
    expect(cachedPrivateKey('cache-kept', stored.sealedPrivateKey, SECRET)).toBe(kept);
    expect(cachedPrivateKey('cache-oldest', stored.sealedPrivateKey, SECRET)).not.toBe(oldest);
  });
});
