/**
 * The API's side of "paying (or closing, or retrying) builds the report now": right after the
 * transaction that made a report PENDING commits, its build is queued on the worker's queue —
 * same queue name, prefix and job id (`report-<surveyId>`) as the worker's sweep, so the two
 * never queue it twice. Best effort: if Redis is down the mutation still succeeds, one line is
 * logged, and the sweep (`reports:enqueue-pending`) queues the build on its next run. A report
 * still in its grace period is not queued (the sweep queues it when it falls due).
 */
import { ANALYTICS_QUEUE, createQueue, enqueueReportFiles, enqueueReportIfDue, type AnalyticsQueue } from '@consilium/jobs/queue';
import type { Db } from '@consilium/db';
import { createRedis } from '@consilium/jobs/redis';
import type { Logger } from 'pino';

export interface ReportBuilds {
  /** Queues the survey's build if its report is PENDING and due; never throws. */
  enqueueIfDue(surveyId: string): Promise<void>;
  /** Queues the build of a READY report's files (a payment that includes the respondent-level file); never throws. */
  enqueueFiles(surveyId: string): Promise<void>;
  close(): Promise<void>;
}

/** For an app without a queue (most tests): the sweep alone builds reports. */
export const noReportBuilds: ReportBuilds = { enqueueIfDue: async () => {}, enqueueFiles: async () => {}, close: async () => {} };

export interface ReportBuildsConfig {
  db: Db;
  log: Logger;
  redisUrl: string;
  /** The worker's queue prefix: `queuePrefix(REDIS_URL, QUEUE_PREFIX)` (a hash tag on a cluster). */
  prefix: string;
  /** The worker's queue name; tests use their own. */
  queueName?: string;
  /** The longest a mutation waits for Redis before leaving the build to the sweep. */
  timeoutMs?: number;
}

export function createReportBuilds({ db, log, redisUrl, prefix, queueName = ANALYTICS_QUEUE, timeoutMs = 2_000 }: ReportBuildsConfig): ReportBuilds {
  // A connection of its own that fails fast while Redis is unreachable, instead of queueing
  // commands until it comes back (BullMQ's advice for producers).
  const connection = createRedis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  let warned = false;
  connection.on('error', () => {
    if (warned) return;
    warned = true;
    log.warn('report queue: Redis unreachable; reports are queued by the worker’s sweep meanwhile');
  });
  connection.on('ready', () => (warned = false));
  const queue: AnalyticsQueue = createQueue({ connection, prefix, name: queueName });
  queue.on('error', () => {}); // reported through the connection's listener above

  /** Best effort within timeoutMs: the sweep is the guarantee. */
  async function bounded(surveyId: string, work: () => Promise<unknown>, what: string) {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      });
      await Promise.race([work(), timeout]);
    } catch {
      // No details: the sweep is the guarantee, and an error here says nothing a user did.
      log.warn({ surveyId }, `${what} not queued now; the worker’s sweep will queue it`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    enqueueIfDue: (surveyId) => bounded(surveyId, () => enqueueReportIfDue(db, queue, surveyId), 'report build'),
    enqueueFiles: (surveyId) => bounded(surveyId, () => enqueueReportFiles(queue, surveyId), 'report files'),
    async close() {
      await queue.close().catch(() => {});
      connection.disconnect();
    },
  };
}
