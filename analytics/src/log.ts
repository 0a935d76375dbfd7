import pino, { type Logger } from 'pino';
import type { Env } from './env.ts';

export type { Logger };

/**
 * One JSON line per event, in the API's format. Callers pass ids and counts only: job
 * payloads may one day name people, so neither payloads nor results are ever logged.
 */
export function createLogger(env: Pick<Env, 'LOG_LEVEL'>): Logger {
  return pino({ level: env.LOG_LEVEL, base: { service: 'worker' } });
}
