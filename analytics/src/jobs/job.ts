import type { Db } from '@consilium/db';
import type { z } from 'zod';
import type { Logger } from '../log.ts';

/** What a job may use: injected, so tests hand in their own database and logger. */
export interface JobDeps {
  db: Db;
  log: Logger;
}

/** A background job: its queue name, the schema of its payload, and the work itself. */
export interface JobDefinition<N extends string = string, S extends z.ZodType = z.ZodType, R = unknown> {
  name: N;
  /** Parsed at the queue boundary, on enqueue and again when the worker takes the job. */
  payload: S;
  /** Must be idempotent: BullMQ delivers at least once, and retries repeat partial work. */
  handle(payload: z.output<S>, deps: JobDeps): Promise<R>;
}

/** Keeps the literal job name in the type, so the registry's keys are exact. */
export function defineJob<N extends string, S extends z.ZodType, R>(job: JobDefinition<N, S, R>): JobDefinition<N, S, R> {
  return job;
}
