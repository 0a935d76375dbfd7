/**
 * What the API's and the worker's /healthz, /readyz and /metrics share: the readiness checks,
 * who may read the metrics, and the gauges of the database pool.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { poolStats, type Db } from '@consilium/db';
import type { RedisClient } from './redis.ts';
import { Gauge, type Registry } from 'prom-client';

/** A dependency as /readyz reports it: the reason only, never an address or a message (they may carry a password). */
export type DependencyState = 'ok' | 'timeout' | 'unreachable';

export interface Readiness {
  ready: boolean;
  /** Serving, with what needs Redis refused (logins, step-up…): only where Redis is not required. */
  degraded?: boolean;
  postgres: DependencyState;
  redis: DependencyState;
  /** The read replica (DATABASE_REPLICA_URL) as its monitor last saw it; `none` without one. Not part of `ready`. */
  replica: 'none' | 'ok' | 'lagging' | 'down' | 'starting';
  /** Its lag in ms as last measured, when it has one. */
  replicaLagMs?: number;
}

/** Short: a load balancer checks often, and a check that hangs is as bad as one that fails. */
export const READINESS_TIMEOUT_MS = 1_000;

async function within(check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, 'timeout');
  });
  try {
    return await Promise.race([check().then(() => 'ok' as const), timeout]);
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadinessDeps {
  db: Db;
  redis: RedisClient;
  timeoutMs?: number;
  /**
   * Whether the process cannot serve without Redis (the worker: its queue lives there). The API
   * can: answers and discussion writes go on uncounted while logins are refused (docs/operations.md,
   * "Faults"), and every process shares the one Redis, so taking them all out of the balancer for
   * it would refuse everything. Default true.
   */
  redisRequired?: boolean;
  /** The replica monitor's last reading, when there is a replica (the API's; the worker reads the primary only). */
  replica?: { status: 'ok' | 'lagging' | 'down' | 'starting'; lagMs: number | null };
}

/** ioredis' states of a connection that was lost (or closed): a PING would only wait in its offline queue. */
const REDIS_DOWN = new Set(['reconnecting', 'close', 'end']);

/**
 * Whether PostgreSQL and Redis answer within `timeoutMs`. A Redis connection known to be lost is
 * reported at once, without a PING that would wait in ioredis' offline queue (one more at each check).
 */
export async function checkReadiness({ db, redis, timeoutMs = READINESS_TIMEOUT_MS, replica, redisRequired = true }: ReadinessDeps): Promise<Readiness> {
  const [postgres, redisState] = await Promise.all([
    within(() => db.$queryRaw`SELECT 1`, timeoutMs),
    REDIS_DOWN.has(redis.status) ? Promise.resolve('unreachable' as const) : within(() => redis.ping(), timeoutMs),
  ]);
  return {
    ready: postgres === 'ok' && (redisState === 'ok' || !redisRequired),
    ...(!redisRequired && redisState !== 'ok' ? { degraded: true } : {}),
    postgres,
    redis: redisState,
    replica: replica?.status ?? 'none',
    ...(replica?.lagMs != null ? { replicaLagMs: replica.lagMs } : {}),
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether a request may read /metrics: with METRICS_TOKEN set, only with `Authorization: Bearer
 * <token>` (compared in constant time); without it, only where `openWithoutToken` (development,
 * or the worker's loopback-only port).
 */
export function metricsAllowed(token: string | undefined, authorization: string | null | undefined, openWithoutToken: boolean): boolean {
  if (!token) return openWithoutToken;
  const sent = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  return sent !== undefined && timingSafeEqual(digest(sent), digest(token));
}

/** The database pool's connections (in use, idle, callers waiting for one), read at each scrape. */
export function registerPoolGauges(registry: Registry, db: Db): void {
  new Gauge({
    name: 'consilium_db_pool_connections',
    help: 'Connections of the PostgreSQL pool by state (total, idle, waiting = callers queued for one, max)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = poolStats(db);
      if (!stats) return;
      for (const [state, value] of Object.entries(stats)) this.set({ state }, value);
    },
  });
}
