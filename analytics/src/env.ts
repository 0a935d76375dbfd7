/** The only reader of process.env in the worker: validated once, with defaults for a dev machine. */
import { z } from 'zod';

const url = (protocols: RegExp, what: string) =>
  z.url({ protocol: protocols, error: `must be a ${what} URL` });

const wholeNumber = (min: number, max: number, error: string) =>
  z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });

const schema = z.object({
  DATABASE_URL: url(/^postgres(ql)?$/, 'postgresql://').default('postgresql://postgres@127.0.0.1:5432/consilium'),
  REDIS_URL: url(/^rediss?$/, 'redis://').default('redis://127.0.0.1:6379'),
  WORKER_CONCURRENCY: wholeNumber(1, 64, 'must be a whole number from 1 to 64').default(2),
  SWEEP_EVERY_SECONDS: wholeNumber(1, 86_400, 'must be a whole number of seconds from 1 to 86400').default(300),
  /** Prefix of every Redis key the queues write, so deployments can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1 to 64 letters, digits, _ or -' })
    .default('consilium'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

export type Env = z.infer<typeof schema>;

/**
 * Parses an environment; throws one line naming each bad variable. Values are not echoed:
 * a URL may carry a password.
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
  throw new Error(`Invalid configuration: ${problems}`);
}
