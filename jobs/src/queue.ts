/**
 * The analytics queue as both sides use it: its name, default options, the producer, validated
 * enqueues, and how a report build is queued (by the worker's sweep and by the API alike).
 */
import type { Db } from '@consilium/db';
import { Queue, type DefaultJobOptions, type JobsOptions } from 'bullmq';
import type { RedisClient } from './redis.ts';
import { JOB_PAYLOADS, reportFilesJobId, reportJobId, type JobName, type JobPayload } from './payloads.ts';
import { REPORT_IS_DUE } from './report-state.ts';

/** The queue every analytics job goes through unless a test names another. */
export const ANALYTICS_QUEUE = 'analytics';

/** First retry delay of a failed report build; doubles on each attempt. */
export const REPORT_RETRY_DELAY_MS = 2_000;

/** Every job retries with backoff; a payload that can never succeed fails at once instead. */
export const defaultJobOptions: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  // Finished jobs are kept for inspection, but bounded: Redis holds them in memory.
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};

export interface QueueConfig {
  /** Needs `maxRetriesPerRequest: null` (BullMQ's blocking commands must not give up). */
  connection: RedisClient;
  prefix: string;
  name?: string;
}

export type AnalyticsQueue = Queue<unknown, unknown, JobName>;

/** The producer side, for the worker's schedules and for the API's enqueues. */
export function createQueue({ connection, prefix, name = ANALYTICS_QUEUE }: QueueConfig): AnalyticsQueue {
  return new Queue<unknown, unknown, JobName>(name, { connection, prefix, defaultJobOptions });
}

/**
 * Adds a job after checking its payload, so a bad payload fails at the caller rather
 * than in the worker. Give `jobId` to make the enqueue itself idempotent.
 */
export async function enqueue<N extends JobName>(queue: AnalyticsQueue, name: N, payload: JobPayload<N>, jobId?: string) {
  JOB_PAYLOADS[name].parse(payload);
  return queue.add(name, payload, jobId ? { jobId } : undefined);
}

/** How a build is queued: one job id per survey, retried with backoff. */
export function reportBuildJobOptions(surveyId: string, retryDelayMs = REPORT_RETRY_DELAY_MS): JobsOptions {
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

/** Queues the build of a READY report's files (PDF, respondent-level file); a job already queued is not added twice. */
export async function enqueueReportFiles(queue: Queue, surveyId: string): Promise<void> {
  await queue.add('reports:files', { surveyId }, { jobId: reportFilesJobId(surveyId), attempts: 5, backoff: { type: 'exponential', delay: REPORT_RETRY_DELAY_MS }, removeOnComplete: true, removeOnFail: true });
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
