import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { enqueueReportBuild } from '@consilium/jobs/queue';
import { REPORT_IS_DUE } from '@consilium/jobs/report-state';
import { defaultReportSettings, defineJob } from './job.ts';

/**
 * The guarantee behind every report: PostgreSQL says which reports are PENDING and due, and
 * this sweep (re)enqueues a build for each. A Redis that lost its queue loses no work; a job
 * already queued under the same id is not added twice. Built and failed jobs are removed from
 * Redis (their outcome is in PostgreSQL), so a report put back to PENDING is enqueued again.
 * The API also queues a build right after it closes a survey, records a payment or retries a
 * report; this sweep is what makes that best-effort enqueue safe to lose.
 */
export const reportsEnqueuePending = defineJob({
  name: 'reports:enqueue-pending',
  payload: JOB_PAYLOADS['reports:enqueue-pending'],
  async handle({ limit }, { db, queue, reports }) {
    if (!queue) throw new Error('reports:enqueue-pending needs the queue');
    const settings = reports ?? defaultReportSettings;
    const due = await db.$queryRaw<Array<{ survey_id: string }>>`
      SELECT r.survey_id::text FROM report r JOIN survey s ON s.id = r.survey_id
      WHERE r.status = 'PENDING' AND ${REPORT_IS_DUE}
      ORDER BY r.due_at LIMIT ${limit}`;
    for (const { survey_id: surveyId } of due) await enqueueReportBuild(queue, surveyId, settings.retryDelayMs);
    return { due: due.length };
  },
});
