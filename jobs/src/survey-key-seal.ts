/**
 * Survey signing keys: RSA-2048 pairs for RSABSSA-SHA384-PSS-Randomized, the public half
 * published as SPKI DER, the private half sealed with AES-256-GCM under a key derived from
 * SURVEY_KEY_SECRET, so that a copy of the database alone cannot mint tokens. Making and sealing
 * a key is here, shared by the API and by a worker given the secret (docs/waves.md); opening a
 * sealed key and signing are the API's alone (api/src/domain/blind-signatures/keys.ts).
 */
import { createCipheriv, createDecipheriv, createPublicKey, generateKeyPair, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

/** Modulus size of every survey key; RFC 9474 §6 asks for at least 2048 bits. */
export const MODULUS_BITS = 2048;
/** Shortest accepted SURVEY_KEY_SECRET. */
export const MIN_SECRET_LENGTH = 32;

export const SEAL_VERSION = 'v1';
// Changing this string orphans every sealed key: it is part of the key derivation.
const HKDF_INFO = 'consilium survey private key sealing v1 (AES-256-GCM)';
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/** What a survey key row stores: both strings are safe to keep in the database. */
export interface StoredSurveyKey {
  /** SPKI DER, base64url: what `Survey.tokenKeys` and `receiptKey` publish. */
  publicKey: string;
  /** `v1.` + base64url(iv ‖ tag ‖ ciphertext) of the PKCS#8 DER private key. */
  sealedPrivateKey: string;
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
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64url');
}

/** The AES-256-GCM key that seals and opens survey private keys (HKDF of SURVEY_KEY_SECRET). */
export function keyEncryptionKey(secret: string): Buffer {
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
  return `${SEAL_VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}


/**
 * Whether `sealed` opens under `secret` (a sealed key of the current format, authenticated by
 * AES-GCM): how a worker given SURVEY_KEY_SECRET checks that it is the API's before sealing keys
 * under it that the API could not open.
 */
export function sealedUnder(sealed: string, secret: string): boolean {
  const [version, body] = sealed.split('.');
  if (version !== SEAL_VERSION || !body) return false;
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) return false;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyEncryptionKey(secret), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(SEAL_VERSION));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES));
    decipher.final();
    return true;
  } catch {
    return false;
  }
}
