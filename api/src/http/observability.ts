/**
 * /healthz (the process answers), /readyz (it can serve: PostgreSQL and Redis answer) and
 * /metrics (Prometheus), and the request id every log line carries.
 */
import type Router from '@koa/router';
import type { Db } from '@consilium/db';
import { checkReadiness, metricsAllowed } from '@consilium/jobs/observability';
import type { RedisClient } from '@consilium/jobs/redis';
import type { ReplicaMonitor } from '../replica/monitor.ts';
import type { Middleware } from 'koa';
import type { Env } from '../env.ts';
import { requestIdFrom, withRequestId } from '../log.ts';
import type { ApiMetrics } from './metrics.ts';

/**
 * Takes the caller's X-Request-Id when it is well-formed (a proxy's or the web server's, so that
 * their logs and ours line up), makes one otherwise, returns it, and runs the request under it.
 */
export const requestIds: Middleware = (ctx, next) => {
  const requestId = requestIdFrom(ctx.get('x-request-id') || undefined);
  ctx.set('X-Request-Id', requestId);
  return withRequestId(requestId, next);
};

interface Deps {
  db: Db;
  redis: RedisClient;
  env: Pick<Env, 'METRICS_TOKEN' | 'NODE_ENV'>;
  metrics: ApiMetrics;
  replica?: ReplicaMonitor | null;
}

export function observabilityRoutes(router: Router, { db, redis, env, metrics, replica = null }: Deps): void {
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ok: true };
  });

  router.get('/readyz', async (ctx) => {
    // A replica down or behind does not make the process unready: the primary serves its reads.
    const readiness = await checkReadiness({ db, redis, replica: replica?.state(), redisRequired: false });
    ctx.set('Cache-Control', 'no-store');
    ctx.status = readiness.ready ? 200 : 503;
    ctx.body = readiness;
  });

  // On the public port: in production only with METRICS_TOKEN (docs/deployment.md, "Observability").
  router.get('/metrics', async (ctx) => {
    if (!metricsAllowed(env.METRICS_TOKEN, ctx.get('authorization'), env.NODE_ENV !== 'production')) {
      ctx.status = env.METRICS_TOKEN ? 401 : 404;
      if (env.METRICS_TOKEN) ctx.set('WWW-Authenticate', 'Bearer');
      ctx.body = env.METRICS_TOKEN ? { error: 'a bearer token is required' } : { error: 'not found' };
      return;
    }
    ctx.set('Content-Type', metrics.registry.contentType);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await metrics.registry.metrics();
  });
}
