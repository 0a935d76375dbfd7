/**
 * Survey signing keys: RSA-2048 pairs for RSABSSA-SHA384-PSS-Randomized, the public half
 * published as SPKI DER, the private half sealed with AES-256-GCM under a key derived from
 * SURVEY_KEY_SECRET, so that a copy of the database alone cannot mint tokens.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPair, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { LRUCache } from 'lru-cache';
import { Base64urlError, fromBase64url, toBase64url } from './base64url.ts';

/** Modulus size of every survey key; RFC 9474 §6 asks for at least 2048 bits. */
export const MODULUS_BITS = 2048;
/** Shortest accepted SURVEY_KEY_SECRET. */
export const MIN_SECRET_LENGTH = 32;

const SEAL_VERSION = 'v1';
// Changing this string orphans every sealed key: it is part of the key derivation.
const HKDF_INFO = 'consilium survey private key sealing v1 (AES-256-GCM)';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CACHE_LIMIT = 256;

/** What a survey key row stores: both strings are safe to keep in the database. */
export interface StoredSurveyKey {
  /** SPKI DER, base64url: what `Survey.tokenKeys` and `receiptKey` publish. */
  publicKey: string;
  /** `v1.` + base64url(iv ‖ tag ‖ ciphertext) of the PKCS#8 DER private key. */
  sealedPrivateKey: string;
}

/** A sealed key that cannot be opened: wrong secret, corrupted or not a sealed key at all. */
export class KeyUnsealError extends Error {
  override readonly name = 'KeyUnsealError';
}

const generate = promisify(generateKeyPair);

/** A fresh RSA-2048 pair (e = 65537) with its private key sealed under `secret`. */
export async function generateSurveyKey(secret: string): Promise<StoredSurveyKey> {
  const { publicKey, privateKey } = await generate('rsa', { modulusLength: MODULUS_BITS, publicExponent: 0x10001 });
  return { publicKey: exportPublicKey(publicKey), sealedPrivateKey: sealPrivateKey(privateKey, secret) };
}

/** SPKI DER, base64url without padding. */
export function exportPublicKey(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return toBase64url(publicKey.export({ type: 'spki', format: 'der' }));
}

/** Reads an SPKI DER base64url public key; throws if it is not an RSA public key. */
export function importPublicKey(spki: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(fromBase64url(spki)), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'rsa') throw new Error('Not an RSA public key.');
  return key;
}

function keyEncryptionKey(secret: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`SURVEY_KEY_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  }
  return Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), HKDF_INFO, 32));
}

/** Seals a private key (PKCS#8 DER) with AES-256-GCM under a key derived from `secret`. */
export function sealPrivateKey(privateKey: KeyObject, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyEncryptionKey(secret), iv);
  cipher.setAAD(Buffer.from(SEAL_VERSION));
  const ciphertext = Buffer.concat([cipher.update(privateKey.export({ type: 'pkcs8', format: 'der' })), cipher.final()]);
  return `${SEAL_VERSION}.${toBase64url(Buffer.concat([iv, cipher.getAuthTag(), ciphertext]))}`;
}

/** Opens a sealed private key; throws {@link KeyUnsealError} for a wrong secret or damaged data. */
export function unsealPrivateKey(sealed: string, secret: string): KeyObject {
  const kek = keyEncryptionKey(secret);
  const [version, body, ...rest] = sealed.split('.');
  if (version !== SEAL_VERSION || body === undefined || rest.length > 0) {
    throw new KeyUnsealError(`Not a sealed survey key (expected the "${SEAL_VERSION}." format).`);
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.from(fromBase64url(body));
  } catch (error) {
    if (error instanceof Base64urlError) throw new KeyUnsealError('Sealed survey key is not valid base64url.');
    throw error;
  }
  if (bytes.length <= IV_BYTES + TAG_BYTES) throw new KeyUnsealError('Sealed survey key is truncated.');
  const decipher = createDecipheriv('aes-256-gcm', kek, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(SEAL_VERSION));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  let der: Buffer;
  try {
    der = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new KeyUnsealError('Cannot unseal the survey private key: SURVEY_KEY_SECRET is wrong or the data is corrupted.');
  }
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/**
 * {@link unsealPrivateKey} under the first of `secrets` that opens it: the current
 * SURVEY_KEY_SECRET, then during a rotation SURVEY_KEY_SECRET_PREVIOUS, so that API processes
 * keep signing while `secrets:reseal-survey-keys` moves every key to the new secret.
 */
export function unsealWithAny(sealed: string, secrets: ReadonlyArray<string | undefined>): KeyObject {
  const usable = secrets.filter((secret): secret is string => secret !== undefined);
  for (const [i, secret] of usable.entries()) {
    try {
      return unsealPrivateKey(sealed, secret);
    } catch (error) {
      if (!(error instanceof KeyUnsealError) || i === usable.length - 1) throw error;
    }
  }
  throw new KeyUnsealError('No SURVEY_KEY_SECRET to unseal with.');
}

const unsealed = new LRUCache<string, { sealed: string; key: KeyObject }>({ max: CACHE_LIMIT });

/**
 * {@link unsealPrivateKey} behind a small LRU cache keyed by the key's id, so that issuing a
 * token does not run HKDF and AES-GCM each time. A different sealed value under the same id
 * (a rotated key, or a key re-sealed under a new secret) is unsealed afresh.
 */
export function cachedPrivateKey(id: string, sealed: string, secrets: string | ReadonlyArray<string | undefined>): KeyObject {
  const hit = unsealed.get(id);
  if (hit && hit.sealed === sealed) return hit.key;
  const key = unsealWithAny(sealed, typeof secrets === 'string' ? [secrets] : secrets);
  unsealed.set(id, { sealed, key });
  return key;
}
