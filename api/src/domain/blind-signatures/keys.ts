/**
 * Survey signing keys: RSA-2048 pairs for RSABSSA-SHA384-PSS-Randomized, the public half
 * published as SPKI DER, the private half sealed with AES-256-GCM under a key derived from
 * SURVEY_KEY_SECRET, so that a copy of the database alone cannot mint tokens.
 */
import { createDecipheriv, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { IV_BYTES, SEAL_VERSION, TAG_BYTES, keyEncryptionKey } from '@consilium/jobs/survey-key-seal';
import { LRUCache } from 'lru-cache';
import { Base64urlError, fromBase64url } from './base64url.ts';

export { MIN_SECRET_LENGTH, MODULUS_BITS, exportPublicKey, generateSurveyKey, sealPrivateKey, type StoredSurveyKey } from '@consilium/jobs/survey-key-seal';

const CACHE_LIMIT = 256;

/** A sealed key that cannot be opened: wrong secret, corrupted or not a sealed key at all. */
export class KeyUnsealError extends Error {
  override readonly name = 'KeyUnsealError';
}

/** Reads an SPKI DER base64url public key; throws if it is not an RSA public key. */
export function importPublicKey(spki: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(fromBase64url(spki)), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'rsa') throw new Error('Not an RSA public key.');
  return key;
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
