/**
 * The server side of RFC 9474 RSABSSA-SHA384-PSS-Randomized: BlindSign (§4.3) with OpenSSL's
 * CRT private-key operation, and Verify (§4.5) as plain RSASSA-PSS.
 */
import { constants, createPublicKey, privateDecrypt, publicEncrypt, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { Base64urlError, fromBase64url, toBase64url } from './base64url.ts';
import { privateOperation, signingOffThread } from './threads.ts';

/** SHA-384's output length, the PSS salt length of the PSS (not PSSZERO) variants. */
const SALT_LENGTH = 48;

export type BlindSignFailure = 'malformed' | 'wrong_length' | 'out_of_range' | 'signing_failure';

/**
 * A blind signature that was refused. `malformed`, `wrong_length` and `out_of_range` are the
 * caller's fault (bad input); `signing_failure` means the computation itself went wrong.
 */
export class BlindSignError extends Error {
  override readonly name = 'BlindSignError';
  constructor(
    readonly reason: BlindSignFailure,
    message: string,
  ) {
    super(message);
  }
}

/** What every signature needs from a private key, worked out once per KeyObject. */
interface SigningKey {
  publicKey: KeyObject;
  modulus: Buffer;
}

const signingKeys = new WeakMap<KeyObject, SigningKey>();

function signingKey(privateKey: KeyObject): SigningKey {
  let known = signingKeys.get(privateKey);
  if (!known) {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
      throw new TypeError('blindSign needs an RSA private key.');
    }
    const publicKey = createPublicKey(privateKey);
    const n = publicKey.export({ format: 'jwk' }).n;
    if (!n) throw new TypeError('RSA public key without a modulus.');
    known = { publicKey, modulus: Buffer.from(n, 'base64url') };
    signingKeys.set(privateKey, known);
  }
  return known;
}

/** Length of the modulus in bytes (kLen of RFC 9474). */
function modulusBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new TypeError('Not an RSA key.');
  return Math.ceil(bits / 8);
}

/**
 * RFC 9474 §4.3 BlindSign: s = m^d mod n for a blinded message m of exactly kLen bytes with
 * m < n, checked as s^e mod n = m before it is returned, and left-padded to kLen bytes.
 * Throws {@link BlindSignError}.
 */
export function blindSign(privateKey: KeyObject, blindedMessage: Uint8Array): Uint8Array {
  const { publicKey, modulus } = checkBlindedMessage(privateKey, blindedMessage);
  const m = Buffer.from(blindedMessage.buffer, blindedMessage.byteOffset, blindedMessage.length);
  const s = leftPad(privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, m), modulus.length);
  checkBlindSignature(publicKey, m, s);
  return s;
}

/**
 * RFC 9474 §4.3 steps 3–4: throws unless s^e mod n = m. A fault in the CRT computation
 * (a glitch, a bad bit flip) would otherwise hand out a value from which n can be factored.
 */
export function checkBlindSignature(publicKey: KeyObject, blindedMessage: Uint8Array, s: Uint8Array): void {
  const kLen = modulusBytes(publicKey);
  let recovered: Buffer | undefined;
  if (s.length === kLen) {
    try {
      recovered = leftPad(publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, s), kLen);
    } catch {
      // s ≥ n: no valid signature.
    }
  }
  if (!recovered || blindedMessage.length !== kLen || !timingSafeEqual(recovered, blindedMessage)) {
    throw new BlindSignError('signing_failure', 'The blind signature failed its own verification.');
  }
}

/** What {@link blindSign} refuses of its input (a {@link BlindSignError}), without signing. */
function checkBlindedMessage(privateKey: KeyObject, blindedMessage: Uint8Array): SigningKey {
  const known = signingKey(privateKey);
  if (blindedMessage.length !== known.modulus.length) {
    throw new BlindSignError('wrong_length', `The blinded message must be ${known.modulus.length} bytes.`);
  }
  // Equal lengths, big-endian: byte order is numeric order.
  if (Buffer.compare(blindedMessage, known.modulus) >= 0) {
    throw new BlindSignError('out_of_range', 'The blinded message is not smaller than the modulus.');
  }
  return known;
}

/** {@link checkBlindedMessage} on base64url: whether {@link blindSignBase64url} would take the input. */
export function checkBlindedMessageBase64url(privateKey: KeyObject, blindedMessage: string): void {
  checkBlindedMessage(privateKey, decodeBlinded(blindedMessage));
}

function decodeBlinded(blindedMessage: string): Uint8Array {
  try {
    return fromBase64url(blindedMessage);
  } catch (error) {
    if (error instanceof Base64urlError) throw new BlindSignError('malformed', 'The blinded message is not base64url.');
    throw error;
  }
}

/** {@link blindSign} on base64url strings, as `issueSurveyToken` receives and returns them. */
export function blindSignBase64url(privateKey: KeyObject, blindedMessage: string): string {
  return toBase64url(blindSign(privateKey, decodeBlinded(blindedMessage)));
}

/**
 * {@link blindSignBase64url} with s = m^d mod n computed on a signing thread (threads.ts), when
 * they run: the same checks before and after it, here, on the event loop.
 */
export async function blindSignBase64urlOffThread(privateKey: KeyObject, blindedMessage: string): Promise<string> {
  if (!signingOffThread()) return blindSignBase64url(privateKey, blindedMessage);
  const m = decodeBlinded(blindedMessage);
  const { publicKey, modulus } = checkBlindedMessage(privateKey, m);
  try {
    const s = leftPad(await privateOperation(privateKey, m), modulus.length);
    checkBlindSignature(publicKey, m, s);
    return toBase64url(s);
  } catch {
    // A thread that died or failed, or a value that fails its check: the event loop signs instead
    // (and checks again), so that a recorded answer still gets its receipt and a token its signature.
    fallbacks++;
    return toBase64url(blindSign(privateKey, m));
  }
}

let fallbacks = 0;

/** How many signatures the event loop made because their signing thread failed (the metric `consilium_signing_thread_fallbacks`). */
export function signingFallbacks(): number {
  return fallbacks;
}

/**
 * RFC 9474 §4.5 Verify for RSABSSA-SHA384-PSS-Randomized: RSASSA-PSS with SHA-384,
 * MGF1-SHA-384 and a 48-byte salt over the prepared message (its 32-byte random prefix included).
 */
export function verifyToken(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== modulusBytes(publicKey)) return false;
  try {
    return verify('sha384', message, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: SALT_LENGTH }, signature);
  } catch {
    return false;
  }
}

/** {@link verifyToken} on a `TokenInput`'s base64url strings; malformed input is simply invalid. */
export function verifyTokenBase64url(publicKey: KeyObject, token: { message: string; signature: string }): boolean {
  try {
    return verifyToken(publicKey, fromBase64url(token.message), fromBase64url(token.signature));
  } catch (error) {
    if (error instanceof Base64urlError) return false;
    throw error;
  }
}

function leftPad(bytes: Buffer, length: number): Buffer {
  if (bytes.length === length) return bytes;
  if (bytes.length > length) throw new BlindSignError('signing_failure', 'RSA output longer than the modulus.');
  return Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}
