/**
 * One-click unsubscribe tokens (RFC 8058): `<account id>.<HMAC-SHA256(MAIL_TOKEN_SECRET, …)>`.
 * The worker signs them into notification mails; the API checks them on the POST that turns the
 * mails off. A token names an account, never a pseudonym; rotating the secret voids old links.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sign = (secret: string, accountId: string) => createHmac('sha256', secret).update(`unsubscribe:${accountId}`).digest('base64url');

export function unsubscribeToken(secret: string, accountId: string): string {
  return `${accountId}.${sign(secret, accountId)}`;
}

/** The account a token was signed for, or null for a malformed or forged one. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const [accountId, signature, extra] = token.split('.');
  if (extra !== undefined || !accountId || !signature || !UUID.test(accountId)) return null;
  const expected = Buffer.from(sign(secret, accountId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? accountId : null;
}
