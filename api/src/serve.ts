import { createServer } from 'node:http';
import { createDb } from '@consilium/db';
import { configureOrExit } from '@consilium/jobs/services';
import { createRedis, queuePrefix } from '@consilium/jobs/redis';
import { buildApp } from './app.ts';
import { createReportBuilds } from './domain/reports/builds.ts';
import { parseEnv } from './env.ts';
import { setSigningThreads } from './domain/blind-signatures/threads.ts';
import { createLogger } from './log.ts';
import { createReplicaMonitor } from './replica/monitor.ts';

/** Checks the configuration and the services, listens, and stops gracefully on SIGTERM; `tracing` is flushed last. */
export async function serve(tracing?: { shutdown(): Promise<void> }): Promise<void> {
  const env = await configureOrExit(parseEnv);

  const log = createLogger(env);
  if (env.SIGNING_THREADS !== undefined) setSigningThreads(env.SIGNING_THREADS);
  const db = createDb({
    url: env.DATABASE_URL,
    poolMax: env.DATABASE_POOL_MAX,
    connectionTimeoutMillis: env.DATABASE_POOL_TIMEOUT_MS,
    statementTimeoutMillis: env.DATABASE_STATEMENT_TIMEOUT_MS,
  });
  // Commands sent in the same tick go out as one write (the answer's two limits, a login's three,
  // and those of concurrent requests): fewer syscalls and Redis round trips under load.
  const redis = createRedis(env.REDIS_URL, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));

  const reportBuilds = createReportBuilds({ db, log, redisUrl: env.REDIS_URL, prefix: queuePrefix(env.REDIS_URL, env.QUEUE_PREFIX) });

  // A replica that cannot be reached within a second is skipped, not waited for.
  const replica = env.DATABASE_REPLICA_URL
    ? createReplicaMonitor({ primary: db, replica: createDb({ url: env.DATABASE_REPLICA_URL, connectionTimeoutMillis: 1000 }), maxLagMs: env.REPLICA_MAX_LAG_MS, checkMs: env.REPLICA_CHECK_MS, log })
    : null;

  const { app } = buildApp({ env, db, redis, log, reportBuilds, replica });
  const server = createServer(app.callback());
  server.requestTimeout = 30_000;
  server.listen(env.PORT, env.HOST, () => log.info({ port: env.PORT, tracing: Boolean(tracing) }, `API listening on http://localhost:${env.PORT}/graphql`));
  if (env.NODE_ENV === 'production' && !env.METRICS_TOKEN) log.warn('METRICS_TOKEN is not set: /metrics is off');

  /**
   * Graceful shutdown (SIGTERM from a rolling restart): stop accepting connections, let the
   * requests in flight finish and answer them with `Connection: close`, close keep-alive
   * connections as they fall idle, and only then close the database pool, Redis and the report
   * queue. A load balancer sees refused connections from here on and sends new requests to the
   * other processes. Whatever is still running after SHUTDOWN_GRACE_MS is cut off.
   */
  const SHUTDOWN_GRACE_MS = 25_000;
  let closing = false;
  server.on('request', (_req, res) => {
    if (closing) res.setHeader('Connection', 'close');
  });
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const grace = new Promise<'timeout'>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS, 'timeout').unref());
    if ((await Promise.race([closed, grace])) === 'timeout') {
      log.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'requests still running after the grace period: closing their connections');
      server.closeAllConnections();
    }
    clearInterval(idle);
    await Promise.allSettled([db.$disconnect(), redis.quit(), reportBuilds.close(), replica?.close()]);
    await tracing?.shutdown().catch(() => {});
    log.info('stopped');
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
