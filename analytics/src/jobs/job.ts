import { REPORT_RETRY_DELAY_MS } from '@consilium/jobs/queue';
import type { Db } from '@consilium/db';
import type { ReverificationMail } from '@consilium/jobs/reverification';
import type { NotificationMailSettings } from '@consilium/jobs/notification-mail';
import type { Queue } from 'bullmq';
import type { z } from 'zod';
import type { Logger } from '../log.ts';
import type { VapidSettings } from '@consilium/jobs/push';

/** What push delivery needs: the VAPID keys (null: push is off) and the pseudonym key, read in memory only. */
export interface PushDeps {
  vapid: VapidSettings | null;
  pseudonymSecret: string;
}

/** How reports are built; from the worker's environment, or a test's own. */
export interface ReportSettings {
  /** The smallest group a figure may describe (REPORT_K). */
  k: number;
  /** Differential privacy on counts when set (REPORT_EPSILON). */
  epsilon: number | null;
  /** Late answers are taken this long after a survey closes (SURVEY_GRACE_HOURS). */
  graceHours: number;
  /** First retry delay of a failed build; doubles on each attempt. */
  retryDelayMs: number;
  /** Runs inside the build's transaction, just before it commits: where a fault test injects a slow commit (never set in production). */
  beforeCommit?: (surveyId: string) => Promise<void>;
}

export const defaultReportSettings: ReportSettings = { k: 11, epsilon: null, graceHours: 48, retryDelayMs: REPORT_RETRY_DELAY_MS };

/** What a job may use: injected, so tests hand in their own database and logger. */
export interface JobDeps {
  db: Db;
  log: Logger;
  /** The queue, for jobs that enqueue others (the report sweep). */
  queue?: Queue;
  reports?: ReportSettings;
  /** Re-verification: the age in days (REVERIFY_AFTER_DAYS). */
  reverifyAfterDays?: number;
  /** How the holders of re-verified credentials are mailed: SMTP_URL's server, links to WEB_URL. */
  mail?: ReverificationMail;
  /** Web push: absent (or without VAPID keys) means push is off and the sweep does nothing. */
  push?: PushDeps;
  /** Notification mails: the transport, the secrets and the links (docs/notifications.md). */
  notificationMail?: NotificationMailSettings;
  /** SURVEY_KEY_SECRET and REPORT_K when the worker is given the secret: the wave sweep then makes each opened wave's keys. */
  surveyKeys?: { secret: string; k: number };
}

/** A background job: its queue name, the schema of its payload, and the work itself. */
export interface JobDefinition<N extends string = string, S extends z.ZodType = z.ZodType, R = unknown> {
  name: N;
  /** Parsed at the queue boundary, on enqueue and again when the worker takes the job. */
  payload: S;
  /** Must be idempotent: BullMQ delivers at least once, and retries repeat partial work. */
  handle(payload: z.output<S>, deps: JobDeps): Promise<R>;
  /** Called once when the job has failed for the last time (retries exhausted, or unrecoverable). */
  onFinalFailure?(payload: z.output<S>, error: Error, deps: JobDeps): Promise<void>;
}

/** Keeps the literal job name in the type, so the registry's keys are exact. */
export function defineJob<N extends string, S extends z.ZodType, R>(job: JobDefinition<N, S, R>): JobDefinition<N, S, R> {
  return job;
}
