/**
 * The API's Prometheus metrics. Every label takes its values from a closed set the code decides
 * (a route pattern, a known operation name, an error code, a status, a limiter's name): never an
 * id, a pseudonym, an e-mail, an answer, an address, nor a string the caller chose.
 */
import type { Db } from '@consilium/db';
import { registerPoolGauges } from '@consilium/jobs/observability';
import type { Plugin } from 'graphql-yoga';
import type { Middleware } from 'koa';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { signingFallbacks } from '../domain/blind-signatures/signer.ts';
import type { ReplicaMonitor } from '../replica/monitor.ts';
import { KNOWN_OPERATIONS } from './operation-names.ts';

export interface ApiMetrics {
  registry: Registry;
  /** Counts and times each HTTP request by route pattern and status. */
  http: Middleware;
  /** Times each GraphQL request by operation name and counts its errors by code. */
  graphql: Plugin;
  /** A rate limiter refused a request (the limiter's name: `login-ip`, `answer-token`…). */
  rateLimitRefused(limiter: string): void;
  /** A GraphQL request answered without yoga (http/lean-mutations.ts), without errors, since `started`. */
  graphqlServed(params: { operationName?: string | null; query?: string | null }, started: bigint): void;
}

const FIRST_OPERATION = /\b(?:query|mutation|subscription)\s+([A-Za-z_]\w*)/;
const ERROR_CODE = /^[A-Z][A-Z_]{0,39}$/;

/** The operation label: a name of the web app's, or `other` (anonymous, unknown, or invented by the caller). */
export function operationLabel(params: { operationName?: string | null; query?: string | null }): string {
  const name = params.operationName ?? FIRST_OPERATION.exec(params.query ?? '')?.[1];
  return name && KNOWN_OPERATIONS.has(name) ? name : 'other';
}

export function createApiMetrics(db: Db, replica: ReplicaMonitor | null = null): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerPoolGauges(registry, db);
  if (replica) registerReplicaMetrics(registry, replica);

  const httpRequests = new Counter({ name: 'consilium_http_requests_total', help: 'HTTP requests by route pattern and status', labelNames: ['route', 'status'], registers: [registry] });
  const httpDuration = new Histogram({
    name: 'consilium_http_request_duration_seconds', help: 'HTTP request duration by route pattern', labelNames: ['route'], registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const graphqlDuration = new Histogram({
    name: 'consilium_graphql_request_duration_seconds', help: 'GraphQL request duration by operation name (the web app\'s names; other for the rest)', labelNames: ['operation'], registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const graphqlErrors = new Counter({ name: 'consilium_graphql_errors_total', help: 'GraphQL errors by extensions.code', labelNames: ['code'], registers: [registry] });
  const refusals = new Counter({ name: 'consilium_rate_limit_refusals_total', help: 'Requests refused by a rate limiter, by limiter name', labelNames: ['limiter'], registers: [registry] });

  const started = new WeakMap<Request, { at: bigint; operation: string }>();
  const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

  new Gauge({
    name: 'consilium_signing_thread_fallbacks', help: 'Blind signatures made on the event loop since start because their signing thread failed or died (a counter read at each scrape)', registers: [registry],
    collect() {
      this.set(signingFallbacks());
    },
  });

  const http: Middleware = async (ctx, next) => {
    const at = process.hrtime.bigint();
    try {
      await next();
    } finally {
      // The router's pattern (`/reports/:id.csv`), never the path: a path can hold an id.
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      httpRequests.inc({ route, status: String(ctx.status) });
      httpDuration.observe({ route }, seconds(at));
    }
  };

  const graphql: Plugin = {
    onParams({ params, request }) {
      started.set(request, { at: process.hrtime.bigint(), operation: operationLabel(params) });
    },
    onResultProcess({ request, result }) {
      const entry = started.get(request);
      if (!entry) return;
      started.delete(request);
      graphqlDuration.observe({ operation: entry.operation }, seconds(entry.at));
      if (Array.isArray(result) || !result || !('errors' in result)) return;
      for (const error of result.errors ?? []) {
        const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
        graphqlErrors.inc({ code: typeof code === 'string' && ERROR_CODE.test(code) ? code : 'OTHER' });
      }
    },
  };

  const graphqlServed = (params: { operationName?: string | null; query?: string | null }, started: bigint) =>
    graphqlDuration.observe({ operation: operationLabel(params) }, seconds(started));

  return { registry, http, graphql, rateLimitRefused: (limiter) => refusals.inc({ limiter }), graphqlServed };
}

/**
 * The read replica (DATABASE_REPLICA_URL), read from its monitor at each scrape: whether it serves,
 * its lag, and where the queries it could have served went (the reason when the primary served them).
 */
function registerReplicaMetrics(registry: Registry, replica: ReplicaMonitor): void {
  new Gauge({
    name: 'consilium_replica_serving', help: '1 while the read replica serves reads (reachable, a standby, lag under REPLICA_MAX_LAG_MS)', registers: [registry],
    collect() {
      this.set(replica.usable() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'consilium_replica_lag_seconds', help: 'The read replica\'s lag as last measured (absent while it is down)', registers: [registry],
    collect() {
      const { lagMs } = replica.state();
      this.reset();
      if (lagMs !== null) this.set(lagMs / 1000);
    },
  });
  new Gauge({
    name: 'consilium_replica_eligible_queries', help: 'Replica-eligible queries since start, by the database that served them and why the primary did (a counter read from the monitor)', labelNames: ['served_by', 'reason'], registers: [registry],
    collect() {
      this.set({ served_by: 'replica', reason: 'none' }, replica.counts.replica);
      for (const [reason, count] of Object.entries(replica.counts.primary)) this.set({ served_by: 'primary', reason }, count);
    },
  });
}
