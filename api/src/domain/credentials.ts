/** Licence credentials: submission with registry auto-match, admin review, revocation. */
import { isUniqueViolation, Prisma } from '@consilium/db';
import type { Context } from '../context.ts';
import { badInput } from '../errors.ts';
import { consume } from './rate-limits.ts';
import { matchCredential } from './registry/match.ts';
import { ensurePseudonym } from './pseudonyms.ts';

export interface CredentialArgs {
  country: string;
  registry: string;
  licenseNumber: string;
  specialty: string;
  region?: string | null;
  practiceStartYear: number;
}

type Tx = Prisma.TransactionClient;

/**
 * Submits a credential, or replaces a REJECTED one in place; matched against the registry now.
 * The answer is the same whether or not the licence already backs another account (RPPS and
 * NPI numbers are public: "taken" would tell who uses Consilium). Such a clash is flagged on both
 * credentials for the reviewer, and the approval is what claims the licence (`reviewCredential`).
 */
export async function submitCredential(ctx: Context, input: CredentialArgs) {
  const accountId = ctx.viewer!.accountId;
  await consume([ctx.rateLimits.credentialsByAccount, accountId], [ctx.rateLimits.credentialsByIp, ctx.ip]);
  const existing = await ctx.db.credential.findUnique({ where: { accountId }, select: { status: true } });
  if (existing && existing.status !== 'REJECTED') {
    throw badInput('credential', 'already_submitted', `A credential is already ${existing.status.toLowerCase()}; only a rejected one can be replaced.`);
  }
  const match = await matchCredential(ctx.db, input);
  return ctx.db.$transaction(async (tx) => {
    const others = await tx.credential.updateMany({
      where: { registry: input.registry, licenseNumber: input.licenseNumber, accountId: { not: accountId }, status: { not: 'REJECTED' } },
      data: { claimedElsewhere: true },
    });
    const data = {
      ...input,
      region: input.region ?? null,
      licenseClaim: null,
      claimedElsewhere: others.count > 0,
      status: 'PENDING' as const,
      reviewReason: null,
      submittedAt: new Date(),
      decidedAt: null,
      registryImportId: match.importId,
      registryFound: match.found,
      registryName: match.nameOnRegistry,
      registrySpecialty: match.specialtyOnRegistry,
      registryAgrees: match.agrees,
    };
    const credential = await tx.credential.upsert({ where: { accountId }, create: { accountId, ...data }, update: data });
    ctx.log.info({ credentialId: credential.id, registryFound: match.found }, 'credential submitted');
    return credential;
  });
}

async function audit(tx: Tx, ctx: Context, action: string, targetId: string, reason: string | null) {
  await tx.auditEntry.create({
    data: { actorId: ctx.viewer!.accountId, action, targetType: 'credential', targetId, reason },
  });
}

/**
 * Moves a credential from one state to another only if it is still in the expected one, so
 * that two admins deciding at once cannot both win.
 */
async function transition(tx: Tx, id: string, from: 'PENDING' | 'VERIFIED', data: Prisma.CredentialUpdateManyMutationInput) {
  const { count } = await tx.credential.updateMany({ where: { id, status: from }, data: { ...data, decidedAt: new Date() } });
  if (count === 1) return tx.credential.findUniqueOrThrow({ where: { id } });
  const exists = await tx.credential.findUnique({ where: { id }, select: { status: true } });
  if (!exists) throw badInput('id', 'not_found', 'No credential has this id.');
  throw badInput('id', 'wrong_state', `This credential is ${exists.status.toLowerCase()}, not ${from.toLowerCase()}.`);
}

const licenceHeld = () =>
  badInput('id', 'license_taken', 'Another account’s verified credential holds this licence number: revoke that one first, or reject this one.');

export async function reviewCredential(ctx: Context, id: string, approve: boolean, reason: string | null) {
  if (!approve && !reason) throw badInput('reason', 'required', 'reason is required to reject a credential.');
  return ctx.db.$transaction(async (tx) => {
    let credential = await transition(tx, id, 'PENDING', { status: approve ? 'VERIFIED' : 'REJECTED', reviewReason: reason });
    if (approve) {
      // The approval claims the licence: refused (and nothing written) while another account's verified credential holds it.
      const claim = `${credential.registry}:${credential.licenseNumber}`;
      credential = await tx.credential.update({ where: { id }, data: { licenseClaim: claim } }).catch((err: unknown) => {
        throw isUniqueViolation(err) ? licenceHeld() : err;
      });
      await ensurePseudonym(tx, ctx.env.PSEUDONYM_SECRET, credential.accountId, {
        specialty: credential.specialty,
        country: credential.country,
      });
    }
    await audit(tx, ctx, approve ? 'credential.approve' : 'credential.reject', id, reason);
    return credential;
  });
}

export async function revokeCredential(ctx: Context, id: string, reason: string) {
  return ctx.db.$transaction(async (tx) => {
    // A revoked credential lets go of its licence, so that its real holder can be approved.
    const credential = await transition(tx, id, 'VERIFIED', { status: 'REVOKED', reviewReason: reason, licenseClaim: null });
    await audit(tx, ctx, 'credential.revoke', id, reason);
    return credential;
  });
}
