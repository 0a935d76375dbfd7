/** Demo data for re-verification: one verified physician's credential in the admins' queue. */
import type { Db } from '@consilium/db';

export async function seedDemoReverification(db: Db, email: string, adminId: string | null): Promise<string> {
  const note = 'Demo: a colleague reported that this licence now practises another specialty.';
  const credential = await db.credential.update({
    where: { accountId: (await db.account.findUniqueOrThrow({ where: { email } })).id },
    data: { reverifyReason: 'ADMIN_REQUEST', reverifyRequestedAt: new Date(), reverifyNote: note },
  });
  if (adminId) await db.auditEntry.create({ data: { actorId: adminId, action: 'credential.reverify.request', targetType: 'credential', targetId: credential.id, reason: note } });
  return `Demo re-verification: ${email}'s licence is in the admins' "To re-verify" tab (/verification?status=REVERIFY)`;
}
