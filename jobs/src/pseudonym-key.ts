/**
 * The one derivation of a pseudonym's key from its account: HMAC-SHA256(PSEUDONYM_SECRET,
 * "pseudonym:" + account id). The pseudonym table holds only the key (docs/pseudonyms.md); the
 * API finds its caller's pseudonym with it, and the worker's mail and push sweeps their
 * recipients', in memory only.
 */
import { createHmac } from 'node:crypto';

export function pseudonymKey(secret: string, accountId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHmac('sha256', secret).update(`pseudonym:${accountId}`).digest());
}
