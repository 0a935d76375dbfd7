/**
 * Re-verification of verified credentials: the rules the API (registry imports, an admin's
 * request) and the worker (age) share — how a credential is queued, and the mail that tells its
 * holder. A queued credential stays VERIFIED until an admin confirms or revokes it.
 *
 * Nothing here writes a pseudonym's notification: a notification row written beside the
 * credential's change (same transaction, same minute) would tie the account to its pseudonym.
 * The holder is told on their account page (`myCredential.reverification`) and by mail.
 */
import { Prisma, queryRows, type Db } from '@consilium/db';
import { reverificationMail } from './mail/messages.ts';
import type { SendMail } from './mail/transport.ts';

export type ReverifyReason = 'REGISTRY_MISSING' | 'REGISTRY_SPECIALTY' | 'AGE' | 'ADMIN_REQUEST';

/** Default age after which a verification comes up again (REVERIFY_AFTER_DAYS): three years. */
export const DEFAULT_REVERIFY_AFTER_DAYS = 1095;

/** How the holders are told: the transport, and the web app's address their mail links to (WEB_URL). */
export interface ReverificationMail {
  sendMail: SendMail;
  webUrl: string;
}

/**
 * Mails the holders of these credentials, each in their account's language, with a link to their
 * credential page (which says the same). A mail that fails is logged by the transport, not retried.
 */
export async function mailReverification(db: Db, { sendMail, webUrl }: ReverificationMail, queued: Array<{ id: string; reason: ReverifyReason }>): Promise<void> {
  if (queued.length === 0) return;
  const holders = await db.credential.findMany({ where: { id: { in: queued.map((q) => q.id) } }, select: { id: true, accountId: true, account: { select: { email: true, language: true } } } });
  const reasons = new Map(queued.map((q) => [q.id, q.reason]));
  for (const h of holders) {
    const mail = reverificationMail(h.account.language, reasons.get(h.id)!, `${webUrl}/credential`);
    await sendMail({ ...mail, to: h.account.email, kind: 'credential.reverify', accountId: h.accountId });
  }
}

/**
 * Queues every VERIFIED credential decided more than `afterDays` ago and not already queued.
 * Idempotent: a queued one is not queued again; a confirmed one is decided anew (decided_at).
 */
export async function queueOldVerifications(db: Db, afterDays: number): Promise<Array<{ id: string; reason: ReverifyReason }>> {
  const rows = await queryRows<{ id: string }>(db, Prisma.sql`
    UPDATE credential SET reverify_reason = 'AGE', reverify_requested_at = now()
    WHERE status = 'VERIFIED' AND reverify_reason IS NULL
      AND decided_at < now() - make_interval(days => ${afterDays}::int)
    RETURNING id`);
  return rows.map((r) => ({ id: r.id, reason: 'AGE' as const }));
}
