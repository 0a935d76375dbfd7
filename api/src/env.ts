/** The only reader of process.env in the API: validated once, with defaults for a dev machine. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isRedisUrl } from '@consilium/jobs/redis';
import { normaliseBic, normaliseIban, normaliseSiret, normaliseVatNumber } from './domain/invoicing/identifiers.ts';

/** A seller identifier, checked and normalised by `normalise`, or the reason it is refused. */
const identifier = (normalise: (value: string) => string | null, what: string) =>
  z
    .string()
    .transform((value, ctx) => normalise(value) ?? (ctx.addIssue({ code: 'custom', message: `not a valid ${what}` }), z.NEVER))
    .optional();

/** var/uploads at the root of the repository (gitignored). */
const DEFAULT_UPLOAD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'var', 'uploads');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/consilium'),
  /** Connections each API process keeps to PostgreSQL at most. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * How long a request waits for a free connection when all DATABASE_POOL_MAX are busy, before it
   * is answered 503 SERVICE_UNAVAILABLE (docs/operations.md, "Faults"): queued, never forever.
   */
  DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /**
   * PostgreSQL's statement_timeout on the API's connections: a statement running longer is
   * cancelled and its request answered 503 TIMEOUT, instead of holding a connection (and the
   * caller) until the 30 s request timeout.
   */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /**
   * A streaming replica of DATABASE_URL (docs/deployment.md, "Read replicas"): the feed, thread,
   * search and report queries read from it while it keeps up; empty: everything on the primary.
   */
  DATABASE_REPLICA_URL: z.union([z.literal(''), z.string().url()]).default(''),
  /** How far behind the primary the replica may be and still serve reads. */
  REPLICA_MAX_LAG_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** How often each API process measures the replica's lag. */
  REPLICA_CHECK_MS: z.coerce.number().int().min(50).max(10_000).default(500),
  /** One server (redis://host:port) or a Redis Cluster (redis+cluster://host:port,host:port): @consilium/jobs/redis. */
  REDIS_URL: z.string().refine(isRedisUrl, { error: 'must be redis://host:port, rediss://…, or redis+cluster://host:port,host:port for a cluster' }).default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key this API writes (rate-limit counters), so deployments can share a Redis. */
  REDIS_PREFIX: z.string().default('consilium'),
  /** The worker's queue prefix (its QUEUE_PREFIX): the API queues report builds on the worker's queue. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1 to 64 letters, digits, _ or -' }).default('consilium'),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(24 * 14),
  /** How long a re-authentication (step-up) lets an admin approve, revoke or mark paid. */
  STEP_UP_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  /** Multiplies every rate limit (a load test from one address raises them all at once). */
  RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
  /**
   * Keys the hashes that stand for e-mail addresses and survey tokens in Redis rate-limit keys
   * (HMAC-SHA256), so that Redis does not say who tried to log in. Changing it only resets the
   * counters. Required in production.
   */
  RATE_LIMIT_KEY_SECRET: z.string().min(32).optional(),
  /** Addresses of reverse proxies (the web server) whose X-Forwarded-For is believed. */
  TRUSTED_PROXIES: z
    .string()
    .default('127.0.0.1,::1,::ffff:127.0.0.1')
    .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean)),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(12),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().positive().default(15),
  GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(5000),
  /** The compiled fast path of the discussion's read pages (src/fast-path): `false` serves them through graphql-js only. */
  GRAPHQL_FAST_PATH: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /**
   * Worker threads for the blind signatures' RSA private-key operation (tokens, receipts), so that
   * ~0.4 ms of CPU per signature runs beside the event loop: unset, one per core but one, 1 to 4;
   * 0 signs on the event loop (src/domain/blind-signatures/threads.ts).
   */
  SIGNING_THREADS: z.coerce.number().int().min(0).max(16).optional(),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_000_000),
  /**
   * Keys pseudonyms to accounts (HMAC). It must never be stored in the database; losing it
   * separates every physician from their pseudonym. Required in production.
   */
  PSEUDONYM_SECRET: z.string().min(32).optional(),
  /** Web push: the VAPID public key browsers subscribe with (the worker holds the private one); unset, push is off. */
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, { error: 'must be a base64url P-256 public key' }).optional(),
  /**
   * The secret pseudonyms are keyed under before a rotation: read only by
   * `pnpm cli secrets:rotate-pseudonym`, never by the API (docs/operations.md).
   */
  PSEUDONYM_SECRET_PREVIOUS: z.string().min(32).optional(),
  /**
   * Seals second-factor secrets (TOTP) at rest (AES-256-GCM under HKDF of this) and keys the
   * hashes of recovery codes. Losing it voids every enrolled TOTP factor. Required in production.
   */
  FACTOR_KEY_SECRET: z.string().min(32).optional(),
  /**
   * During a rotation: TOTP secrets still sealed under it open, and recovery codes hashed under it
   * are accepted (their hashes cannot be re-keyed); `secrets:reseal-factors` re-seals the former.
   */
  FACTOR_KEY_SECRET_PREVIOUS: z.string().min(32).optional(),
  /** Seals the survey signing keys at rest (AES-256-GCM under HKDF of this). Required in production. */
  SURVEY_KEY_SECRET: z.string().min(32).optional(),
  /** During a rotation: survey keys still sealed under it open, until `secrets:reseal-survey-keys` re-seals them. */
  SURVEY_KEY_SECRET_PREVIOUS: z.string().min(32).optional(),
  /** The smallest group a report (or a reach count) may describe: the CMS cell-size rule. */
  REPORT_K: z.coerce.number().int().min(2).max(1000).default(11),
  /** Answers carrying tokens issued before a survey closed are still taken this long after. */
  SURVEY_GRACE_HOURS: z.coerce.number().min(0).max(24 * 30).default(48),
  /** Largest case image accepted by POST /uploads, in bytes. */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Largest image accepted, in pixels (width × height): a decompression bomb is refused before decoding. */
  UPLOAD_MAX_PIXELS: z.coerce.number().int().positive().default(40_000_000),
  /** Where re-encoded case images are stored: a local folder, or an S3-compatible bucket. */
  UPLOAD_STORAGE: z.enum(['local', 's3']).default('local'),
  UPLOAD_DIR: z.string().default(DEFAULT_UPLOAD_DIR),
  S3_BUCKET: z.string().optional(),
  /** For S3-compatible services (MinIO, Scaleway, OVH …); empty means AWS. Path-style addressing is used when set. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Differential privacy of reports: when set, the worker adds discrete Laplace noise of this epsilon to counts. */
  REPORT_EPSILON: z.coerce.number().min(0.01).max(10).optional(),
  /** A report's price: REPORT_BASE_FEE_CENTS + REPORT_FEE_PER_RESPONDENT_CENTS × respondents. */
  REPORT_BASE_FEE_CENTS: z.coerce.number().int().min(0).max(100_000_000).default(150_000),
  REPORT_FEE_PER_RESPONDENT_CENTS: z.coerce.number().int().min(0).max(1_000_000).default(500),
  /**
   * The seller printed on every invoice (its legal name, postal address with lines separated by
   * "|", SIRET, intra-community VAT number, and the bank account agencies pay by transfer).
   * Required in production; the IBAN's checksum and the SIRET's Luhn key are checked at start-up.
   */
  SELLER_LEGAL_NAME: z.string().trim().min(2).max(200).optional(),
  SELLER_ADDRESS: z.string().trim().min(5).max(500).optional(),
  SELLER_SIRET: identifier(normaliseSiret, 'SIRET (14 digits, Luhn key)'),
  SELLER_VAT_NUMBER: identifier((v) => normaliseVatNumber(v, 'FR'), 'French VAT number (FR, key, SIREN)'),
  SELLER_IBAN: identifier(normaliseIban, 'IBAN (checksum)'),
  SELLER_BIC: identifier(normaliseBic, 'BIC'),
  /** French VAT charged to buyers in France (and to EU buyers without a VAT number), in percent. */
  INVOICE_VAT_RATE_PERCENT: z.coerce.number().min(0).max(100).default(20),
  /** Days from the invoice's date to its due date (French law: at most 60). */
  INVOICE_PAYMENT_DAYS: z.coerce.number().int().min(0).max(60).default(30),
  /** The annual rate of late-payment penalties printed on invoices, in percent. */
  INVOICE_LATE_PENALTY_RATE_PERCENT: z.coerce.number().min(0).max(100).default(12.15),
  /** Signs the CSV links of reports (HMAC-SHA256). Required in production. */
  REPORT_LINK_SECRET: z.string().min(32).optional(),
  /** During a rotation: CSV links signed with it are still accepted (new ones are signed with REPORT_LINK_SECRET). */
  REPORT_LINK_SECRET_PREVIOUS: z.string().min(32).optional(),
  /** How long a signed CSV link works. */
  REPORT_LINK_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** How long a success sent with an `Idempotency-Key` is replayed to a repeat of it (http/idempotency.ts). */
  IDEMPOTENCY_WINDOW_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(86_400),
  /**
   * Where mail goes (nodemailer's URL form: smtp://user:pass@host:port, smtps:// for TLS from the
   * start). The default is the development catcher that `pnpm start` runs, with its web inbox.
   */
  SMTP_URL: z.string().url().default('smtp://127.0.0.1:1025'),
  /** The sender of every mail. */
  MAIL_FROM: z.string().min(3).default('Consilium <no-reply@consilium.localhost>'),
  /** Signs the one-click unsubscribe links of notification mails (HMAC-SHA256; the worker's MAIL_TOKEN_SECRET). Required in production. */
  MAIL_TOKEN_SECRET: z.string().min(32).optional(),
  /** The web app's address as browsers reach it: the links in mails start with it. */
  WEB_URL: z.string().url().default('http://localhost:3000').transform((url) => url.replace(/\/+$/, '')),
  /**
   * The WebAuthn relying party id passkeys are bound to: the web app's host name or a parent
   * domain of it. Default: the host of WEB_URL. Changing it later orphans every passkey.
   */
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, { error: 'must be a host name such as consilium.example' })
    .optional(),
  /** The web origins a passkey ceremony may come from, comma-separated. Default: the origin of WEB_URL. */
  WEBAUTHN_ORIGINS: z
    .string()
    .transform((s, ctx) => {
      const origins = s.split(',').map((o) => o.trim()).filter(Boolean);
      for (const origin of origins) {
        if (!URL.canParse(origin) || new URL(origin).origin !== origin) ctx.addIssue({ code: 'custom', message: `${origin} is not an origin (scheme://host[:port])` });
      }
      return origins;
    })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * The bearer token Prometheus sends for GET /metrics. Without it /metrics is open in development
   * and off (404) in production: the API's port is public behind the balancer.
   */
  METRICS_TOKEN: z.string().min(32).optional(),
  /** An OTLP/HTTP collector (http://collector:4318): tracing is on when set, and nothing of it loads otherwise. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
});

const DEV_SECRETS = {
  PSEUDONYM_SECRET: 'development-only-pseudonym-secret-not-for-production',
  SURVEY_KEY_SECRET: 'development-only-survey-key-secret-not-for-production',
  REPORT_LINK_SECRET: 'development-only-report-link-secret-not-for-production',
  RATE_LIMIT_KEY_SECRET: 'development-only-rate-limit-key-secret-not-for-production',
  FACTOR_KEY_SECRET: 'development-only-factor-key-secret-not-for-production',
  MAIL_TOKEN_SECRET: 'development-only-mail-token-secret-not-for-production',
} as const;

/** A seller that passes every check, for development and tests only: a real one is required in production. */
export const DEVELOPMENT_SELLER = {
  SELLER_LEGAL_NAME: 'Consilium SAS (development)',
  SELLER_ADDRESS: '10 rue de l’Exemple|75011 Paris|France',
  SELLER_SIRET: '12345678200002',
  SELLER_VAT_NUMBER: 'FR11123456782',
  SELLER_IBAN: 'FR7630006000011234567890189',
  SELLER_BIC: 'AGRIFRPP',
} as const;

type Seller = keyof typeof DEVELOPMENT_SELLER;

export type Env = Omit<z.infer<typeof schema>, keyof typeof DEV_SECRETS | Seller | 'WEBAUTHN_RP_ID' | 'WEBAUTHN_ORIGINS'> &
  Record<keyof typeof DEV_SECRETS | Seller, string> & { WEBAUTHN_RP_ID: string; WEBAUTHN_ORIGINS: string[] };

/** The seller's details: each required in production, development values otherwise; the VAT number must be the SIRET's. */
function sellerOf(parsed: Partial<Record<Seller, string>> & { NODE_ENV: string }): Record<Seller, string> {
  const seller = Object.fromEntries(
    (Object.keys(DEVELOPMENT_SELLER) as Seller[]).map((name) => {
      if (!parsed[name] && parsed.NODE_ENV === 'production') {
        throw new Error(`Invalid configuration: ${name}: required in production (the seller printed on invoices)`);
      }
      return [name, parsed[name] ?? DEVELOPMENT_SELLER[name]];
    }),
  ) as Record<Seller, string>;
  if (seller.SELLER_VAT_NUMBER.slice(4) !== seller.SELLER_SIRET.slice(0, 9)) {
    throw new Error('Invalid configuration: SELLER_VAT_NUMBER: its SIREN (its last 9 digits) is not the first 9 digits of SELLER_SIRET');
  }
  return seller;
}

/** Parses an environment; throws one readable line naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable (as .env.example leaves some) means "use the default".
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(set);
  if (result.success) {
    const { PSEUDONYM_SECRET, SURVEY_KEY_SECRET, REPORT_LINK_SECRET, RATE_LIMIT_KEY_SECRET, FACTOR_KEY_SECRET, MAIL_TOKEN_SECRET, ...rest } = result.data;
    const secrets = { PSEUDONYM_SECRET, SURVEY_KEY_SECRET, REPORT_LINK_SECRET, RATE_LIMIT_KEY_SECRET, FACTOR_KEY_SECRET, MAIL_TOKEN_SECRET };
    if (rest.UPLOAD_STORAGE === 's3' && !rest.S3_BUCKET) throw new Error('Invalid configuration: S3_BUCKET: required when UPLOAD_STORAGE=s3');
    for (const [name, value] of Object.entries(secrets)) {
      if (!value && rest.NODE_ENV === 'production') {
        throw new Error(`Invalid configuration: ${name}: required in production (at least 32 characters)`);
      }
    }
    const seller = sellerOf(rest);
    return {
      ...rest,
      ...seller,
      WEBAUTHN_RP_ID: rest.WEBAUTHN_RP_ID ?? new URL(rest.WEB_URL).hostname,
      WEBAUTHN_ORIGINS: rest.WEBAUTHN_ORIGINS?.length ? rest.WEBAUTHN_ORIGINS : [new URL(rest.WEB_URL).origin],
      PSEUDONYM_SECRET: PSEUDONYM_SECRET ?? DEV_SECRETS.PSEUDONYM_SECRET,
      SURVEY_KEY_SECRET: SURVEY_KEY_SECRET ?? DEV_SECRETS.SURVEY_KEY_SECRET,
      REPORT_LINK_SECRET: REPORT_LINK_SECRET ?? DEV_SECRETS.REPORT_LINK_SECRET,
      RATE_LIMIT_KEY_SECRET: RATE_LIMIT_KEY_SECRET ?? DEV_SECRETS.RATE_LIMIT_KEY_SECRET,
      FACTOR_KEY_SECRET: FACTOR_KEY_SECRET ?? DEV_SECRETS.FACTOR_KEY_SECRET,
      MAIL_TOKEN_SECRET: MAIL_TOKEN_SECRET ?? DEV_SECRETS.MAIL_TOKEN_SECRET,
    };
  }
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`Invalid configuration: ${problems}`);
}

/** Every variable the API reads: `.env.example` and the README must list each one (a test checks). */
export const ENV_VARIABLES = Object.keys(schema.shape);
