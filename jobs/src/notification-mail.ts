/**
 * Notification mails: immediate mails and daily or weekly digests, per the account's
 * `mail_frequency` (docs/notifications.md). The sweep is the worker's `notifications:mail` job.
 *
 * Anonymity: an account's pseudonym is found in memory only, by key = HMAC(PSEUDONYM_SECRET,
 * account id); nothing written links them. What was mailed is tracked on the ACCOUNT by two
 * instants (`mailed_up_to`, `digest_sent_at`) that a run moves to the same value for every
 * account it considers — whether or not that account had anything to read — so the columns
 * say nothing about any pseudonym's activity. A mail holds counts by kind only; the log holds
 * counts per run, not even the account id.
 *
 * Delivery is at most once: a run claims its accounts (moves their instants) before it mails,
 * so a crash mid-run skips mails rather than sending them twice.
 */
import { Prisma, queryRows, type Db, type Language, type MailFrequency } from '@consilium/db';
import { pseudonymKey } from './pseudonym-key.ts';
import { notificationMail, type NotificationCount, type NotificationMailKind } from './mail/messages.ts';
import type { MailMessage } from './mail/transport.ts';
import { unsubscribeToken } from './mail/unsubscribe.ts';

export type Delivery = 'immediate' | 'digest' | 'none';

/** What the mailer knows of a group of notifications: its kind (and, with specialist questions, its urgency). */
export interface NotificationFacts {
  kind: string;
  /** An urgent specialist question (from the question's urgency; nothing else is urgent). */
  urgent?: boolean;
}

/**
 * THE one decision: how a notification reaches an account by mail. Every channel's rule lives
 * here (web push and specialist questions plug in at this function):
 * - OFF: never;
 * - IMMEDIATE_DAILY: watched activity, answers to the account's own questions (which it watches)
 *   and urgent questions at once, the rest in the daily digest;
 * - DAILY / WEEKLY: everything in the digest.
 */
export function deliveryOf(n: NotificationFacts, frequency: MailFrequency): Delivery {
  if (frequency === 'OFF') return 'none';
  if (frequency === 'IMMEDIATE_DAILY' && (n.kind === 'WATCHED_ACTIVITY' || n.kind === 'ANSWER_TO_QUESTION' || n.urgent)) return 'immediate';
  return 'digest';
}

/** How mails leave: the SMTP mailer's `send`, or a counting sink in the bench. */
export type SendNotificationMail = (message: MailMessage) => Promise<void>;

export interface NotificationMailSettings {
  send: SendNotificationMail;
  pseudonymSecret: string;
  mailTokenSecret: string;
  /** The web app (links in the text). */
  webUrl: string;
  /** The API's one-click endpoint (List-Unsubscribe). */
  unsubscribeUrl: string;
  /** Accounts per batch (one pseudonym lookup and one count query each). */
  batchSize?: number;
}

interface Claimed {
  id: string;
  email: string;
  language: Language;
  frequency: MailFrequency;
  since: Date;
}

const pseudonymKeyHex = (secret: string, accountId: string) => Buffer.from(pseudonymKey(secret, accountId)).toString('hex');

/**
 * Claims the accounts a run mails: moves the instant of every account of the run's set to `runAt`
 * in one statement and returns the instant each had before. The set depends on the accounts'
 * settings only (frequency, verified physician, digest due), never on their notifications.
 */
async function claim(db: Db, run: NotificationMailKind, runAt: Date): Promise<Claimed[]> {
  const column = run === 'immediate' ? Prisma.raw('mailed_up_to') : Prisma.raw('digest_sent_at');
  const due =
    run === 'immediate'
      ? Prisma.sql`a.mail_frequency = 'IMMEDIATE_DAILY'`
      : run === 'daily'
        ? Prisma.sql`a.mail_frequency IN ('IMMEDIATE_DAILY', 'DAILY') AND a.digest_sent_at <= ${runAt}::timestamptz - interval '1 day' + interval '5 minutes'`
        : Prisma.sql`a.mail_frequency = 'WEEKLY' AND a.digest_sent_at <= ${runAt}::timestamptz - interval '7 days' + interval '5 minutes'`;
  return queryRows<Claimed>(db, Prisma.sql`
    WITH c AS (
      SELECT a.id, a.${column} AS since FROM account a
      JOIN credential cr ON cr.account_id = a.id AND cr.status = 'VERIFIED'
      WHERE ${due} AND a.${column} < ${runAt}::timestamptz AND a.email_confirmed
      FOR UPDATE OF a)
    UPDATE account a SET ${column} = ${runAt}::timestamptz FROM c WHERE a.id = c.id
    RETURNING a.id, a.email, a.language, a.mail_frequency AS frequency, c.since`);
}

/** Unread notifications per account and kind in (since, runAt], counted in one query per batch. */
async function countsOf(db: Db, secret: string, batch: Claimed[], runAt: Date): Promise<Map<string, NotificationCount[]>> {
  const keys = batch.map((a) => pseudonymKeyHex(secret, a.id));
  // A specialist question's urgency is its thread's (the notification's post is the question's
  // opening post, whose id is the thread's). A routine one held back by quiet hours is dated at
  // their end, so `created_at <= runAt` keeps it until then. Answers to the account's questions
  // count the questions too (the post is the answer), so that the line says "question" or "questions".
  const rows = await queryRows<{ i: number; kind: string; urgent: boolean; n: number; questions: number }>(db, Prisma.sql`
    SELECT s.i::int AS i, n.kind::text AS kind, (q.urgency = 'URGENT') IS TRUE AS urgent, count(*)::int AS n, count(DISTINCT a.thread_id)::int AS questions
    FROM unnest(${keys}::text[], ${batch.map((a) => a.since)}::timestamptz[]) WITH ORDINALITY AS s(k, since, i)
    JOIN pseudonym p ON p.key = decode(s.k, 'hex')
    JOIN notification n ON n.recipient_id = p.id AND n.created_at > s.since AND n.created_at <= ${runAt}::timestamptz AND NOT n.read
    LEFT JOIN thread_question q ON n.kind = 'SPECIALIST_QUESTION' AND q.thread_id = n.post_id
    LEFT JOIN post a ON n.kind = 'ANSWER_TO_QUESTION' AND a.id = n.post_id
    GROUP BY 1, 2, 3`);
  const byAccount = new Map<string, NotificationCount[]>();
  for (const r of rows) {
    const id = batch[r.i - 1]!.id;
    const count: NotificationCount = { kind: r.kind, urgent: r.urgent, count: r.n, ...(r.kind === 'ANSWER_TO_QUESTION' && { questions: r.questions }) };
    byAccount.set(id, [...(byAccount.get(id) ?? []), count]);
  }
  return byAccount;
}

/** Runs one kind of mail (immediate, daily or weekly) for every account due; returns how many mails left. */
export async function mailNotifications(db: Db, settings: NotificationMailSettings, run: NotificationMailKind, runAt: Date): Promise<number> {
  const claimed = await claim(db, run, runAt);
  const size = settings.batchSize ?? 5_000;
  let sent = 0;
  for (let start = 0; start < claimed.length; start += size) {
    const batch = claimed.slice(start, start + size);
    const counts = await countsOf(db, settings.pseudonymSecret, batch, runAt);
    for (const account of batch) {
      const wanted = run === 'immediate' ? 'immediate' : 'digest';
      const lines = (counts.get(account.id) ?? []).filter((c) => deliveryOf(c, account.frequency) === wanted);
      if (lines.length === 0) continue;
      const token = unsubscribeToken(settings.mailTokenSecret, account.id);
      const oneClick = `${settings.unsubscribeUrl}/${token}`;
      const mail = notificationMail(account.language, run, lines, {
        notifications: `${settings.webUrl}/notifications`,
        preferences: `${settings.webUrl}/notifications/settings`,
        unsubscribe: `${settings.webUrl}/unsubscribe/${token}`,
      });
      try {
        await settings.send({
          ...mail,
          to: account.email,
          kind: `notifications.${run}`,
          headers: { 'List-Unsubscribe': `<${oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        sent++;
      } catch {
        // Logged in aggregate by the caller (failed = claimed − sent); never with the address.
      }
    }
  }
  return sent;
}

/** The job's whole run: immediate mails, then the digests due, all at the database's `now()`. */
export async function notificationMailSweep(db: Db, settings: NotificationMailSettings): Promise<Record<NotificationMailKind, number>> {
  const [{ now }] = (await queryRows<{ now: Date }>(db, Prisma.sql`SELECT now() AS now`)) as [{ now: Date }];
  return {
    immediate: await mailNotifications(db, settings, 'immediate', now),
    daily: await mailNotifications(db, settings, 'daily', now),
    weekly: await mailNotifications(db, settings, 'weekly', now),
  };
}
