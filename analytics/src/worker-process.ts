/** The analytics worker process: env → reachability checks → worker and schedules → graceful shutdown. */
import { createDb } from '@consilium/db';
import { createQueue } from '@consilium/jobs/queue';
import { createMailer, sendMailNow, type MailMessage } from '@consilium/jobs/mail';
import { vapidSettings } from '@consilium/jobs/push';
import { configureOrExit } from '@consilium/jobs/services';
import { createRedis, queuePrefix } from '@consilium/jobs/redis';
import { defaultReportSettings, type ReportSettings } from './jobs/job.ts';
import { parseEnv } from './env.ts';
import { createWorkerHttpServer } from './http.ts';
import { createLogger } from './log.ts';
import { createWorkerMetrics } from './metrics.ts';
import { createWorker, scheduleSweeps } from './queues.ts';

/**
 * Runs the worker until SIGTERM or SIGINT. `reports` adds to the report settings read from the
 * environment: a fault test injects a slow commit here (never through the environment).
 * `tracing`, started by main.ts before anything else, is flushed at the end.
 */
export async function runWorkerProcess(reports: Partial<ReportSettings> = {}, tracing?: { shutdown(): Promise<void> }): Promise<void> {
  const env = await configureOrExit(parseEnv);
  const log = createLogger(env);
  const db = createDb({ url: env.DATABASE_URL, poolMax: env.WORKER_CONCURRENCY + 1 });
  const connection = createRedis(env.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));

  const config = { connection, prefix: queuePrefix(env.REDIS_URL, env.QUEUE_PREFIX) };
  const queue = createQueue(config);
  const settings: ReportSettings = {
    ...defaultReportSettings,
    k: env.REPORT_K,
    epsilon: env.REPORT_EPSILON ?? null,
    graceHours: env.SURVEY_GRACE_HOURS,
    ...reports,
  };
  const mailer = createMailer(env, log);
  const mail = { sendMail: sendMailNow(mailer, log), webUrl: env.WEB_URL };
  const notificationMail = {
    send: (message: MailMessage) => mailer.send(message),
    pseudonymSecret: env.PSEUDONYM_SECRET,
    mailTokenSecret: env.MAIL_TOKEN_SECRET,
    webUrl: env.WEB_URL,
    unsubscribeUrl: env.MAIL_UNSUBSCRIBE_URL,
  };
  const push = { vapid: vapidSettings(env), pseudonymSecret: env.PSEUDONYM_SECRET };
  const surveyKeys = env.SURVEY_KEY_SECRET ? { secret: env.SURVEY_KEY_SECRET, k: env.REPORT_K } : undefined;
  const deps = { db, log, queue, reports: settings, reverifyAfterDays: env.REVERIFY_AFTER_DAYS, mail, notificationMail, push, surveyKeys };
  const worker = createWorker({ ...config, concurrency: env.WORKER_CONCURRENCY, lockMs: env.WORKER_LOCK_SECONDS * 1_000, deps });

  queue.on('error', (err) => log.error({ err: err.message }, 'queue error'));
  worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
  worker.on('completed', (job) => log.info({ jobId: job.id, job: job.name, ms: (job.finishedOn ?? 0) - (job.processedOn ?? 0) }, 'job completed'));
  worker.on('failed', (job, err) =>
    log.error({ jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'job failed'),
  );

  const metrics = createWorkerMetrics({ db, queues: [queue] });
  metrics.observe(worker);
  const http = createWorkerHttpServer({ db, redis: connection, registry: metrics.registry, metricsToken: env.METRICS_TOKEN });
  // A port already taken (a second worker on the machine left at the default) costs the probes
  // and metrics of this process, not its jobs: said loudly, and the worker goes on.
  http.on('error', (err) => log.error({ err: err.message, port: env.WORKER_HTTP_PORT }, 'worker HTTP server (healthz, readyz, metrics) could not listen'));
  http.listen(env.WORKER_HTTP_PORT, env.WORKER_HTTP_HOST, () => {
    const address = http.address();
    log.info({ port: typeof address === 'object' && address ? address.port : env.WORKER_HTTP_PORT, host: env.WORKER_HTTP_HOST }, 'worker HTTP server listening');
  });

  await scheduleSweeps(queue, env.SWEEP_EVERY_SECONDS);
  log.info({ queue: queue.name, concurrency: env.WORKER_CONCURRENCY, sweepEverySeconds: env.SWEEP_EVERY_SECONDS }, 'worker started');

  let closing = false;
  async function shutdown(signal: string) {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting without waiting for active jobs');
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down: waiting for active jobs');
    // Active jobs finish first; an interrupted one would be retried anyway, since jobs are idempotent.
    await worker.close();
    await queue.close();
    http.close();
    mailer.close();
    await Promise.allSettled([connection.quit(), db.$disconnect()]);
    await tracing?.shutdown().catch(() => {});
    log.info('stopped');
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
