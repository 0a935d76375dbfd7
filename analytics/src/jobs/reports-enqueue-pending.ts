import { z } from 'zod';
import { defaultReportSettings, defineJob } from './job.ts';
import { reportJobId } from './reports-build.ts';

/**
 * The guarantee behind every report: PostgreSQL says which reports are PENDING and due, and
 * this sweep (re)enqueues a build for each. A Redis that lost its queue loses no work; a job
 * already queued under the same id is not added twice. Built and failed jobs are removed from
 * Redis (their outcome is in PostgreSQL), so a report put back to PENDING is enqueued again.
 */
export const reportsEnqueuePending = defineJob({
  name: 'reports:enqueue-pending',
  payload: z.object({ limit: z.number().int().positive().default(500) }),
  async handle({ limit }, { db, queue, reports }) {
    if (!queue) throw new Error('reports:enqueue-pending needs the queue');
    const settings = reports ?? defaultReportSettings;
    const due = await db.$queryRaw<Array<{ survey_id: string }>>`
      SELECT r.survey_id::text FROM report r JOIN survey s ON s.id = r.survey_id
      WHERE r.status = 'PENDING' AND (r.due_at <= now() OR s.response_count >= s.tokens_issued)
      ORDER BY r.due_at LIMIT ${limit}`;
    for (const { survey_id: surveyId } of due) {
      await queue.add('reports:build', { surveyId }, {
        jobId: reportJobId(surveyId),
        attempts: 5,
        backoff: { type: 'exponential', delay: settings.retryDelayMs },
        removeOnComplete: true,
        removeOnFail: true,
      });
    }
    return { due: due.length };
  },
});
