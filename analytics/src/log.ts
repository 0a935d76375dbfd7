import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import type { Env } from './env.ts';

export type { Logger };

const jobs = new AsyncLocalStorage<{ jobId: string }>();

/** Runs `fn` as part of the job `jobId`: every line logged inside it carries the id (the worker's request id). */
export function withJobId<T>(jobId: string, fn: () => T): T {
  return jobs.run({ jobId }, fn);
}

/** pino's mixin: the current job's id on each line (none outside a job: start-up, shutdown). */
export function jobIdMixin(): { jobId?: string } {
  const jobId = jobs.getStore()?.jobId;
  return jobId ? { jobId } : {};
}

/**
 * One JSON line per event, in the API's format, with the job's id. Callers pass ids and counts
 * only: job payloads may one day name people, so neither payloads nor results are ever logged.
 */
export function createLogger(env: Pick<Env, 'LOG_LEVEL'>): Logger {
  return pino({ level: env.LOG_LEVEL, base: { service: 'worker' }, mixin: jobIdMixin });
}
