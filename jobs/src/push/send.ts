/**
 * Web Push (RFC 8030, payloads encrypted per RFC 8291, VAPID per RFC 8292) through the
 * `web-push` package: one sender for the worker's delivery and whatever else pushes per account.
 * A push carries counts and a link only (docs/pseudonyms.md, "What the push service can learn");
 * logs carry the account's id and status codes, never an endpoint or a payload.
 */
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Db } from '@consilium/db';

/** VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY (base64url, P-256) and VAPID_SUBJECT (mailto: or https:). */
export interface VapidSettings {
  publicKey: string;
  privateKey: string;
  subject: string;
  /** Tests only: an agent that trusts a local push service's certificate. */
  agent?: Agent;
}

/** Push is off unless both keys are set; the subject defaults to the service's address. */
export function vapidSettings(env: { VAPID_PUBLIC_KEY?: string; VAPID_PRIVATE_KEY?: string; VAPID_SUBJECT?: string }): VapidSettings | null {
  if (!env.VAPID_PUBLIC_KEY || !env.VAPID_PRIVATE_KEY) return null;
  return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT || 'mailto:no-reply@consilium.localhost' };
}

/** A new VAPID key pair (`pnpm cli push:keys`). */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}

/** What a push says: a title, a count sentence and a path on the web app. Nothing more may go in. */
export interface PushMessage {
  title: string;
  body: string;
  url: string;
}

export interface PushLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface PushResult {
  sent: number;
  /** Subscriptions the push service no longer knows (404, 410): deleted. */
  gone: number;
  failed: number;
}

/** How long a push service keeps an undelivered message (the phone may be off). */
const TTL_SECONDS = 24 * 3600;

/**
 * Pushes `message` to every browser the account subscribed; deletes the subscriptions the push
 * service answers 404 or 410 for. Never throws for a push service's refusal: the account's
 * other devices and the other accounts of a batch are still pushed to.
 */
export async function sendPushToAccount(db: Db, vapid: VapidSettings, accountId: string, message: PushMessage, log: PushLog): Promise<PushResult> {
  const subscriptions = await db.pushSubscription.findMany({ where: { accountId }, select: { id: true, endpoint: true, p256dh: true, auth: true } });
  const result: PushResult = { sent: 0, gone: 0, failed: 0 };
  const payload = JSON.stringify(message);
  await Promise.all(
    subscriptions.map(async (s) => {
      try {
        await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, payload, {
          vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
          ...(vapid.agent && { agent: vapid.agent }),
          TTL: TTL_SECONDS,
          contentEncoding: 'aes128gcm',
          timeout: 10_000,
        });
        result.sent++;
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        if (status === 404 || status === 410) {
          await db.pushSubscription.deleteMany({ where: { id: s.id } });
          result.gone++;
        } else {
          result.failed++;
          log.warn({ push: 'notifications', accountId, status: status ?? 'network' }, 'push not sent');
        }
      }
    }),
  );
  if (result.sent > 0 || result.gone > 0) log.info({ push: 'notifications', accountId, ...result }, 'push sent');
  return result;
}
