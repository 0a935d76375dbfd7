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

export type ReverifyReason = 'REGISTRY_MISSING' | 'REGISTRY_SPECIALTY' | 'AGE' | 'ADMIN_REQUEST';

/** Default age after which a verification comes up again (REVERIFY_AFTER_DAYS): three years. */
export const DEFAULT_REVERIFY_AFTER_DAYS = 1095;

/** One plain-text mail. `kind` names it in logs, which never carry the address or the text. */
export interface MailMessage {
  kind: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * How mail leaves. The SMTP transport (issue #14, point 1) implements this; until it is wired in,
 * `loggingSendMail` only logs the kind of mail sent and to which account, never the address.
 */
export type SendMail = (message: MailMessage & { accountId: string }) => Promise<void>;

export function loggingSendMail(log: { info(obj: object, msg: string): void }): SendMail {
  return async ({ kind, accountId }) => log.info({ mail: kind, accountId }, 'mail not sent: no transport configured');
}

const REASON_TEXT: Record<ReverifyReason, { fr: string; en: string }> = {
  REGISTRY_MISSING: { fr: 'le registre ne mentionne plus votre numéro', en: 'the registry no longer lists your number' },
  REGISTRY_SPECIALTY: { fr: 'le registre indique une autre spécialité', en: 'the registry shows another specialty' },
  AGE: { fr: 'votre vérification a atteint l’âge où elle est renouvelée', en: 'your verification has reached the age at which it is renewed' },
  ADMIN_REQUEST: { fr: 'un administrateur l’a demandé', en: 'an administrator asked for it' },
};

/** The mail, French then English (an account has no language of its own yet). */
export function reverificationMail(to: string, reason: ReverifyReason): MailMessage {
  const why = REASON_TEXT[reason];
  return {
    kind: 'credential.reverify',
    to,
    subject: 'Consilium : nouvelle vérification de votre diplôme / Your credential is being re-verified',
    text: [
      `Bonjour,\n\nVotre justificatif d’exercice est en cours de nouvelle vérification : ${why.fr}. Votre compte reste actif pendant l’examen ; un administrateur confirmera ou retirera la vérification. Vous pouvez suivre son état sur la page de votre compte.`,
      `Hello,\n\nYour medical credential is being re-verified: ${why.en}. Your account stays active during the review; an administrator will confirm or revoke the verification. You can follow its state on your account page.`,
    ].join('\n\n—\n\n'),
  };
}

/** Mails the holders of these credentials; a mail that fails is logged by the caller's transport, not retried. */
export async function mailReverification(db: Db, sendMail: SendMail, queued: Array<{ id: string; reason: ReverifyReason }>): Promise<void> {
  if (queued.length === 0) return;
  const holders = await db.credential.findMany({ where: { id: { in: queued.map((q) => q.id) } }, select: { id: true, accountId: true, account: { select: { email: true } } } });
  const reasons = new Map(queued.map((q) => [q.id, q.reason]));
  for (const h of holders) {
    await sendMail({ ...reverificationMail(h.account.email, reasons.get(h.id)!), accountId: h.accountId });
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
