/**
 * The worker's Prometheus metrics: queue depths, job durations, report builds, the database
 * pool. Labels come from closed sets (queue names, the contract's job names, build outcomes):
 * never a survey id or anything else a job's payload carries.
 */
import type { Db } from '@consilium/db';
import { registerPoolGauges } from '@consilium/jobs/observability';
import { isJobName } from '@consilium/jobs/payloads';
import type { Job, Queue, Worker } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export interface WorkerMetrics {
  registry: Registry;
  /** Times the worker's jobs and counts report builds by outcome. */
  observe(worker: Worker): void;
}

/** A report build's outcome label, from what `reports:build` returned (`BuildOutcome`). */
export function buildOutcome(returned: unknown): string {
  const outcome = returned as { built?: boolean; reason?: string } | null;
  if (outcome?.built) return 'built';
  return ({ 'not pending': 'not_pending', 'not due': 'not_due', 'built concurrently': 'built_concurrently' } as Record<string, string>)[outcome?.reason ?? ''] ?? 'other';
}

export function createWorkerMetrics({ db, queues }: { db: Db; queues: Queue[] }): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerPoolGauges(registry, db);

  new Gauge({
    name: 'consilium_queue_jobs',
    help: 'Jobs in each queue by state (waiting, active, delayed, failed), read at each scrape',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  });
  const durations = new Histogram({
    name: 'consilium_job_duration_seconds',
    help: 'Job run time by job name and result (completed, failed)',
    labelNames: ['job', 'result'],
    registers: [registry],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
  });
  const builds = new Counter({
    name: 'consilium_report_builds_total',
    help: 'Report build runs by outcome (built, not_pending, not_due, built_concurrently, failed)',
    labelNames: ['outcome'],
    registers: [registry],
  });

  const jobLabel = (job: Job) => (isJobName(job.name) ? job.name : 'other');
  const ran = (job: Job) => Math.max(0, ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1_000);

  return {
    registry,
    observe(worker) {
      worker.on('completed', (job) => {
        durations.observe({ job: jobLabel(job), result: 'completed' }, ran(job));
        if (job.name === 'reports:build') builds.inc({ outcome: buildOutcome(job.returnvalue) });
      });
      worker.on('failed', (job) => {
        if (!job) return;
        durations.observe({ job: jobLabel(job), result: 'failed' }, ran(job));
        if (job.name === 'reports:build') builds.inc({ outcome: 'failed' });
      });
    },
  };
}
