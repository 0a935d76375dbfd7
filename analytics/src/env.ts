/** The only reader of process.env in the worker: validated once, with defaults for a dev machine. */
import { z } from 'zod';
import { isRedisUrl } from '@consilium/jobs/redis';

const url = (protocols: RegExp, what: string) =>
  z.url({ protocol: protocols, error: `must be a ${what} URL` });

const wholeNumber = (min: number, max: number, error: string) =>
  z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });

const schema = z.object({
  DATABASE_URL: url(/^postgres(ql)?$/, 'postgresql://').default('postgresql://postgres@127.0.0.1:5432/consilium'),
  REDIS_URL: z.string().refine(isRedisUrl, { error: 'must be redis://host:port, rediss://…, or redis+cluster://host:port,host:port for a cluster' }).default('redis://127.0.0.1:6379'),
  WORKER_CONCURRENCY: wholeNumber(1, 64, 'must be a whole number from 1 to 64').default(2),
  SWEEP_EVERY_SECONDS: wholeNumber(1, 86_400, 'must be a whole number of seconds from 1 to 86400').default(300),
  /** Prefix of every Redis key the queues write, so deployments can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1 to 64 letters, digits, _ or -' })
    .default('consilium'),
  /** The smallest group a report figure may describe: the CMS cell-size rule (no cell of 1 to 10). */
  REPORT_K: wholeNumber(2, 1000, 'must be a whole number from 2 to 1000').default(11),
  /** Differential privacy: when set, report counts get discrete Laplace noise of this epsilon. */
  REPORT_EPSILON: z.coerce.number({ error: 'must be a number from 0.01 to 10' }).min(0.01, { error: 'must be a number from 0.01 to 10' }).max(10, { error: 'must be a number from 0.01 to 10' }).optional(),
  /** Answers with tokens issued before a survey closed are taken this long after: its report waits for them. */
  SURVEY_GRACE_HOURS: z.coerce.number({ error: 'must be a number of hours from 0 to 720' }).min(0, { error: 'must be a number of hours from 0 to 720' }).max(720, { error: 'must be a number of hours from 0 to 720' }).default(48),
  /** A verified credential comes up for re-verification this many days after it was decided (three years). */
  REVERIFY_AFTER_DAYS: wholeNumber(1, 36_500, 'must be a whole number of days from 1 to 36500').default(1095),
  /**
   * Where the worker's mail goes (the re-verification notices), as the API's: nodemailer's URL form
   * (smtp://user:pass@host:port, smtps:// for TLS). The default is the catcher `pnpm start` runs.
   */
  SMTP_URL: z.string().url({ error: 'must be an smtp:// or smtps:// URL' }).default('smtp://127.0.0.1:1025'),
  /** The sender of every mail. */
  MAIL_FROM: z.string().min(3, { error: 'must name a sender' }).default('Consilium <no-reply@consilium.localhost>'),
  /** The web app's address as browsers reach it: the links in mails start with it. */
  WEB_URL: z.string().url({ error: 'must be an http(s) URL' }).default('http://localhost:3000').transform((u) => u.replace(/\/+$/, '')),
  /**
   * The pseudonyms' HMAC key, as the API's: the notification mailer and the push sweep find an
   * account's pseudonym with it, in memory only (docs/pseudonyms.md). Set it in production (the default is the API's development value).
   */
  PSEUDONYM_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).default('development-only-pseudonym-secret-not-for-production'),
  /**
   * Optional: the API's SURVEY_KEY_SECRET. Given it, the wave sweep makes each wave's signing keys
   * as it opens the wave; without it the API makes them on the first physician's visit. A worker
   * holding it can mint tokens if compromised (docs/waves.md, "Keys").
   */
  SURVEY_KEY_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  /** Signs the one-click unsubscribe links of notification mails, as the API's. Set it in production (the default is the API's development value). */
  MAIL_TOKEN_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).default('development-only-mail-token-secret-not-for-production'),
  /** The API's one-click unsubscribe endpoint as mail providers reach it (https in production): List-Unsubscribe points there. */
  MAIL_UNSUBSCRIBE_URL: z.string().url({ error: 'must be an http(s) URL' }).default('http://localhost:4000/mail/unsubscribe').transform((u) => u.replace(/\/+$/, '')),
  /** Web push (VAPID, `pnpm cli push:keys` prints a pair): without both keys nothing is pushed. */
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, { error: 'must be a base64url P-256 public key' }).optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{40,50}$/, { error: 'must be a base64url P-256 private key' }).optional(),
  /** Who the push services may contact about this sender: a mailto: or https: URL. */
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:)/, { error: 'must be a mailto: or https: URL' }).optional(),
  /** How long a job's lock lasts; a job whose worker died is taken back after about this long. */
  WORKER_LOCK_SECONDS: wholeNumber(1, 3600, 'must be a whole number of seconds from 1 to 3600').default(30),
  /** Testing only: the report build waits this long before it commits (the fault tests kill it there). */
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  /** The port of the worker's /healthz, /readyz and /metrics (0: any free port; each worker on a machine needs its own). */
  WORKER_HTTP_PORT: wholeNumber(0, 65_535, 'must be a port number from 0 to 65535').default(4100),
  /** Where that server listens: loopback by default, so that its metrics stay on the machine. */
  WORKER_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (the API's variable, same meaning). */
  METRICS_TOKEN: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  /** An OTLP/HTTP collector (http://collector:4318): tracing is on when set, and nothing of it loads otherwise. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(/^https?$/, 'http(s)://').optional(),
});

export type Env = z.infer<typeof schema>;

/**
 * Parses an environment; throws one line naming each bad variable. Values are not echoed:
 * a URL may carry a password.
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable (as .env.example leaves some) means "use the default".
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(set);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
  throw new Error(`Invalid configuration: ${problems}`);
}

/** Every variable the worker reads: `.env.example` and the README must list each one (a test checks). */
export const ENV_VARIABLES = Object.keys(schema.shape);
