/**
 * An account's TOTP factor and its recovery codes: enrolment, checking a code, regenerating the
 * codes, removal, and the operator's reset. Factor changes of admins go to the audit log; a
 * physician's do not (an exact time beside their account could be matched with their posts).
 */
import { createHmac, randomInt } from 'node:crypto';
import type { Db } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { auditFactorChange } from '../audit.ts';
import { verifyPassword } from '../passwords.ts';
import { checkTotp, enrolmentOf, looksLikeTotp, newSecret, sealSecret, unsealSecret } from './totp.ts';

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

type FactorCtx = Pick<Context, 'env' | 'redis' | 'db'>;
type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Ten characters of a 31-letter alphabet (about 50 bits), shown as xxxxx-xxxxx. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Keyed by FACTOR_KEY_SECRET: a copy of the database alone cannot test guesses offline. */
export function recoveryCodeHash(secret: string, code: string): Uint8Array<ArrayBuffer> {
  const normal = code.toLowerCase().replace(/[\s-]+/g, '');
  return new Uint8Array(createHmac('sha256', secret).update('recovery-code\u0000').update(normal).digest());
}

/** Replaces the account's recovery codes with ten new ones; returns them (shown once). */
export async function replaceRecoveryCodes(tx: Tx, secret: string, accountId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { accountId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ accountId, codeHash: recoveryCodeHash(secret, code) })) });
  return codes;
}

/** Whether the account has a confirmed TOTP factor. */
export async function hasTotp(db: Db, accountId: string): Promise<boolean> {
  return (await db.totpFactor.count({ where: { accountId, confirmed: true } })) === 1;
}

/**
 * Checks a second-factor code of the account: a TOTP code (once per time step) or one of its
 * recovery codes (deleted as it is used). Null when wrong or the account has no factor.
 */
export async function useSecondFactor(ctx: FactorCtx, accountId: string, code: string): Promise<'totp' | 'recovery' | null> {
  const factor = await ctx.db.totpFactor.findUnique({ where: { accountId }, select: { sealedSecret: true, confirmed: true } });
  if (!factor?.confirmed || code.length > 64) return null;
  if (looksLikeTotp(code)) {
    const secret = unsealSecret([ctx.env.FACTOR_KEY_SECRET, ctx.env.FACTOR_KEY_SECRET_PREVIOUS], accountId, factor.sealedSecret);
    return (await checkTotp(ctx, accountId, secret, code)) ? 'totp' : null;
  }
  // A hash cannot be re-keyed: codes made before a rotation are checked under the previous secret
  // for as long as FACTOR_KEY_SECRET_PREVIOUS is set (docs/operations.md).
  const hashes = [ctx.env.FACTOR_KEY_SECRET, ctx.env.FACTOR_KEY_SECRET_PREVIOUS].filter((s) => s !== undefined).map((s) => recoveryCodeHash(s, code));
  const { count } = await ctx.db.recoveryCode.deleteMany({ where: { accountId, codeHash: { in: hashes } } });
  return count === 1 ? 'recovery' : null;
}

const wrongCode = () => badInput('code', 'invalid', 'The code is wrong or was already used. Enter the current code of your authenticator app, or a recovery code.');

/** The caller's own factor change, audited by the one rule of `auditFactorChange` (admins only). */
const audit = (tx: Tx, ctx: Context, change: string) => auditFactorChange(tx, { id: ctx.viewer!.accountId, role: ctx.viewer!.role }, change);

/** Starts (or restarts) an enrolment: a new secret, kept unconfirmed until a good code. */
export async function startTotpEnrolment(ctx: Context) {
  const accountId = ctx.viewer!.accountId;
  const account = await ctx.db.account.findUniqueOrThrow({ where: { id: accountId }, select: { email: true, totpFactor: { select: { confirmed: true } } } });
  if (account.totpFactor?.confirmed) throw badInput('totp', 'wrong_state', 'An authenticator app is already set up; remove it first to set up another.');
  const secret = newSecret();
  const sealedSecret = sealSecret(ctx.env.FACTOR_KEY_SECRET, accountId, secret);
  await ctx.db.totpFactor.upsert({ where: { accountId }, create: { accountId, sealedSecret }, update: { sealedSecret, confirmed: false } });
  return enrolmentOf(secret, account.email);
}

/**
 * Confirms the enrolment with a first code: the factor counts from now, ten recovery codes are
 * made (returned once), and the current session becomes one opened with a second factor.
 */
export async function confirmTotpEnrolment(ctx: Context, code: string): Promise<string[]> {
  const accountId = ctx.viewer!.accountId;
  const pending = await ctx.db.totpFactor.findUnique({ where: { accountId }, select: { sealedSecret: true, confirmed: true } });
  if (!pending || pending.confirmed) throw badInput('totp', 'wrong_state', 'Start setting up an authenticator app first.');
  const secret = unsealSecret([ctx.env.FACTOR_KEY_SECRET, ctx.env.FACTOR_KEY_SECRET_PREVIOUS], accountId, pending.sealedSecret);
  if (!(await checkTotp(ctx, accountId, secret, code))) throw wrongCode();
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.totpFactor.updateMany({ where: { accountId, confirmed: false }, data: { confirmed: true } });
    if (count !== 1) throw badInput('totp', 'wrong_state', 'Start setting up an authenticator app first.');
    await tx.session.updateMany({ where: { id: ctx.viewer!.sessionId }, data: { secondFactor: true } });
    await audit(tx, ctx, 'totp.enrol');
    return replaceRecoveryCodes(tx, ctx.env.FACTOR_KEY_SECRET, accountId);
  });
}

/** Ten new recovery codes for a code of the factor (the old ones stop working). */
export async function regenerateRecoveryCodes(ctx: Context, code: string): Promise<string[]> {
  const accountId = ctx.viewer!.accountId;
  if (!(await hasTotp(ctx.db, accountId))) throw badInput('totp', 'wrong_state', 'No authenticator app is set up.');
  if (!(await useSecondFactor(ctx, accountId, code))) throw wrongCode();
  return ctx.db.$transaction(async (tx) => {
    await audit(tx, ctx, 'recovery.regenerate');
    return replaceRecoveryCodes(tx, ctx.env.FACTOR_KEY_SECRET, accountId);
  });
}

/** How many second factors the account has besides TOTP: its passkeys (docs/second-factors.md). */
async function otherFactors(db: Db, accountId: string): Promise<number> {
  return db.passkey.count({ where: { accountId } });
}

/** Removes the TOTP factor and its recovery codes, for the password and a code. */
export async function removeTotp(ctx: Context, password: string, code: string): Promise<void> {
  const accountId = ctx.viewer!.accountId;
  const account = await ctx.db.account.findUniqueOrThrow({ where: { id: accountId }, select: { passwordHash: true, role: true } });
  if (!(await hasTotp(ctx.db, accountId))) throw badInput('totp', 'wrong_state', 'No authenticator app is set up.');
  if (!(await verifyPassword(account.passwordHash, password))) throw badInput('password', 'invalid', 'The password is wrong.');
  if (account.role === 'ADMIN' && (await otherFactors(ctx.db, accountId)) === 0) {
    throw badInput('totp', 'last_factor', 'An administrator must keep a second factor: this is your last one.');
  }
  if (!(await useSecondFactor(ctx, accountId, code))) throw wrongCode();
  await ctx.db.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { accountId } });
    await tx.totpFactor.deleteMany({ where: { accountId } });
    await audit(tx, ctx, 'totp.remove');
  });
}

/** Enrols a confirmed TOTP factor directly (admin:create, the demo); returns the secret and ten recovery codes. */
export async function enrolTotpDirectly(db: Db, factorKeySecret: string, accountId: string, secret = newSecret()) {
  const sealedSecret = sealSecret(factorKeySecret, accountId, secret);
  const recoveryCodes = await db.$transaction(async (tx) => {
    await tx.totpFactor.upsert({ where: { accountId }, create: { accountId, sealedSecret, confirmed: true }, update: { sealedSecret, confirmed: true } });
    return replaceRecoveryCodes(tx, factorKeySecret, accountId);
  });
  return { secret, recoveryCodes };
}
