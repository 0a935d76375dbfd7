/**
 * Passkeys of an account: adding one (registration), signing in with one without a password,
 * a step-up with one, renaming and removing (docs/second-factors.md, "Passkeys").
 */
import type { Prisma } from '@consilium/db';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Context } from '../../context.ts';
import { badInput, unauthenticated } from '../../errors.ts';
import { auditFactorChange } from '../audit.ts';
import { consume } from '../rate-limits.ts';
import { createSession, dayOf, deviceLabel } from '../sessions.ts';
import { markSteppedUp } from '../step-up.ts';
import {
  authenticationOptions,
  keepChallenge,
  parseAuthentication,
  parseRegistration,
  registrationOptions,
  signedChallenge,
  takeChallenge,
  transportsOf,
  verifyAssertion,
  verifyRegistration,
  type StoredPasskey,
} from './ceremonies.ts';

/** Far more than anyone carries; it bounds the list and the options' exclusion list. */
export const MAX_PASSKEYS = 20;
const PUBLIC = { id: true, name: true, createdOn: true, lastUsedOn: true } as const;
const STORED = { id: true, accountId: true, credentialId: true, publicKey: true, signCount: true, transports: true } as const;

export function passkeysOf(ctx: Context, accountId: string) {
  return ctx.db.passkey.findMany({ where: { accountId }, select: PUBLIC, orderBy: [{ createdOn: 'asc' }, { name: 'asc' }, { id: 'asc' }], take: MAX_PASSKEYS });
}

/** Options to add a passkey to the signed-in account; the challenge is bound to this session. */
export async function startRegistration(ctx: Context): Promise<string> {
  const viewer = ctx.viewer!;
  const [account, existing] = await Promise.all([
    ctx.db.account.findUniqueOrThrow({ where: { id: viewer.accountId }, select: { id: true, email: true } }),
    ctx.db.passkey.findMany({ where: { accountId: viewer.accountId }, select: { credentialId: true, transports: true }, take: MAX_PASSKEYS }),
  ]);
  const options = await registrationOptions(ctx, account, existing);
  await keepChallenge(ctx, 'register', viewer.sessionId, options.challenge);
  return JSON.stringify(options);
}

const refusedRegistration = () =>
  badInput('response', 'invalid', 'response could not be verified: the passkey was not made for this request, this site, or without verifying you. Try again.');

/** Verifies the authenticator's attestation against this session's challenge and stores the passkey. */
export async function finishRegistration(ctx: Context, json: string, name: string) {
  const viewer = ctx.viewer!;
  const response = parseRegistration(json);
  const challenge = await takeChallenge(ctx, 'register', viewer.sessionId);
  if (!challenge) throw refusedRegistration();
  const info = await verifyRegistration(ctx, response, challenge);
  if (!info) throw refusedRegistration();
  return ctx.db.$transaction(async (tx) => {
    // The account row is locked so that two registrations at once cannot pass the cap together.
    await tx.$queryRaw`SELECT id FROM account WHERE id = ${viewer.accountId}::uuid FOR UPDATE`;
    if ((await tx.passkey.count({ where: { accountId: viewer.accountId } })) >= MAX_PASSKEYS) {
      throw badInput('response', 'out_of_range', `response: an account holds at most ${MAX_PASSKEYS} passkeys; remove one first.`);
    }
    if (await tx.passkey.findUnique({ where: { credentialId: info.credential.id }, select: { id: true } })) {
      throw badInput('response', 'already_taken', 'response: this passkey is already registered.');
    }
    const created = await tx.passkey.create({
      data: {
        accountId: viewer.accountId,
        credentialId: info.credential.id,
        publicKey: new Uint8Array(info.credential.publicKey),
        signCount: BigInt(info.credential.counter),
        transports: transportsOf(info.credential.transports ?? response.response.transports),
        name,
        createdOn: dayOf(new Date()),
      },
      select: PUBLIC,
    });
    await auditFactorChange(tx, { id: viewer.accountId, role: viewer.role }, 'passkey.add');
    ctx.log.info({ accountId: viewer.accountId, passkeyId: created.id }, 'passkey added');
    return created;
  });
}

/** Options for a usernameless sign-in: any passkey of this site. */
export async function startSignIn(ctx: Context): Promise<string> {
  await consume([ctx.rateLimits.passkeyChallengeByIp, ctx.ip]);
  const options = await authenticationOptions(ctx);
  await keepChallenge(ctx, 'sign-in', options.challenge, '1');
  return JSON.stringify(options);
}

/**
 * Stores the new signature counter; false when another use of the passkey got there first with
 * the same or a higher one (a replay racing the original). Authenticators that count nothing send 0.
 */
async function advanceCounter(ctx: Context, passkey: StoredPasskey, counter: number): Promise<boolean> {
  const next = BigInt(counter);
  const { count } = await ctx.db.passkey.updateMany({
    where: { id: passkey.id, signCount: next === 0n ? 0n : { lt: next } },
    data: { signCount: next, lastUsedOn: dayOf(new Date()) },
  });
  return count === 1;
}

/** The stored passkey the assertion names when it is good for `challenge`; null otherwise. */
async function checkAssertion(ctx: Context, response: AuthenticationResponseJSON, challenge: string | null, where: Prisma.PasskeyWhereInput) {
  if (!challenge || challenge !== signedChallenge(response)) return null;
  const passkey = await ctx.db.passkey.findFirst({ where: { ...where, credentialId: response.id }, select: STORED });
  if (!passkey) return null;
  const counter = await verifyAssertion(ctx, response, challenge, passkey);
  if (counter === null || !(await advanceCounter(ctx, passkey, counter))) return null;
  return passkey;
}

/**
 * Sign-in without a password. Counted by the login limit per address; every failure (unknown
 * passkey, wrong or spent challenge, bad signature, counter gone back) answers the same. The
 * session counts as opened with a second factor: the passkey verified its user.
 */
export async function signIn(ctx: Context, json: string) {
  await consume([ctx.rateLimits.loginByIp, ctx.ip]);
  const response = parseAuthentication(json);
  const challenge = signedChallenge(response);
  const kept = challenge ? await takeChallenge(ctx, 'sign-in', challenge) : null;
  const passkey = await checkAssertion(ctx, response, kept ? challenge : null, {});
  if (!passkey) throw unauthenticated('This passkey could not be used to sign in.', 'passkey_refused');
  const session = await createSession(ctx.db, passkey.accountId, ctx.env.SESSION_TTL_HOURS, deviceLabel(ctx.userAgent), true);
  ctx.log.info({ accountId: passkey.accountId }, 'logged in with a passkey');
  return { ...session, accountId: passkey.accountId };
}

/** Options for a step-up: one of the signed-in account's own passkeys; bound to this session. */
export async function startStepUp(ctx: Context): Promise<string> {
  const viewer = ctx.viewer!;
  const allow = await ctx.db.passkey.findMany({ where: { accountId: viewer.accountId }, select: { credentialId: true, transports: true }, take: MAX_PASSKEYS });
  if (allow.length === 0) throw badInput('passkey', 'not_found', 'passkey: this account has no passkey; add one on the account page.');
  const options = await authenticationOptions(ctx, allow);
  await keepChallenge(ctx, 'step-up', viewer.sessionId, options.challenge);
  return JSON.stringify(options);
}

/** Re-authentication with one of the account's own passkeys; the session is stepped up for STEP_UP_MINUTES. */
export async function stepUp(ctx: Context, json: string): Promise<Date> {
  const viewer = ctx.viewer!;
  await consume([ctx.rateLimits.passkeyStepUpByAccount, viewer.accountId]);
  const response = parseAuthentication(json);
  const challenge = await takeChallenge(ctx, 'step-up', viewer.sessionId);
  const passkey = await checkAssertion(ctx, response, challenge, { accountId: viewer.accountId });
  if (!passkey) throw badInput('response', 'invalid', 'response could not be verified with a passkey of this account. Try again.');
  return markSteppedUp(ctx, viewer.sessionId);
}

/** Renames one of the caller's passkeys (audited for an admin, as every factor change). */
export async function renamePasskey(ctx: Context, id: string, name: string) {
  const viewer = ctx.viewer!;
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.passkey.updateMany({ where: { id, accountId: viewer.accountId }, data: { name } });
    if (count === 0) throw badInput('id', 'not_found', 'id: you have no such passkey.');
    await auditFactorChange(tx, { id: viewer.accountId, role: viewer.role }, 'passkey.rename');
    return tx.passkey.findUniqueOrThrow({ where: { id }, select: PUBLIC });
  });
}

/**
 * Removes one of the caller's passkeys. An admin cannot remove their last second factor: admin
 * operations would then be closed to them until another was added with a step-up they could
 * no longer make. (TOTP, when the account has it, counts as another factor: see `otherFactors`.)
 */
export async function removePasskey(ctx: Context, id: string): Promise<void> {
  const viewer = ctx.viewer!;
  await ctx.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM account WHERE id = ${viewer.accountId}::uuid FOR UPDATE`;
    const passkey = await tx.passkey.findFirst({ where: { id, accountId: viewer.accountId }, select: { id: true } });
    if (!passkey) throw badInput('id', 'not_found', 'id: you have no such passkey.');
    if (viewer.role === 'ADMIN' && (await otherFactors(tx, viewer.accountId, id)) === 0) {
      throw badInput('id', 'last_factor', 'id: this is your last second factor; an administrator must keep one. Add another first.');
    }
    await tx.passkey.delete({ where: { id } });
    await auditFactorChange(tx, { id: viewer.accountId, role: viewer.role }, 'passkey.remove');
  });
  ctx.log.info({ accountId: viewer.accountId, passkeyId: id }, 'passkey removed');
}

/** The account's second factors other than the passkey `except`: its other passkeys and a confirmed TOTP. */
async function otherFactors(tx: Prisma.TransactionClient, accountId: string, except: string): Promise<number> {
  const [passkeys, totp] = await Promise.all([
    tx.passkey.count({ where: { accountId, id: { not: except } } }),
    tx.totpFactor.count({ where: { accountId, confirmed: true } }),
  ]);
  return passkeys + totp;
}
