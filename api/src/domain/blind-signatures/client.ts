/**
 * The physician's side of RFC 9474 RSABSSA-SHA384-PSS-Randomized, over @cloudflare/blindrsa-ts
 * and WebCrypto (`globalThis.crypto`): it runs unchanged in the browser and in Node 20. It must
 * not import anything from `node:` — the web app imports this file directly.
 */
import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { fromBase64url, toBase64url } from './base64url.ts';

/** Bytes of the random message the browser has signed (the library adds its own 32-byte prefix). */
export const TOKEN_MESSAGE_BYTES = 32;

const suite = RSABSSA.SHA384.PSS.Randomized();

/** The client's state between asking for a blind signature and finalizing it: keep it private. */
export interface BlindedToken {
  /** The prepared message (32-byte random prefix ‖ message), base64url: `TokenInput.message`. */
  message: string;
  /** What the server signs: `issueSurveyToken(blindedMessage:)`. */
  blindedMessage: string;
  /** The unblinding secret; whoever holds it can link the blinded message to the token. */
  inverse: string;
}

/** A finalized token, as `TokenInput` sends it. */
export interface Token {
  message: string;
  signature: string;
}

/**
 * Imports an SPKI DER base64url public key for the library (RSA-PSS, SHA-384; extractable
 * because the library reads n and e from it).
 */
// The return type is inferred: naming `CryptoKey` would tie this file to the DOM's or Node's typings.
export function importSuitePublicKey(spki: string) {
  return crypto.subtle.importKey('spki', fromBase64url(spki), { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['verify']);
}

/** RFC 9474 Prepare: a random 32-byte prefix ‖ `message` (by default 32 fresh random bytes). */
export function prepareMessage(message: Uint8Array = crypto.getRandomValues(new Uint8Array(TOKEN_MESSAGE_BYTES))): string {
  return toBase64url(suite.prepare(message));
}

/** RFC 9474 Blind of a prepared message with the segment's public key (SPKI DER base64url). */
export async function blindMessage(publicKey: string, message: string): Promise<BlindedToken> {
  const { blindedMsg, inv } = await suite.blind(await importSuitePublicKey(publicKey), fromBase64url(message));
  return { message, blindedMessage: toBase64url(blindedMsg), inverse: toBase64url(inv) };
}

/** Prepare and Blind in one step: what the browser does before `issueSurveyToken`. */
export function prepareAndBlind(publicKey: string): Promise<BlindedToken> {
  return blindMessage(publicKey, prepareMessage());
}

/**
 * RFC 9474 Finalize: unblinds the server's blind signature and verifies the result, so a
 * server that signed with another key than the published one is caught here. Throws if invalid.
 */
export async function finalizeToken(publicKey: string, blinded: BlindedToken, blindSignature: string): Promise<Token> {
  const signature = await suite.finalize(
    await importSuitePublicKey(publicKey),
    fromBase64url(blinded.message),
    fromBase64url(blindSignature),
    fromBase64url(blinded.inverse),
  );
  return { message: blinded.message, signature: toBase64url(signature) };
}
