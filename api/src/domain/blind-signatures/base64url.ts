/**
 * Strict base64url without padding, for Node and the browser alike (no Buffer). Strict because a
 * token's bytes must have exactly one spelling: a lenient decoder would let the same spent token
 * pass again under a second encoding.
 */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** Thrown for a string that is not canonical unpadded base64url. */
export class Base64urlError extends Error {
  override readonly name = 'Base64urlError';
}

// Node's Buffer when there is one (the API: every answer and token decodes and encodes several of
// these, and atob/btoa with a loop over the bytes cost more CPU than the token's RSA verification);
// the portable code in the browser.
const NodeBuffer = (globalThis as { Buffer?: typeof import('node:buffer').Buffer }).Buffer;

/** Unpadded base64url of `bytes`. */
export function toBase64url(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of a canonical unpadded base64url string; throws {@link Base64urlError} otherwise. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!ALPHABET.test(text) || text.length % 4 === 1) throw new Base64urlError('Not unpadded base64url.');
  const bytes = NodeBuffer ? fromNode(NodeBuffer, text) : fromPortable(text);
  // Non-zero bits after the last whole byte would give the same bytes a second spelling.
  if (toBase64url(bytes) !== text) throw new Base64urlError('Not canonical base64url.');
  return bytes;
}

function fromNode(buffer: typeof import('node:buffer').Buffer, text: string): Uint8Array<ArrayBuffer> {
  const decoded = buffer.from(text, 'base64url');
  const bytes = new Uint8Array(decoded.byteLength);
  bytes.set(decoded);
  return bytes;
}

function fromPortable(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
