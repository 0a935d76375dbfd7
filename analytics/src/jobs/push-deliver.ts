import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { deliverNotificationPushes } from '@consilium/jobs/push-delivery';
import { defineJob } from './job.ts';

/**
 * Pushes "N new notifications" to each account with a subscribed browser whose pseudonym was
 * notified since the last sweep (@consilium/jobs/push-delivery). Off without VAPID keys.
 */
export const pushDeliver = defineJob({
  name: 'push:deliver',
  payload: JOB_PAYLOADS['push:deliver'],
  async handle(_payload, { db, log, push }) {
    if (!push?.vapid) return { accounts: 0, sent: 0, gone: 0, failed: 0 };
    const result = await deliverNotificationPushes(db, { vapid: push.vapid, pseudonymSecret: push.pseudonymSecret, log });
    if (result.accounts > 0) log.info({ job: 'push:deliver', ...result }, 'pushes delivered');
    return result;
  },
});
