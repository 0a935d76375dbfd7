/**
 * Re-verification of a VERIFIED credential: an admin asks for it, or confirms one that a
 * registry import, its age or an admin put in the queue. Revoking reuses `revokeCredential`.
 * The queue's rules and the holder's mail are shared with the worker (@consilium/jobs/reverification).
 */
import { mailReverification } from '@consilium/jobs/reverification';
import type { Context } from '../context.ts';
import { badInput } from '../errors.ts';

async function stateOf(ctx: Context, id: string) {
  const found = await ctx.db.credential.findUnique({ where: { id }, select: { status: true, reverifyReason: true } });
  if (!found) return badInput('id', 'not_found', 'No credential has this id.');
  if (found.status !== 'VERIFIED') return badInput('id', 'wrong_state', `This credential is ${found.status.toLowerCase()}, not verified.`);
  return badInput('id', 'wrong_state', found.reverifyReason ? 'This credential is already in the re-verification queue.' : 'This credential is not in the re-verification queue.');
}

/** Puts a verified credential in the queue at an admin's request, and tells its holder by mail. */
export async function requestReverification(ctx: Context, id: string, note: string) {
  const credential = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.credential.updateMany({
      where: { id, status: 'VERIFIED', reverifyReason: null },
      data: { reverifyReason: 'ADMIN_REQUEST', reverifyRequestedAt: new Date(), reverifyNote: note, reverifyImportId: null, reverifyRegistryFound: null, reverifyRegistryName: null, reverifyRegistrySpecialty: null },
    });
    if (count !== 1) throw await stateOf(ctx, id);
    await tx.auditEntry.create({ data: { actorId: ctx.viewer!.accountId, action: 'credential.reverify.request', targetType: 'credential', targetId: id, reason: note } });
    return tx.credential.findUniqueOrThrow({ where: { id } });
  });
  await mailReverification(ctx.db, { sendMail: ctx.sendMail, webUrl: ctx.env.WEB_URL }, [{ id, reason: 'ADMIN_REQUEST' }]);
  return credential;
}

/**
 * The admin keeps the verification: the credential leaves the queue, its age counts from now,
 * and what the registry says now (if an import queued it) becomes the registry's word on it.
 */
export async function confirmReverification(ctx: Context, id: string) {
  return ctx.db.$transaction(async (tx) => {
    const queued = await tx.credential.findFirst({ where: { id, status: 'VERIFIED', reverifyReason: { not: null } } });
    if (!queued) throw await stateOf(ctx, id);
    const evidence = queued.reverifyImportId
      ? { registryImportId: queued.reverifyImportId, registryFound: queued.reverifyRegistryFound ?? false, registryName: queued.reverifyRegistryName, registrySpecialty: queued.reverifyRegistrySpecialty, registryAgrees: queued.reverifyReason !== 'REGISTRY_SPECIALTY' && (queued.reverifyRegistryFound ?? false) }
      : {};
    const { count } = await tx.credential.updateMany({
      where: { id, status: 'VERIFIED', reverifyRequestedAt: queued.reverifyRequestedAt },
      data: { ...evidence, decidedAt: new Date(), reverifyReason: null, reverifyRequestedAt: null, reverifyNote: null, reverifyImportId: null, reverifyRegistryFound: null, reverifyRegistryName: null, reverifyRegistrySpecialty: null },
    });
    if (count !== 1) throw await stateOf(ctx, id);
    await tx.auditEntry.create({ data: { actorId: ctx.viewer!.accountId, action: 'credential.reverify.confirm', targetType: 'credential', targetId: id, reason: queued.reverifyReason } });
    return tx.credential.findUniqueOrThrow({ where: { id } });
  });
}
