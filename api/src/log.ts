import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Env } from './env.ts';

const requests = new AsyncLocalStorage<{ requestId: string }>();

/** An incoming X-Request-Id is kept when it is this plain (a proxy's or the web server's id); anything else is replaced. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The request id to use for an incoming X-Request-Id header (absent, malformed or kept). */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Runs `fn` as part of the request `requestId`: every line logged inside it, however deep, carries the id. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requests.run({ requestId }, fn);
}

/** pino's mixin: the current request's id on each line (none outside a request: start-up, shutdown). */
export function requestIdMixin(): { reqId?: string } {
  const requestId = requests.getStore()?.requestId;
  return requestId ? { reqId: requestId } : {};
}

/** One JSON line per event, with the request's id. Headers that carry credentials are never written. */
export function createLogger(env: Pick<Env, 'LOG_LEVEL' | 'NODE_ENV'>) {
  return pino({
    level: env.NODE_ENV === 'test' ? 'silent' : env.LOG_LEVEL,
    base: { service: 'api' },
    mixin: requestIdMixin,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.email'], remove: true },
  });
}
