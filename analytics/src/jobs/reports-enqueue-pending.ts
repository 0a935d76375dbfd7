import type { Db } from '@consilium/db';
import type { JobsOptions, Queue } from 'bullmq';
import { z } from 'zod';
import { REPORT_IS_DUE } from '../aggregate/due.ts';
import { defaultReportSettings, defineJob } from './job.ts';
import { reportJobId } from './reports-build.ts';

/** How a build is queued, by the sweep and by the API alike: one job id per survey, retried with backoff. */
export function reportBuildJobOptions(surveyId: string, retryDelayMs = defaultReportSettings.retryDelayMs): JobsOptions {
  return {
    jobId: reportJobId(surveyId),
    attempts: 5,
    backoff: { type: 'exponential', delay: retryDelayMs },
    // The outcome is in PostgreSQL; removing the job lets a report put back to PENDING be queued again.
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/** Queues a survey's build (a job already queued under the same id is not added twice). */
export async function enqueueReportBuild(queue: Queue, surveyId: string, retryDelayMs?: number): Promise<void> {
  await queue.add('reports:build', { surveyId }, reportBuildJobOptions(surveyId, retryDelayMs));
}

/**
 * Queues a survey's build only if its report is PENDING and due now — the same rule as the sweep
 * and the build — so that a report waiting for its grace period is not queued early (the sweep
 * queues it when it falls due). Returns whether it was queued.
 */
export async function enqueueReportIfDue(db: Db, queue: Queue, surveyId: string, retryDelayMs?: number): Promise<boolean> {
  const [row] = await db.$queryRaw<Array<{ due: boolean }>>`
    SELECT ${REPORT_IS_DUE} AS due
    FROM report r JOIN survey s ON s.id = r.survey_id
    WHERE r.survey_id = ${surveyId}::uuid AND r.status = 'PENDING'`;
  if (!row?.due) return false;
  await enqueueReportBuild(queue, surveyId, retryDelayMs);
  return true;
}

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
  payload: z.object({ limit: z.number().int().positive().default(500) }),
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
