/**
 * Every background job the API and the worker agree on: its name and the schema of its payload.
 * A producer checks a payload here before it enqueues; the worker parses it again when it takes
 * the job. What each job does lives in the worker (analytics/src/jobs/), never here.
 */
import { z } from 'zod';

export const JOB_PAYLOADS = {
  'sessions:purge-expired': z.object({ batchSize: z.number().int().min(1).max(10_000).default(1_000) }),
  'surveys:close-due': z.object({}),
  'surveys:open-waves': z.object({}),
  'responses:settle': z.object({}),
  'pseudonyms:settle': z.object({}),
  'reports:enqueue-pending': z.object({ limit: z.number().int().positive().default(500) }),
  'reports:build': z.object({ surveyId: z.uuid() }),
  'reports:files': z.object({ surveyId: z.uuid() }),
  'credentials:reverify-due': z.object({}),
  'push:deliver': z.object({}),
  'notifications:mail': z.object({}),
} as const;

export type JobName = keyof typeof JOB_PAYLOADS;
export type JobPayload<N extends JobName> = z.input<(typeof JOB_PAYLOADS)[N]>;

/** The jobs every worker schedules, each once a sweep period. */
export const SWEEPS = ['sessions:purge-expired', 'surveys:close-due', 'surveys:open-waves', 'responses:settle', 'pseudonyms:settle', 'reports:enqueue-pending', 'credentials:reverify-due', 'push:deliver', 'notifications:mail'] as const satisfies readonly JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_PAYLOADS, name);
}

/** The BullMQ job id of a survey's files (PDF, respondent-level file): one job per survey in the queue at a time. */
export function reportFilesJobId(surveyId: string): string {
  return `report-files-${surveyId}`;
}

/** The BullMQ job id of a survey's build: one job per survey in the queue at a time. */
export function reportJobId(surveyId: string): string {
  return `report-${surveyId}`;
}
