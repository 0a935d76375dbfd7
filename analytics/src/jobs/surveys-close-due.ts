import { Prisma } from '@consilium/db';
import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { insertDueReports } from '@consilium/jobs/report-state';
import { defaultReportSettings, defineJob } from './job.ts';

/**
 * Closes the OPEN surveys whose closing date has passed. Until this runs, the API already
 * leaves such a survey out of physicians' inboxes; closing it also ends token issuing and
 * starts the answers' grace period.
 *
 * A survey is recorded as closed at its closing date, not at the sweep's time, so that a late
 * or delayed run never lengthens the grace period. The database clock decides what is due;
 * a second run finds nothing left to close.
 */
export const surveysCloseDue = defineJob({
  name: 'surveys:close-due',
  payload: JOB_PAYLOADS['surveys:close-due'],
  async handle(_payload, { db, log, reports }) {
    // The report's row is written in the same statement: no survey is closed without it. The
    // place shards are locked first, as an answer takes them (shard, then the survey's row), so
    // an answer taking a shard's last place meanwhile finishes instead of deadlocking.
    const [{ closed }] = await db.$transaction(async (tx) => {
      await tx.$queryRaw`
        SELECT p.shard FROM survey_place p JOIN survey s ON s.id = p.survey_id
        WHERE s.status = 'OPEN' AND s.closes_at <= now() ORDER BY p.survey_id, p.shard FOR UPDATE OF p`;
      return tx.$queryRaw<[{ closed: number }]>`
      WITH closed AS (
        UPDATE "survey" SET "status" = 'CLOSED', "closed_at" = "closes_at"
        WHERE "status" = 'OPEN' AND "closes_at" <= now()
        RETURNING id, closed_at
      ), due AS (${insertDueReports(Prisma.sql`closed`, (reports ?? defaultReportSettings).graceHours)})
      SELECT count(*)::int AS closed FROM closed`;
    });
    if (closed > 0) log.info({ job: 'surveys:close-due', closed }, 'surveys past their closing date closed');
    return { closed };
  },
});
