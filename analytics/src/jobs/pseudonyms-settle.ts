import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { defineJob } from './job.ts';

/**
 * Unties pseudonyms from the approvals that made them. An approval writes the pseudonym in the
 * transaction that writes its audit entry (same transaction id), and rows land in approval
 * order. Whenever a row is not settled (a new pseudonym, a changed badge), this job gives every
 * row of the table one new transaction id, then rewrites the table in the order of the random
 * ids (CLUSTER on the primary key: a new file, fresh indexes, the old row versions gone). After
 * it, neither the transaction ids, nor the physical order, nor the indexes' history say which
 * pseudonym came when. A CLUSTER that cannot get its lock soon gives up and is tried again next
 * sweep: readers must not queue behind it.
 */
export const pseudonymsSettle = defineJob({
  name: 'pseudonyms:settle',
  payload: JOB_PAYLOADS['pseudonyms:settle'],
  async handle(_payload, { db, log }) {
    const [{ fresh } = { fresh: 0 }] = await db.$queryRaw<Array<{ fresh: number }>>`SELECT count(*)::int AS fresh FROM pseudonym WHERE NOT settled`;
    if (fresh === 0) return { settled: 0 };
    const rows = await db.$executeRaw`UPDATE pseudonym SET settled = true`;
    try {
      await db.$transaction([db.$executeRaw`SET LOCAL lock_timeout = '5s'`, db.$executeRaw`CLUSTER pseudonym USING pseudonym_pkey`]);
    } catch (err) {
      // Without the rewrite the rows keep their update order: leave one unsettled, so the next
      // sweep does it all again.
      await db.$executeRaw`UPDATE pseudonym SET settled = false WHERE id = (SELECT id FROM pseudonym LIMIT 1)`;
      throw err;
    }
    log.info({ job: 'pseudonyms:settle', fresh, rows }, 'pseudonyms settled');
    return { settled: fresh };
  },
});
