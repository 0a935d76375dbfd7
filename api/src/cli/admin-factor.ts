/** The operator's side of admins' second factors: the codes of a secret, and a lost factor's reset. */
import { type Db } from '@consilium/db';
import { z } from 'zod';

/**
 * An admin who lost their authenticator app and their recovery codes: their TOTP factor and codes
 * are removed and every session of theirs ended, so that they sign in with the password alone and
 * must enrol a new factor before any admin operation works again. Only someone with the server's
 * database (the operator) can run it; it is audited, the admin as the subject and actor.
 */
export async function resetAdminFactor(db: Db, rawEmail: string): Promise<{ sessionsEnded: number }> {
  const parsed = z.email().safeParse(rawEmail.trim().toLowerCase());
  if (!parsed.success) throw new Error('--email is not a valid e-mail address');
  const account = await db.account.findUnique({ where: { email: parsed.data }, select: { id: true, role: true } });
  if (!account || account.role !== 'ADMIN') throw new Error('no admin has this e-mail address');
  return db.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { accountId: account.id } });
    await tx.totpFactor.deleteMany({ where: { accountId: account.id } });
    const { count } = await tx.session.deleteMany({ where: { accountId: account.id } });
    await tx.auditEntry.create({
      data: { actorId: account.id, action: 'factor.reset', targetType: 'account', targetId: account.id, reason: 'second factor reset by the server operator (pnpm cli admin:reset-factor)' },
    });
    return { sessionsEnded: count };
  });
}
