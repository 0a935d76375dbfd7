/**
 * PostgreSQL or Redis out of reach, the pool with no free connection, a statement cut by
 * `statement_timeout`: the server's trouble, not the caller's, and passing. Such a failure is
 * answered 503 with `Retry-After` and a code (SERVICE_UNAVAILABLE, or TIMEOUT for a statement
 * that took too long) — never a 500 with the driver's message, which names hosts and statements.
 * Both the GraphQL error mask and koa's last-resort handler use this (docs/operations.md, "Faults").
 */
import { GraphQLError } from 'graphql';

export type Unavailable = 'database_unreachable' | 'database_busy' | 'statement_timeout' | 'redis_unreachable';

/** Seconds a client should wait before trying again: a restart or a failover takes a few. */
export const RETRY_AFTER_SECONDS = 5;

// Node's socket errors, whoever's connection they are on.
const SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
// Prisma's codes for a server out of reach, a connection lost, a pool with no free connection.
const PRISMA_UNREACHABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
// Prisma's driver adapters' kinds of failure (driverAdapterError.cause.kind).
const ADAPTER_UNREACHABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

interface Link {
  name?: string;
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
  originalError?: unknown;
}

/** The error and every error it wraps (Prisma's driver adapter error, `cause`, graphql's `originalError`). */
function chain(err: unknown): Link[] {
  const links: Link[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && links.length < 8) {
    const next = queue.shift();
    if (!next || typeof next !== 'object' || links.includes(next as Link)) continue;
    const link = next as Link;
    links.push(link);
    queue.push(link.cause, link.meta?.driverAdapterError, link.meta?.driverAdapterError?.cause, link.originalError);
  }
  return links;
}

/** Why a failure is the services' and passing, or null when it is a bug (a 500, logged). */
export function unavailableCause(err: unknown): Unavailable | null {
  for (const link of chain(err)) {
    const code = typeof link.code === 'string' ? link.code : typeof link.originalCode === 'string' ? link.originalCode : '';
    const message = typeof link.message === 'string' ? link.message : '';
    // 57014: query_canceled, which statement_timeout raises.
    if (code === '57014' || /canceling statement due to statement timeout/.test(message)) return 'statement_timeout';
    if (code === 'P2024' || /timeout exceeded when trying to connect/.test(message)) return 'database_busy';
    if (PRISMA_UNREACHABLE.has(code) || (typeof link.kind === 'string' && ADAPTER_UNREACHABLE.has(link.kind))) return 'database_unreachable';
    // SQLSTATE 08 (connection exception), 57P01–57P03 (shutting down, crashed, starting up), 53300 (too many connections).
    if (/^(08...|57P0[1-3]|53300)$/.test(code)) return 'database_unreachable';
    if (/Connection terminated|Can't reach database server|Client has encountered a connection error/i.test(message)) return 'database_unreachable';
    // ioredis: a command given up after its retries, or sent on a closed connection.
    if (link.name === 'MaxRetriesPerRequestError' || /^Connection is closed|Stream isn't writeable|enableOfflineQueue|Redis is not ready/.test(message)) return 'redis_unreachable';
    if (SOCKET.has(code)) return /redis/i.test(link.name ?? '') ? 'redis_unreachable' : 'database_unreachable';
  }
  return null;
}

const MESSAGES: Record<Unavailable, string> = {
  database_unreachable: 'The service is briefly unavailable. Try again in a few seconds.',
  database_busy: 'The service is too busy right now. Try again in a few seconds.',
  statement_timeout: 'This took too long and was stopped. Try again in a few seconds.',
  redis_unreachable: 'The service is briefly unavailable. Try again in a few seconds.',
};

/** The body and headers of such a refusal: what GraphQL errors carry, and what koa sends. */
export function unavailableError(cause: Unavailable): GraphQLError {
  return new GraphQLError(MESSAGES[cause], {
    extensions: {
      code: cause === 'statement_timeout' ? 'TIMEOUT' : 'SERVICE_UNAVAILABLE',
      reason: cause,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
    },
  });
}
