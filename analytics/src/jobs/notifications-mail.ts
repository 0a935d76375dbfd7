import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { notificationMailSweep } from '@consilium/jobs/notification-mail';
import { UnrecoverableError } from 'bullmq';
import { defineJob } from './job.ts';

/**
 * Mails notifications: immediate mails to IMMEDIATE_DAILY accounts, then the daily and weekly
 * digests that are due (@consilium/jobs/notification-mail says how nothing links an account to
 * its pseudonym). At most once: a retry after a crash skips what the crashed run claimed.
 * The log holds counts only — no account id, no pseudonym id.
 */
export const notificationsMail = defineJob({
  name: 'notifications:mail',
  payload: JOB_PAYLOADS['notifications:mail'],
  async handle(_payload, { db, log, notificationMail }) {
    if (!notificationMail) throw new UnrecoverableError('notifications:mail needs a mail transport (deps.notificationMail)');
    const sent = await notificationMailSweep(db, notificationMail);
    if (sent.immediate + sent.daily + sent.weekly > 0) log.info({ job: 'notifications:mail', ...sent }, 'notification mails sent');
    return sent;
  },
});
