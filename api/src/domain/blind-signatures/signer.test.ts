import { RSABSSA } from '@cloudflare/blindrsa-ts';
import type { KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url.ts';
import { blindMessage, finalizeToken, importSuitePublicKey, prepareAndBlind, prepareMessage, type Token } from './client.ts';
import { cachedPrivateKey, generateSurveyKey, importPublicKey, type StoredSurveyKey } from './keys.ts';
import { BlindSignError, blindSign, blindSignBase64url, checkBlindSignature, verifyToken, verifyTokenBase64url } from './signer.ts';

const SECRET = 'a-test-survey-key-secret-of-40-characters';
const library = RSABSSA.SHA384.PSS.Randomized();

interface TestKey {
  stored: StoredSurveyKey;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

let key: TestKey;
let otherKey: TestKey;

async function makeKey(id: string): Promise<TestKey> {
  const stored = await generateSurveyKey(SECRET);
  return { stored, privateKey: cachedPrivateKey(id, stored.sealedPrivateKey, SECRET), publicKey: importPublicKey(stored.publicKey) };
}

/** The same private key as the library's signer wants it: a WebCrypto RSA-PSS SHA-384 key. */
function libraryPrivateKey(privateKey: KeyObject): Promise<CryptoKey> {
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  return crypto.subtle.importKey('pkcs8', der, { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['sign']);
}

async function issue(k: TestKey): Promise<Token> {
  const blinded = await prepareAndBlind(k.stored.publicKey);
  return finalizeToken(k.stored.publicKey, blinded, blindSignBase64url(k.privateKey, blinded.blindedMessage));
}

async function libraryVerifies(k: TestKey, token: Token): Promise<boolean> {
  const publicKey = await importSuitePublicKey(k.stored.publicKey);
  return library.verify(publicKey, fromBase64url(token.signature), fromBase64url(token.message));
}

function flipBit(text: string, index: number): string {
  const bytes = fromBase64url(text);
  bytes[index]! ^= 0x01;
  return toBase64url(bytes);
}

beforeAll(async () => {
  [key, otherKey] = await Promise.all([makeKey('signer-test-1'), makeKey('signer-test-2')]);
});

describe('a token round trip', () => {
  it('is accepted by our verify and by the library', async () => {
    const token = await issue(key);
    expect(fromBase64url(token.message)).toHaveLength(64);
    expect(fromBase64url(token.signature)).toHaveLength(256);
    expect(verifyTokenBase64url(key.publicKey, token)).toBe(true);
    expect(await libraryVerifies(key, token)).toBe(true);
  });

  it('gives a different message and signature every time', async () => {
    const [a, b] = await Promise.all([issue(key), issue(key)]);
    expect(a.message).not.toBe(b.message);
    expect(a.signature).not.toBe(b.signature);
  });
});

describe('interoperability with the library signer', () => {
  it('signs exactly as the library does (RSA signing is deterministic)', async () => {
    const blinded = fromBase64url((await prepareAndBlind(key.stored.publicKey)).blindedMessage);
    const theirs = await library.blindSign(await libraryPrivateKey(key.privateKey), blinded);
    expect(toBase64url(blindSign(key.privateKey, blinded))).toBe(toBase64url(theirs));
  });

  it('verifies a token the library signed and finalized', async () => {
    const publicKey = await importSuitePublicKey(key.stored.publicKey);
    const message = library.prepare(crypto.getRandomValues(new Uint8Array(32)));
    const { blindedMsg, inv } = await library.blind(publicKey, message);
    const blindSig = await library.blindSign(await libraryPrivateKey(key.privateKey), blindedMsg);
    const signature = await library.finalize(publicKey, message, blindSig, inv);
    expect(verifyToken(key.publicKey, message, signature)).toBe(true);
  });

  it('lets the library finalize and verify what we signed', async () => {
    const publicKey = await importSuitePublicKey(key.stored.publicKey);
    const message = library.prepare(new TextEncoder().encode('interop'));
    const { blindedMsg, inv } = await library.blind(publicKey, message);
    const signature = await library.finalize(publicKey, message, blindSign(key.privateKey, blindedMsg), inv);
    expect(await library.verify(publicKey, signature, message)).toBe(true);
    expect(verifyToken(key.publicKey, message, signature)).toBe(true);
  });
});

describe('blindSign refuses', () => {
  const refusal = (reason: string) => expect.objectContaining({ name: 'BlindSignError', reason });

  it('a blinded message equal to the modulus, or above it', () => {
    const n = Buffer.from(key.publicKey.export({ format: 'jwk' }).n!, 'base64url');
    expect(() => blindSign(key.privateKey, n)).toThrow(refusal('out_of_range'));
    expect(() => blindSign(key.privateKey, new Uint8Array(256).fill(0xff))).toThrow(refusal('out_of_range'));
    const justBelow = Buffer.from(n);
    justBelow[255]! -= 1;
    expect(blindSign(key.privateKey, justBelow)).toHaveLength(256);
  });

  it.each([0, 1, 255, 257, 512])('a blinded message of %i bytes', (length) => {
    expect(() => blindSign(key.privateKey, new Uint8Array(length).fill(1))).toThrow(refusal('wrong_length'));
  });

  it('a blinded message that is not base64url', () => {
    expect(() => blindSignBase64url(key.privateKey, 'not base64url!')).toThrow(refusal('malformed'));
  });

  it('with a typed error', () => {
    expect(() => blindSign(key.privateKey, new Uint8Array(3))).toThrow(BlindSignError);
  });
});

describe('the fault check', () => {
  it('accepts the true s and refuses a corrupted one', async () => {
    const m = fromBase64url((await prepareAndBlind(key.stored.publicKey)).blindedMessage);
    const s = blindSign(key.privateKey, m);
    expect(() => checkBlindSignature(key.publicKey, m, s)).not.toThrow();
    const corrupted = Uint8Array.from(s);
    corrupted[100]! ^= 0x04;
    expect(() => checkBlindSignature(key.publicKey, m, corrupted)).toThrow(BlindSignError);
    expect(() => checkBlindSignature(key.publicKey, m, corrupted)).toThrow(/failed its own verification/);
  });

  it('refuses an s of the wrong length or not below n', () => {
    const m = new Uint8Array(256).fill(1);
    expect(() => checkBlindSignature(key.publicKey, m, new Uint8Array(255))).toThrow(BlindSignError);
    expect(() => checkBlindSignature(key.publicKey, m, new Uint8Array(256).fill(0xff))).toThrow(BlindSignError);
  });

  it('refuses the s of another key', async () => {
    const m = fromBase64url((await prepareAndBlind(key.stored.publicKey)).blindedMessage);
    m[0] = 0; // below both moduli
    expect(() => checkBlindSignature(key.publicKey, m, blindSign(otherKey.privateKey, m))).toThrow(BlindSignError);
  });
});

describe('verifyToken refuses', () => {
  let token: Token;
  beforeAll(async () => {
    token = await issue(key);
  });

  it.each([0, 31, 32, 63])('a message with byte %i altered', (index) => {
    expect(verifyTokenBase64url(key.publicKey, { ...token, message: flipBit(token.message, index) })).toBe(false);
  });

  it.each([0, 128, 255])('a signature with byte %i altered', (index) => {
    expect(verifyTokenBase64url(key.publicKey, { ...token, signature: flipBit(token.signature, index) })).toBe(false);
  });

  it('a message with a byte added or removed', () => {
    const message = fromBase64url(token.message);
    const signature = fromBase64url(token.signature);
    expect(verifyToken(key.publicKey, message.subarray(1), signature)).toBe(false);
    expect(verifyToken(key.publicKey, Uint8Array.from([...message, 0]), signature)).toBe(false);
  });

  it('a signature that is truncated, padded, empty or all ones', () => {
    const message = fromBase64url(token.message);
    const signature = fromBase64url(token.signature);
    expect(verifyToken(key.publicKey, message, signature.subarray(1))).toBe(false);
    expect(verifyToken(key.publicKey, message, Uint8Array.from([0, ...signature]))).toBe(false);
    expect(verifyToken(key.publicKey, message, new Uint8Array(0))).toBe(false);
    expect(verifyToken(key.publicKey, message, new Uint8Array(256).fill(0xff))).toBe(false);
  });

  it('a token in a non-canonical or broken encoding', () => {
    expect(verifyTokenBase64url(key.publicKey, { ...token, message: `${token.message}=` })).toBe(false);
    expect(verifyTokenBase64url(key.publicKey, { ...token, signature: token.signature.slice(1) })).toBe(false);
  });

  it('a token signed with another key, and the library agrees', async () => {
    const foreign = await issue(otherKey);
    expect(verifyTokenBase64url(otherKey.publicKey, foreign)).toBe(true);
    expect(verifyTokenBase64url(key.publicKey, foreign)).toBe(false);
    expect(await libraryVerifies(key, foreign)).toBe(false);
  });

  it('a blind signature made with a key other than the published one, at finalize', async () => {
    const blinded = await blindMessage(key.stored.publicKey, prepareMessage());
    const m = fromBase64url(blinded.blindedMessage);
    m[0] = 0; // below both moduli, so the wrong key can sign it at all
    const wrong = toBase64url(blindSign(otherKey.privateKey, m));
    await expect(finalizeToken(key.stored.publicKey, blinded, wrong)).rejects.toThrow();
  });
});
