/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of drift either way) with the secret
 * sealed at rest, and the replay rule: a code is good once. The steps already used are kept in
 * Redis for as long as they could still be accepted, never in the database (a "last used" step
 * would be a 30-second-precise sign-in time beside the account).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Context } from '../../context.ts';
import { limitKey } from '../rate-limits.ts';

export const ISSUER = 'Consilium';
const PERIOD = 30;
const WINDOW = 1;
const HKDF_INFO = 'consilium totp secret v1';

function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), HKDF_INFO, 32));
}

/** AES-256-GCM, bound to the account id (a sealed secret copied to another account does not open). */
export function sealSecret(factorKeySecret: string, accountId: string, base32: string): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(factorKeySecret), iv);
  cipher.setAAD(Buffer.from(accountId, 'utf8'));
  const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
}

/**
 * Opens a sealed TOTP secret under the first of `secrets` that opens it: FACTOR_KEY_SECRET, then
 * during a rotation FACTOR_KEY_SECRET_PREVIOUS (until `secrets:reseal-factors` has run).
 */
export function unsealSecret(secrets: string | ReadonlyArray<string | undefined>, accountId: string, sealed: Uint8Array): string {
  const bytes = Buffer.from(sealed);
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    if (secret === undefined) continue;
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(accountId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // Not this secret: the next one, if any.
    }
  }
  throw new Error('Cannot unseal a TOTP secret: FACTOR_KEY_SECRET is wrong or the data is corrupted.');
}

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpOf(base32: string, label = 'Consilium'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(base32) });
}

/** The code of `base32` at `timestamp` (the CLI's `totp:code`, tests). */
export function codeAt(base32: string, timestamp = Date.now()): string {
  return totpOf(base32).generate({ timestamp });
}

/** The otpauth:// URI an authenticator app reads, and the same as an SVG QR code (a data URL). */
export async function enrolmentOf(base32: string, label: string) {
  const uri = totpOf(base32, label).toString();
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: base32, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** A TOTP code as typed: digits, spaces ignored. */
export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s+/g, ''));
}

/**
 * Whether `code` is the account's code for the step of `now` or the one either side, and not
 * used before. The first use of a step claims it in Redis (SET NX) for as long as it could be
 * accepted; a second use of the same step — the same code, replayed — is refused.
 */
export async function checkTotp(
  ctx: Pick<Context, 'env' | 'redis'>,
  accountId: string,
  base32: string,
  code: string,
  now = Date.now(),
): Promise<boolean> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const delta = totpOf(base32).validate({ token, timestamp: now, window: WINDOW });
  if (delta === null) return false;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  const who = limitKey(ctx.env.FACTOR_KEY_SECRET, 'totp-used', accountId);
  const claimed = await ctx.redis.set(`${ctx.env.REDIS_PREFIX}:totp-used:${who}:${step}`, '1', 'EX', PERIOD * (2 * WINDOW + 2), 'NX');
  return claimed === 'OK';
}
