/**
 * The audit log's writers (docs/staff-roles.md, "Audit"). Staff decisions carry their exact time;
 * what a physician does to their own account carries the day only, because an exact time beside
 * a physician's account could be matched against the times of their pseudonymous posts.
 */
import { Prisma, type Db } from '@consilium/db';
import { dayOf } from './sessions.ts';

type Tx = Pick<Db, 'auditEntry' | '$executeRaw'>;

/** The account an event is about, and the kind of account it is (which decides the time kept). */
export interface AuditedAccount {
  id: string;
  role: 'PHYSICIAN' | 'CLIENT' | 'ADMIN';
}

/** The time an entry about this account may carry: the day for a physician, the instant otherwise. */
export function auditTimeFor(role: AuditedAccount['role'], now = new Date()): Date {
  return role === 'PHYSICIAN' ? dayOf(now) : now;
}

/** An event a member causes on their own account (an export, a sign-in of staff or a client). */
export async function auditSelf(db: Tx, account: AuditedAccount, action: string): Promise<void> {
  await db.auditEntry.create({
    data: { actorId: account.id, action, targetType: 'account', targetId: account.id, at: auditTimeFor(account.role) },
  });
}

/**
 * A change of an account's second factors — TOTP, recovery codes, passkeys: `change` names it
 * ("totp.enrol", "passkey.add", "passkey.remove"…), stored as `factor.<change>`. `by` is the staff
 * member who made it for the holder (lost-factor recovery); the holder themself otherwise. Call
 * it inside the transaction that makes the change, so that the change and its entry commit together.
 *
 * The one rule of which changes are written (docs/second-factors.md): an admin's, and any made by
 * staff for someone. A physician's or a client's own change is not: an entry per change would be
 * one more dated row beside the account for nothing the service needs to prove.
 */
export async function auditFactorChange(db: Tx, account: AuditedAccount, change: string, by?: { accountId: string; reason: string }): Promise<void> {
  if (account.role !== 'ADMIN' && !by) return;
  await db.auditEntry.create({
    data: {
      actorId: by?.accountId ?? account.id,
      action: `factor.${change}`.slice(0, 64),
      targetType: 'account',
      targetId: account.id,
      reason: by?.reason ?? null,
      // A physician's entry holds the day even when staff made the change: it is about their account.
      at: auditTimeFor(account.role),
    },
  });
}

const today = () => dayOf(new Date()).toISOString().slice(0, 10);

/**
 * Counts a sign-in attempt on a known account (today's tally; failed ones are attempts minus
 * successes). Run beside the password's verification, so that it adds nothing to the answer's
 * time: an unknown address writes nothing, and must not be told apart by a slower answer.
 */
export async function countSignInAttempt(db: Db, accountId: string): Promise<void> {
  await db.$executeRaw(signInAttemptStatement(accountId));
}

/** `countSignInAttempt`'s statement (bench:login's hand-written peer runs the same text). */
export function signInAttemptStatement(accountId: string): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO sign_in_tally (account_id, day, attempts) VALUES (${accountId}::uuid, ${today()}::date, 1)
    ON CONFLICT (account_id, day) DO UPDATE SET attempts = sign_in_tally.attempts + 1`;
}

/**
 * A successful sign-in's count on today's tally, as a statement to run with the session's insert
 * (`createSession`'s `alongside`): one commit on the login's critical path instead of two.
 */
export function signInSuccessTally(accountId: string): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO sign_in_tally (account_id, day, attempts, successes) VALUES (${accountId}::uuid, ${today()}::date, 1, 1)
    ON CONFLICT (account_id, day) DO UPDATE SET successes = sign_in_tally.successes + 1`;
}

/**
 * A successful sign-in's own audit entry, as a statement to run with the session's insert: for
 * staff and clients only (a physician's is the tally's count), null for a physician.
 */
export function signInEntry(account: AuditedAccount): Prisma.Sql | null {
  if (account.role === 'PHYSICIAN') return null;
  return Prisma.sql`
    INSERT INTO audit_entry (actor_id, action, target_type, target_id, at)
    VALUES (${account.id}::uuid, 'account.sign_in', 'account', ${account.id}::uuid, ${auditTimeFor(account.role)}::timestamptz)`;
}
