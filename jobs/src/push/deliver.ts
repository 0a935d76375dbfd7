/**
 * The push delivery sweep: tells each account with a subscribed browser how many notifications
 * its pseudonym received since the last sweep. The account → pseudonym link is made in memory
 * only (key = HMAC(PSEUDONYM_SECRET, account id), as the API does) and never written anywhere:
 * the one watermark is global, and nothing is written when an account is pushed to.
 */
import type { Db } from '@consilium/db';
import { pseudonymKey } from '../pseudonym-key.ts';
import { notificationPush, type NotificationCounts } from './message.ts';
import { sendPushToAccount, type PushLog, type PushResult, type VapidSettings } from './send.ts';


export interface DeliverySettings {
  pseudonymSecret: string;
  vapid: VapidSettings;
  log: PushLog;
  /** Accounts looked up per round trip. */
  batchSize?: number;
  /**
   * Notifications younger than this wait for the next sweep: a row's created_at is its
   * transaction's start, so one committed just after the sweep's clock may carry an earlier time.
   */
  graceMs?: number;
}

export interface DeliveryResult extends PushResult {
  accounts: number;
}

/** Runs one sweep; idempotent except that a crash before the watermark moves repeats pushes. */
export async function deliverNotificationPushes(db: Db, settings: DeliverySettings): Promise<DeliveryResult> {
  const batchSize = settings.batchSize ?? 500;
  const [clock] = await db.$queryRaw<{ now: Date }[]>`SELECT now() - make_interval(secs => ${(settings.graceMs ?? 5_000) / 1000}) AS now`;
  const now = clock!.now;
  const mark = await db.pushDelivery.findUnique({ where: { id: 1 } });
  const result: DeliveryResult = { accounts: 0, sent: 0, gone: 0, failed: 0 };
  if (!mark) {
    // The first sweep starts the clock: a new deployment does not push its whole history.
    await db.pushDelivery.create({ data: { id: 1, deliveredThrough: now } });
    return result;
  }
  if (now <= mark.deliveredThrough) return result;
  let after: string | undefined;
  for (;;) {
    const accounts = await db.account.findMany({
      where: { pushSubscriptions: { some: {} }, ...(after && { id: { gt: after } }) },
      select: { id: true, language: true },
      orderBy: { id: 'asc' },
      take: batchSize,
    });
    if (accounts.length === 0) break;
    after = accounts.at(-1)!.id;
    const byKey = new Map(accounts.map((a) => [Buffer.from(pseudonymKey(settings.pseudonymSecret, a.id)).toString('hex'), a]));
    const keys = [...byKey.keys()].map((hex) => Buffer.from(hex, 'hex'));
    const rows = await db.$queryRaw<{ key: Uint8Array; kind: keyof NotificationCounts; n: number }[]>`
      SELECT p."key", n."kind"::text AS "kind", count(*)::int AS "n"
      FROM "notification" n JOIN "pseudonym" p ON p."id" = n."recipient_id"
      WHERE p."key" = ANY(${keys}::bytea[]) AND NOT n."read"
        AND n."created_at" > ${mark.deliveredThrough} AND n."created_at" <= ${now}
      GROUP BY p."key", n."kind"`;
    const counts = new Map<string, NotificationCounts>();
    for (const row of rows) {
      const hex = Buffer.from(row.key).toString('hex');
      counts.set(hex, { ...counts.get(hex), [row.kind]: row.n });
    }
    for (const [hex, c] of counts) {
      const account = byKey.get(hex)!;
      const r = await sendPushToAccount(db, settings.vapid, account.id, notificationPush(c, account.language), settings.log);
      result.accounts++;
      result.sent += r.sent;
      result.gone += r.gone;
      result.failed += r.failed;
    }
    if (accounts.length < batchSize) break;
  }
  await db.pushDelivery.update({ where: { id: 1 }, data: { deliveredThrough: now } });
  return result;
}
