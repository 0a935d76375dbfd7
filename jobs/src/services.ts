/**
 * Reachability checks for the services a process needs before it starts. Each returns `null`
 * when the service answers, or one line a person can act on: which URL failed (password
 * masked) and how to start the service on a development machine.
 */
import { maskUrl, START_POSTGRES_HINT as START_POSTGRES } from '@consilium/db';
import { createRedis } from './redis.ts';
import pg from 'pg';

const TIMEOUT_MS = 3_000;

const START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';

export { maskUrl };

function isLocal(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]', ''].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Describes a PostgreSQL connection failure; exported for its unit test. */
export function postgresProblem(url: string, err: unknown): string {
  const where = `PostgreSQL at ${maskUrl(url)}`;
  const code = codeOf(err);
  if (code === '3D000') return `${where}: the database does not exist — create and migrate it with: pnpm db:migrate`;
  if (code === '28P01' || code === '28000') return `${where} refused the credentials — check DATABASE_URL`;
  const hint = isLocal(url) ? `start it with: ${START_POSTGRES}` : 'check that it is running and reachable from here';
  return `${where} is not reachable (${code ?? (err as Error).message}) — ${hint}`;
}

/** Describes a Redis connection failure; exported for its unit test. */
export function redisProblem(url: string, err: unknown): string {
  const where = `Redis at ${maskUrl(url)}`;
  const message = err instanceof Error ? err.message : String(err);
  if (/NOAUTH|WRONGPASS|invalid password/i.test(message)) return `${where} refused the credentials — check REDIS_URL`;
  const hint = isLocal(url) ? `start it with: ${START_REDIS}` : 'check that it is running and reachable from here';
  return `${where} is not reachable (${codeOf(err) ?? message}) — ${hint}`;
}

/** `null` when PostgreSQL accepts a connection to the database `url` names, else one line saying why not. */
export async function checkPostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
  // A connection dropped after the check must not crash the process through an unhandled 'error'.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return postgresProblem(url, err);
  } finally {
    await client.end().catch(() => {});
  }
}

/** `null` when Redis answers PING at `url`, else one line saying why not. */
export async function checkRedis(url: string): Promise<string | null> {
  let client;
  try {
    client = createRedis(url, { lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false }, { clusterRetryStrategy: () => null });
  } catch (err) {
    return (err as Error).message;
  }
  // connect() rejects with a bare "Connection is closed."; the 'error' event has the cause.
  let cause: unknown;
  client.on('error', (err) => (cause ??= err));
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (err) {
    return redisProblem(url, cause ?? err);
  } finally {
    client.disconnect();
  }
}

/**
 * What every process does first: read its configuration, then make sure PostgreSQL and Redis
 * answer. On a problem it prints one line per problem (no stack trace) and exits 1.
 */
export async function configureOrExit<E extends { DATABASE_URL: string; REDIS_URL: string }>(parse: () => E): Promise<E> {
  let env: E;
  try {
    env = parse();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const problems = (await Promise.all([checkPostgres(env.DATABASE_URL), checkRedis(env.REDIS_URL)])).filter((p) => p !== null);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  return env;
}
