/**
 * The analytics worker and its schedules (the queue itself, shared with the API, is in
 * @consilium/jobs/queue). Connections and names are injected: the process makes one Redis
 * connection, and each test uses a queue name of its own.
 */
import { SWEEPS } from '@consilium/jobs/payloads';
import { ANALYTICS_QUEUE, type AnalyticsQueue, type QueueConfig } from '@consilium/jobs/queue';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { JobDeps } from './jobs/job.ts';
import { finalFailure, runJob } from './jobs/registry.ts';
import { withJobId } from './log.ts';

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
  const process = (job: Job) => withJobId(job.id ?? 'unknown', () => run(job));
  const run = async (job: Job) => {
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
 * Schedules the periodic sweeps. A job scheduler is one record in Redis keyed by its id,
 * so every worker process can upsert it at start without multiplying the jobs.
 */
export async function scheduleSweeps(queue: AnalyticsQueue, everySeconds: number): Promise<void> {
  for (const name of SWEEPS) {
    await queue.upsertJobScheduler(name, { every: everySeconds * 1_000 }, { name, data: {} });
  }
}
