import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { defineJob } from './job.ts';

/**
 * Deletes server-side sessions past their expiry. Expired sessions are already refused at
 * login time; this keeps the table (and its token hashes) from growing without bound.
 *
 * Deletes in batches so that a large backlog never holds many row locks or one long
 * transaction; SKIP LOCKED lets two overlapping runs share the work instead of waiting.
 * The database clock decides what is expired, so worker clock skew cannot matter.
 */
export const sessionsPurgeExpired = defineJob({
  name: 'sessions:purge-expired',
  payload: JOB_PAYLOADS['sessions:purge-expired'],
  async handle({ batchSize }, { db, log }) {
    let deleted = 0;
    for (;;) {
      const count = await db.$executeRaw`
        DELETE FROM "session" WHERE "id" IN (
          SELECT "id" FROM "session" WHERE "expires_at" <= now()
          ORDER BY "expires_at" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`;
      deleted += count;
      if (count < batchSize) break;
    }
    if (deleted > 0) log.info({ job: 'sessions:purge-expired', deleted }, 'expired sessions purged');
    return { deleted };
  },
});
