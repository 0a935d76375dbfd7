import { UnrecoverableError } from 'bullmq';
import { isJobName, type JOB_PAYLOADS, type JobName } from '@consilium/jobs/payloads';
import type { JobDefinition, JobDeps } from './job.ts';
import { credentialsReverifyDue } from './credentials-reverify-due.ts';
import { notificationsMail } from './notifications-mail.ts';
import { pseudonymsSettle } from './pseudonyms-settle.ts';
import { pushDeliver } from './push-deliver.ts';
import { reportsBuild } from './reports-build.ts';
import { reportsEnqueuePending } from './reports-enqueue-pending.ts';
import { reportsFiles } from './reports-files.ts';
import { responsesSettle } from './responses-settle.ts';
import { sessionsPurgeExpired } from './sessions-purge-expired.ts';
import { surveysCloseDue } from './surveys-close-due.ts';
import { surveysOpenWaves } from './surveys-open-waves.ts';

/**
 * Every job the worker runs, by queue name: exactly the jobs of the contract
 * (@consilium/jobs/payloads), each with the contract's payload schema.
 */
export const jobs = {
  [sessionsPurgeExpired.name]: sessionsPurgeExpired,
  [surveysCloseDue.name]: surveysCloseDue,
  [surveysOpenWaves.name]: surveysOpenWaves,
  [responsesSettle.name]: responsesSettle,
  [pseudonymsSettle.name]: pseudonymsSettle,
  [reportsEnqueuePending.name]: reportsEnqueuePending,
  [reportsBuild.name]: reportsBuild,
  [reportsFiles.name]: reportsFiles,
  [credentialsReverifyDue.name]: credentialsReverifyDue,
  [pushDeliver.name]: pushDeliver,
  [notificationsMail.name]: notificationsMail,
} satisfies { [N in JobName]: JobDefinition<N, (typeof JOB_PAYLOADS)[N]> };

/**
 * The queue boundary: finds the job and parses its payload. A job that can never succeed
 * (unknown name, payload of the wrong shape) throws `UnrecoverableError`, so BullMQ fails
 * it at once instead of retrying. The message names fields, never their values.
 */
export function resolveJob(name: string, data: unknown): { job: JobDefinition; payload: unknown } {
  if (!isJobName(name)) throw new UnrecoverableError(`unknown job "${name}"`);
  const job: JobDefinition = jobs[name];
  const parsed = job.payload.safeParse(data);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
    throw new UnrecoverableError(`invalid payload for "${name}": ${fields}`);
  }
  return { job, payload: parsed.data };
}

/** Runs one job from its queue name and raw payload. */
export async function runJob(name: string, data: unknown, deps: JobDeps): Promise<unknown> {
  const { job, payload } = resolveJob(name, data);
  return job.handle(payload, deps);
}

/** Tells a job that it has failed for the last time (a no-op for jobs that do not care). */
export async function finalFailure(name: string, data: unknown, error: Error, deps: JobDeps): Promise<void> {
  if (!isJobName(name)) return;
  const job: JobDefinition = jobs[name];
  const parsed = job.payload.safeParse(data);
  if (parsed.success) await job.onFinalFailure?.(parsed.data, error, deps);
}
