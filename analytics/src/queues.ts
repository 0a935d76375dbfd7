/**
 * The analytics queue, its worker and its schedules. Connections and names are injected:
 * the process makes one Redis connection, and each test uses a queue name of its own.
 */
import { Queue, UnrecoverableError, Worker, type DefaultJobOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDeps } from './jobs/job.ts';
import { finalFailure, jobs, runJob, type JobName, type JobPayload } from './jobs/registry.ts';
import { reportsEnqueuePending } from './jobs/reports-enqueue-pending.ts';
import { sessionsPurgeExpired } from './jobs/sessions-purge-expired.ts';
import { surveysCloseDue } from './jobs/surveys-close-due.ts';
import { pseudonymsSettle } from './jobs/pseudonyms-settle.ts';
import { responsesSettle } from './jobs/responses-settle.ts';

/** The queue every analytics job goes through unless a test names another. */
export const ANALYTICS_QUEUE = 'analytics';

/** Every job retries with backoff; a payload that can never succeed fails at once instead (see registry). */
export const defaultJobOptions: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  // Finished jobs are kept for inspection, but bounded: Redis holds them in memory.
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};

export interface QueueConfig {
  /** Needs `maxRetriesPerRequest: null` (BullMQ's blocking commands must not give up). */
  connection: Redis;
  prefix: string;
  name?: string;
}

export type AnalyticsQueue = Queue<unknown, unknown, JobName>;

/** The producer side, for the worker's schedules and for the API's enqueues. */
export function createQueue({ connection, prefix, name = ANALYTICS_QUEUE }: QueueConfig): AnalyticsQueue {
  return new Queue<unknown, unknown, JobName>(name, { connection, prefix, defaultJobOptions });
}

export interface WorkerConfig extends QueueConfig {
  concurrency: number;
  deps: JobDeps;
  /** How long a job's lock lasts, and how often stalled jobs (their worker died) are taken back. */
  lockMs?: number;
}

/**
 * Takes jobs off the queue and runs them through the registry; the caller adds the `error`
 * listener. On a job's last failure its `onFinalFailure` records it (a FAILED report).
 */
export function createWorker({ connection, prefix, name = ANALYTICS_QUEUE, concurrency, deps, lockMs = 30_000 }: WorkerConfig): Worker {
  const process = async (job: Job) => {
    try {
      return await runJob(job.name, job.data, deps);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await finalFailure(job.name, job.data, error, deps).catch((e: unknown) =>
          deps.log.error({ job: job.name, err: (e as Error).message }, 'recording a final failure failed'),
        );
      }
      throw error;
    }
  };
  return new Worker(name, process, { connection, prefix, concurrency, lockDuration: lockMs, stalledInterval: lockMs });
}

/**
 * Adds a job after checking its payload, so a bad payload fails at the caller rather
 * than in the worker. Give `jobId` to make the enqueue itself idempotent.
 */
export async function enqueue<N extends JobName>(queue: AnalyticsQueue, name: N, payload: JobPayload<N>, jobId?: string) {
  jobs[name].payload.parse(payload);
  return queue.add(name, payload, jobId ? { jobId } : undefined);
}

/**
 * Schedules the periodic sweeps. A job scheduler is one record in Redis keyed by its id,
 * so every worker process can upsert it at start without multiplying the jobs.
 */
export async function scheduleSweeps(queue: AnalyticsQueue, everySeconds: number): Promise<void> {
  for (const job of [sessionsPurgeExpired, surveysCloseDue, responsesSettle, pseudonymsSettle, reportsEnqueuePending]) {
    await queue.upsertJobScheduler(job.name, { every: everySeconds * 1_000 }, { name: job.name, data: {} });
  }
}
