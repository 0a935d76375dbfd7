import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64url } from './base64url.ts';
import { prepareAndBlind } from './client.ts';
import { cachedPrivateKey, generateSurveyKey, importPublicKey, type StoredSurveyKey } from './keys.ts';
import {
  formatResumeCode,
  generateResumeCode,
  normalizeResumeCode,
  openResume,
  RESUME_CODE_LENGTH,
  resumeToken,
  SEALED_COPY_BYTES,
  sealResume,
} from './resume.ts';
import { blindSignBase64url, verifyTokenBase64url } from './signer.ts';

const SECRET = 'a-test-survey-key-secret-of-40-characters';
const SURVEY = '0b5c1c9e-6a53-4d7e-9a43-3f3c8f1d2a10';
const OTHER_SURVEY = '6f1d0c7a-2b8e-4f39-8d5c-1a2b3c4d5e6f';

let key: StoredSurveyKey;
beforeAll(async () => {
  key = await generateSurveyKey(SECRET);
});

describe('resume codes', () => {
  it('are 20 Crockford base32 characters, different every time, shown in five groups of four', () => {
    const codes = new Set(Array.from({ length: 200 }, generateResumeCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{20}$/);
    // Every symbol turns up: the code draws on all 32, so it carries 100 bits.
    expect(new Set([...codes].join('')).size).toBe(32);
    expect(formatResumeCode('7KQ2M9XD0R4THV8BE1CZ')).toBe('7KQ2-M9XD-0R4T-HV8B-E1CZ');
  });

  it('are read back as typed: any case, spaces or dashes, O for 0 and I or L for 1', () => {
    expect(normalizeResumeCode('7kq2-m9xd-0r4t-hv8b-e1cz')).toBe('7KQ2M9XD0R4THV8BE1CZ');
    expect(normalizeResumeCode(' 7KQ2 M9XD OR4T HV8B EICZ ')).toBe('7KQ2M9XD0R4THV8BE1CZ');
    expect(normalizeResumeCode('7KQ2-M9XD-0R4T-HV8B-ELCZ')).toBe('7KQ2M9XD0R4THV8BE1CZ');
    expect(normalizeResumeCode('7KQ2-M9XD-0R4T-HV8B-E1C')).toBeNull();
    expect(normalizeResumeCode('7KQ2-M9XD-0R4T-HV8B-E1CZZ')).toBeNull();
    expect(normalizeResumeCode('7KQ2-M9XD-0R4T-HV8B-E1CU')).toBeNull();
    expect(normalizeResumeCode('')).toBeNull();
    expect(RESUME_CODE_LENGTH).toBe(20);
  });
});

describe('sealed copies', () => {
  const secret = { segment: 'cardiology|FR|0-9', message: 'bWVzc2FnZQ', inverse: 'aW52ZXJzZQ' };

  it('open with their code and survey only', async () => {
    const code = generateResumeCode();
    const sealed = await sealResume(code, SURVEY, secret);
    expect(await openResume(code, SURVEY, sealed)).toEqual(secret);
    expect(await openResume(generateResumeCode(), SURVEY, sealed)).toBeNull();
    expect(await openResume(code, OTHER_SURVEY, sealed)).toBeNull();
    expect(await openResume(code, SURVEY, 'not base64url!')).toBeNull();
    // One changed byte of the ciphertext: GCM's tag refuses it.
    const bytes = fromBase64url(sealed);
    bytes[40]! ^= 1;
    expect(await openResume(code, SURVEY, Buffer.from(bytes).toString('base64url'))).toBeNull();
  });

  it('all have one length, whatever the label, and show none of what they hold', async () => {
    const code = generateResumeCode();
    const short = await sealResume(code, SURVEY, { ...secret, segment: '*|*|*' });
    const long = await sealResume(code, SURVEY, { ...secret, segment: 'general-practice|BE|30+' });
    expect(fromBase64url(short)).toHaveLength(SEALED_COPY_BYTES);
    expect(fromBase64url(long)).toHaveLength(SEALED_COPY_BYTES);
    // The same secret sealed twice under the same code gives two unrelated copies (fresh IV).
    const again = await sealResume(code, SURVEY, { ...secret, segment: '*|*|*' });
    expect(again).not.toBe(short);
    const raw = Buffer.from(fromBase64url(long)).toString('latin1');
    for (const part of ['general-practice', secret.message, secret.inverse]) expect(raw).not.toContain(part);
  });

  it('give back, on another device, the very token the first one would have finalized', async () => {
    const blinded = await prepareAndBlind(key.publicKey);
    const code = generateResumeCode();
    const sealed = await sealResume(code, SURVEY, { segment: '*|*|*', message: blinded.message, inverse: blinded.inverse });
    // The server signs the blinded message and keeps the blind signature beside the copy.
    const blindSignature = blindSignBase64url(cachedPrivateKey('resume-test', key.sealedPrivateKey, SECRET), blinded.blindedMessage);
    const opened = await openResume(normalizeResumeCode(formatResumeCode(code).toLowerCase())!, SURVEY, sealed);
    const token = await resumeToken(key.publicKey, opened!, blindSignature);
    expect(token.message).toBe(blinded.message);
    expect(verifyTokenBase64url(importPublicKey(key.publicKey), token)).toBe(true);
    // A blind signature of another message does not finalize into a token.
    const other = await prepareAndBlind(key.publicKey);
    const wrong = blindSignBase64url(cachedPrivateKey('resume-test', key.sealedPrivateKey, SECRET), other.blindedMessage);
    await expect(resumeToken(key.publicKey, opened!, wrong)).rejects.toThrow();
  });
});
