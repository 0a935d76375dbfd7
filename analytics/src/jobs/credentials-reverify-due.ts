import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { DEFAULT_REVERIFY_AFTER_DAYS, mailReverification, queueOldVerifications } from '@consilium/jobs/reverification';
import { UnrecoverableError } from 'bullmq';
import { defineJob } from './job.ts';

/**
 * Puts verified credentials older than REVERIFY_AFTER_DAYS in the admins' re-verification queue
 * and mails their holders, each in their account's language (the credential page says the same).
 * Idempotent: a queued credential is not queued (or mailed) again, and a confirmed one counts its
 * age from the confirmation. The database clock decides the age.
 */
export const credentialsReverifyDue = defineJob({
  name: 'credentials:reverify-due',
  payload: JOB_PAYLOADS['credentials:reverify-due'],
  async handle(_payload, { db, log, reverifyAfterDays = DEFAULT_REVERIFY_AFTER_DAYS, mail }) {
    // Checked before anything is queued: a credential queued without its mail would never be mailed.
    if (!mail) throw new UnrecoverableError('credentials:reverify-due needs a mail transport (deps.mail)');
    const queued = await queueOldVerifications(db, reverifyAfterDays);
    if (queued.length > 0) log.info({ job: 'credentials:reverify-due', queued: queued.length }, 'credentials queued for re-verification');
    await mailReverification(db, mail, queued);
    return { queued: queued.length };
  },
});
