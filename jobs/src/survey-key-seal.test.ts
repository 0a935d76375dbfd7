import { describe, expect, it } from 'vitest';
import { generateSurveyKey, sealedUnder } from './survey-key-seal.ts';

describe('sealedUnder', () => {
  it('tells a key sealed under this secret from one under another, or a damaged one', async () => {
    const secret = 'a-secret-of-at-least-thirty-two-characters';
    const { sealedPrivateKey } = await generateSurveyKey(secret);
    expect(sealedUnder(sealedPrivateKey, secret)).toBe(true);
    expect(sealedUnder(sealedPrivateKey, 'another-secret-of-at-least-thirty-two-chars')).toBe(false);
    expect(sealedUnder(`${sealedPrivateKey.slice(0, -4)}AAAA`, secret)).toBe(false);
    expect(sealedUnder('v0.abc', secret)).toBe(false);
  });
});
