import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { DEFAULT_REVERIFY_AFTER_DAYS, loggingSendMail, mailReverification, queueOldVerifications } from '@consilium/jobs/reverification';
import { defineJob } from './job.ts';

/**
 * Puts verified credentials older than REVERIFY_AFTER_DAYS in the admins' re-verification queue
 * and mails their holders. Idempotent: a queued credential is not queued (or mailed) again, and
 * a confirmed one counts its age from the confirmation. The database clock decides the age.
 */
export const credentialsReverifyDue = defineJob({
  name: 'credentials:reverify-due',
  payload: JOB_PAYLOADS['credentials:reverify-due'],
  async handle(_payload, { db, log, reverifyAfterDays = DEFAULT_REVERIFY_AFTER_DAYS, sendMail = loggingSendMail(log) }) {
    const queued = await queueOldVerifications(db, reverifyAfterDays);
    if (queued.length > 0) log.info({ job: 'credentials:reverify-due', queued: queued.length }, 'credentials queued for re-verification');
    await mailReverification(db, sendMail, queued);
    return { queued: queued.length };
  },
});
