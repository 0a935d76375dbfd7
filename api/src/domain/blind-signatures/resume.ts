/**
 * Resuming a survey on another device (docs/threat-model.md, "Resuming a survey"). Before asking
 * for its token, the physician's browser draws a resume code (100 random bits, 20 Crockford
 * base32 characters) and seals, under a key derived from it, what finalizing the token needs:
 * the prepared message, the unblinding secret and the key label. The sealed copy goes with the
 * blinded message to `issueSurveyToken` and is stored beside the blind signature. On another
 * device, the code opens the copy and finalizes the same token; without the code the copy is
 * AES-256-GCM ciphertext of one fixed length. The code never leaves the physician's browsers.
 *
 * WebCrypto only (`globalThis.crypto`): it runs unchanged in the browser and in Node 20, and must
 * not import anything from `node:` — the web app imports this file directly.
 */
import { finalizeToken, type Token } from './client.ts';
import { fromBase64url, toBase64url } from './base64url.ts';

/** Crockford's base32: no I, L, O or U, so that a code read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters of a code: 20 × 5 bits = 100 bits, beyond any offline search of a stolen copy. */
export const RESUME_CODE_LENGTH = 20;
/** Every sealed copy has this many bytes of plaintext, so that copies do not differ in length. */
const PLAINTEXT_BYTES = 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The length of every sealed copy, in bytes. */
export const SEALED_COPY_BYTES = IV_BYTES + PLAINTEXT_BYTES + TAG_BYTES;
const INFO = new TextEncoder().encode('consilium/survey-resume/v1');

/** What the sealed copy holds: enough to finalize the token with the stored blind signature. */
export interface ResumeSecret {
  /** The key label the token was asked for (`mySegment` then). */
  segment: string;
  /** The prepared message, base64url: `TokenInput.message`. */
  message: string;
  /** The unblinding secret, base64url. */
  inverse: string;
}

/** A fresh resume code: 20 characters of Crockford base32 from the platform's cryptographic generator. */
export function generateResumeCode(): string {
  // 32 symbols: the low five bits of a uniform byte are uniform.
  return Array.from(crypto.getRandomValues(new Uint8Array(RESUME_CODE_LENGTH)), (b) => ALPHABET[b & 31]).join('');
}

/** The code as shown: five groups of four, e.g. `7KQ2-M9XD-0R4T-HV8B-E1CZ`. */
export function formatResumeCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/**
 * The code as typed, made canonical: case, spaces and dashes ignored, O read as 0 and I, L as 1
 * (Crockford's rule); null when what remains is not a code.
 */
export function normalizeResumeCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== RESUME_CODE_LENGTH) return null;
  for (const c of code) if (!ALPHABET.includes(c)) return null;
  return code;
}

/** AES-256-GCM key of (code, survey): HKDF-SHA-256, salted with the survey so a code opens one survey's copy. */
async function sealingKey(code: string, surveyId: string, usage: 'encrypt' | 'decrypt') {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(code), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode(surveyId), info: INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/** Seals `secret` under `code` for `surveyId`: `issueSurveyToken(resumeCopy:)`, base64url. */
export async function sealResume(code: string, surveyId: string, secret: ResumeSecret): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, ...secret }));
  if (json.length > PLAINTEXT_BYTES) throw new Error('The resume secret is too long to seal.');
  // Padded with spaces, which JSON.parse ignores: every copy has the same length.
  const plaintext = new Uint8Array(PLAINTEXT_BYTES).fill(0x20);
  plaintext.set(json);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await sealingKey(code, surveyId, 'encrypt');
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(surveyId) }, key, plaintext));
  const sealed = new Uint8Array(IV_BYTES + ciphertext.length);
  sealed.set(iv);
  sealed.set(ciphertext, IV_BYTES);
  return toBase64url(sealed);
}

/** Opens a sealed copy with `code`; null when the code (or the survey) is not the one it was sealed for. */
export async function openResume(code: string, surveyId: string, sealedCopy: string): Promise<ResumeSecret | null> {
  let plaintext: ArrayBuffer;
  try {
    const sealed = fromBase64url(sealedCopy);
    const key = await sealingKey(code, surveyId, 'decrypt');
    plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.slice(0, IV_BYTES), additionalData: new TextEncoder().encode(surveyId) },
      key,
      sealed.slice(IV_BYTES),
    );
  } catch {
    return null;
  }
  const value: unknown = JSON.parse(new TextDecoder().decode(plaintext));
  if (typeof value !== 'object' || value === null) return null;
  const { segment, message, inverse } = value as Record<string, unknown>;
  if (typeof segment !== 'string' || typeof message !== 'string' || typeof inverse !== 'string') return null;
  return { segment, message, inverse };
}

/**
 * The token again, from an opened copy and the blind signature stored with it. Finalizing checks
 * the signature against the segment's published key, as at the first opening; throws if it fails.
 */
export function resumeToken(publicKey: string, secret: ResumeSecret, blindSignature: string): Promise<Token> {
  return finalizeToken(publicKey, { message: secret.message, inverse: secret.inverse, blindedMessage: '' }, blindSignature);
}
