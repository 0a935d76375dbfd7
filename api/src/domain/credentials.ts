/** Licence credentials: submission with registry auto-match, admin review, revocation. */
import { isUniqueViolation, Prisma } from '@consilium/db';
import type { Context } from '../context.ts';
import { badInput } from '../errors.ts';
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

/** Submits a credential, or replaces a REJECTED one in place; matched against the registry now. */
export async function submitCredential(ctx: Context, input: CredentialArgs) {
  const accountId = ctx.viewer!.accountId;
  const existing = await ctx.db.credential.findUnique({ where: { accountId }, select: { status: true } });
  if (existing && existing.status !== 'REJECTED') {
    throw badInput('credential', 'already_submitted', `A credential is already ${existing.status.toLowerCase()}; only a rejected one can be replaced.`);
  }
  const match = await matchCredential(ctx.db, input);
  const data = {
    ...input,
    region: input.region ?? null,
    licenseClaim: `${input.registry}:${input.licenseNumber}`,
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
  try {
    const credential = await ctx.db.credential.upsert({ where: { accountId }, create: { accountId, ...data }, update: data });
    ctx.log.info({ credentialId: credential.id, registryFound: match.found }, 'credential submitted');
    return credential;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw badInput('licenseNumber', 'license_taken', 'This licence number already backs another account. Contact us if it is yours.');
    }
    throw err;
  }
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

export async function reviewCredential(ctx: Context, id: string, approve: boolean, reason: string | null) {
  if (!approve && !reason) throw badInput('reason', 'required', 'reason is required to reject a credential.');
  return ctx.db.$transaction(async (tx) => {
    const credential = await transition(tx, id, 'PENDING', {
      status: approve ? 'VERIFIED' : 'REJECTED',
      reviewReason: reason,
      // A rejected credential lets go of its licence number, so that its real holder can use it.
      ...(approve ? {} : { licenseClaim: null }),
    });
    if (approve) {
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
    const credential = await transition(tx, id, 'VERIFIED', { status: 'REVOKED', reviewReason: reason });
    await audit(tx, ctx, 'credential.revoke', id, reason);
    return credential;
  });
}
