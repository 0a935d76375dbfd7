/**
 * The blind signature computed on a signing thread (threads.ts) is the event loop's, byte for
 * byte (RSA without padding is deterministic), finalizes into a token that verifies, is refused
 * for the same inputs, and keeps working when a thread dies (the event loop signs what it held) or
 * when the threads are turned off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizeToken, prepareAndBlind } from './client.ts';
import { cachedPrivateKey, generateSurveyKey, importPublicKey, type StoredSurveyKey } from './keys.ts';
import { BlindSignError, blindSignBase64url, blindSignBase64urlOffThread, signingFallbacks, verifyTokenBase64url } from './signer.ts';
import { privateOperation, setSigningThreads } from './threads.ts';
import type { KeyObject } from 'node:crypto';

const SECRET = 'a-test-survey-key-secret-of-40-characters';
let stored: StoredSurveyKey[];
let keys: KeyObject[];

beforeAll(async () => {
  stored = await Promise.all([generateSurveyKey(SECRET), generateSurveyKey(SECRET)]);
  keys = stored.map((s, i) => cachedPrivateKey(`threads-${i}`, s.sealedPrivateKey, SECRET));
  setSigningThreads(2);
});
afterAll(() => setSigningThreads(1));

describe('blind signatures on signing threads', () => {
  it('sign as the event loop does, for several keys at once, into tokens that verify', async () => {
    const blinded = await Promise.all(Array.from({ length: 12 }, (_, i) => prepareAndBlind(stored[i % 2]!.publicKey)));
    const offThread = await Promise.all(blinded.map((b, i) => blindSignBase64urlOffThread(keys[i % 2]!, b.blindedMessage)));
    offThread.forEach((signature, i) => expect(signature).toBe(blindSignBase64url(keys[i % 2]!, blinded[i]!.blindedMessage)));
    for (const [i, b] of blinded.entries()) {
      const token = await finalizeToken(stored[i % 2]!.publicKey, b, offThread[i]!);
      expect(verifyTokenBase64url(importPublicKey(stored[i % 2]!.publicKey), token)).toBe(true);
    }
  });

  it('refuses what the event loop refuses, before any thread works', async () => {
    await expect(blindSignBase64urlOffThread(keys[0]!, 'not base64url!')).rejects.toMatchObject({ reason: 'malformed' });
    await expect(blindSignBase64urlOffThread(keys[0]!, 'AAAA')).rejects.toBeInstanceOf(BlindSignError);
  });

  it('starts new threads after the old ones are gone, and signs on the event loop with none', async () => {
    const b = await prepareAndBlind(stored[0]!.publicKey);
    const expected = blindSignBase64url(keys[0]!, b.blindedMessage);
    setSigningThreads(1);
    expect(await blindSignBase64urlOffThread(keys[0]!, b.blindedMessage)).toBe(expected);
    setSigningThreads(0);
    expect(await blindSignBase64urlOffThread(keys[0]!, b.blindedMessage)).toBe(expected);
    setSigningThreads(1);
    // A failure on the thread (here a public key where the private one belongs) comes back as an error, and the thread goes on.
    await expect(privateOperation(importPublicKey(stored[1]!.publicKey), Buffer.alloc(256, 1))).rejects.toThrow(/RSA private-key operation failed/);
    expect(await blindSignBase64urlOffThread(keys[0]!, b.blindedMessage)).toBe(expected);
  });

  it('signs on the event loop when the thread holding a signature dies: the caller gets it all the same', async () => {
    const b = await Promise.all([prepareAndBlind(stored[0]!.publicKey), prepareAndBlind(stored[1]!.publicKey)]);
    setSigningThreads(1);
    await blindSignBase64urlOffThread(keys[0]!, b[0]!.blindedMessage); // the thread is up and holds the key
    const before = signingFallbacks();
    // Sent to the thread, which is then ended before it can answer (as a crash would end it).
    const pending = [blindSignBase64urlOffThread(keys[0]!, b[0]!.blindedMessage), blindSignBase64urlOffThread(keys[1]!, b[1]!.blindedMessage)];
    setSigningThreads(1);
    expect(await Promise.all(pending)).toEqual([blindSignBase64url(keys[0]!, b[0]!.blindedMessage), blindSignBase64url(keys[1]!, b[1]!.blindedMessage)]);
    expect(signingFallbacks() - before).toBe(2);
    // And the next signature goes to a new thread.
    expect(await blindSignBase64urlOffThread(keys[1]!, b[1]!.blindedMessage)).toBe(blindSignBase64url(keys[1]!, b[1]!.blindedMessage));
    expect(signingFallbacks() - before).toBe(2);
  });
});
