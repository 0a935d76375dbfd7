/**
 * The worker's small HTTP server: /healthz (the process answers), /readyz (PostgreSQL and Redis
 * answer) and /metrics. It listens on WORKER_HTTP_HOST, loopback by default: nothing outside the
 * machine reaches it unless the operator says so, and then METRICS_TOKEN guards /metrics.
 */
import { createServer, type Server } from 'node:http';
import type { Db } from '@consilium/db';
import { checkReadiness, metricsAllowed } from '@consilium/jobs/observability';
import type { RedisClient } from '@consilium/jobs/redis';
import type { Registry } from 'prom-client';

export interface WorkerHttpDeps {
  db: Db;
  redis: RedisClient;
  registry: Registry;
  metricsToken?: string;
}

export function createWorkerHttpServer({ db, redis, registry, metricsToken }: WorkerHttpDeps): Server {
  return createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, JSON.stringify({ error: 'method not allowed' }));
    if (path === '/healthz') return send(200, JSON.stringify({ ok: true }));
    if (path === '/readyz') {
      void checkReadiness({ db, redis }).then((readiness) => send(readiness.ready ? 200 : 503, JSON.stringify(readiness)));
      return;
    }
    if (path === '/metrics') {
      // Open without a token: the port is on loopback unless WORKER_HTTP_HOST says otherwise.
      if (!metricsAllowed(metricsToken, req.headers.authorization, true)) return send(401, JSON.stringify({ error: 'a bearer token is required' }));
      void registry.metrics().then(
        (text) => send(200, text, registry.contentType),
        () => send(500, JSON.stringify({ error: 'metrics unavailable' })),
      );
      return;
    }
    send(404, JSON.stringify({ error: 'not found' }));
  });
}
