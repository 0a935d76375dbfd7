/** The per-request context: who is asking, from where, in which language, and the shared services. */
import type { Db } from '@consilium/db';
import type { RedisClient } from '@consilium/jobs/redis';
import type { Logger } from 'pino';
import type { Env } from './env.ts';
import type { RateLimits } from './domain/rate-limits.ts';
import type { ReportBuilds } from './domain/reports/builds.ts';
import type { Storage } from './domain/uploads/storage.ts';
import type { Viewer } from './domain/sessions.ts';
import type { Language } from './language.ts';
import type { Mailer, SendMail } from '@consilium/jobs/mail';
import type { ReplicaMonitor } from './replica/monitor.ts';

/** The caller's language, as `negotiateLanguage` (language.ts) reads Accept-Language. */
export type Locale = Language;

export interface Services {
  env: Env;
  db: Db;
  redis: RedisClient;
  log: Logger;
  rateLimits: RateLimits;
  /** Where case images are stored. */
  storage: Storage;
  /** Queues a report's build on the worker's queue right after it becomes due (best effort). */
  reportBuilds: ReportBuilds;
  /** Sends mail through SMTP_URL. */
  mailer: Mailer;
  /** How re-verification notices leave (`@consilium/jobs/reverification`): through the mailer. */
  sendMail: SendMail;
  /** The read replica (DATABASE_REPLICA_URL) and its health; null without one. */
  replica: ReplicaMonitor | null;
}

export interface Context extends Services {
  viewer: Viewer | null;
  /** The caller's address as seen past trusted proxies; used for rate limits, never stored. */
  ip: string;
  locale: Locale;
  /** The caller's User-Agent, read at login for a coarse device label only; never stored or logged. */
  userAgent?: string | null;
  /**
   * Until when (ms since the epoch) this caller reads the primary: the `X-Read-Primary-Until` it
   * sent back after a write (replica/routing.ts); 0 when it sent none. `db` is the replica for
   * the rest of a query that may read it.
   */
  readPrimaryUntil?: number;
  /**
   * Set when the request carried a personal access token that may not go further
   * (http/access-token-guard.ts): `invalid` — unknown, revoked or expired; `answer` — sent with
   * an anonymous answer, whose Authorization header is never looked up.
   */
  accessTokenRefusal?: 'invalid' | 'answer';
}
