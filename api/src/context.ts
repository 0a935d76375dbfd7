/** The per-request context: who is asking, from where, in which language, and the shared services. */
import type { Db } from '@consilium/db';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Env } from './env.ts';
import type { RateLimits } from './domain/rate-limits.ts';
import type { ReportBuilds } from './domain/reports/builds.ts';
import type { Storage } from './domain/uploads/storage.ts';
import type { Viewer } from './domain/sessions.ts';

export type Locale = 'fr' | 'en';

export interface Services {
  env: Env;
  db: Db;
  redis: Redis;
  log: Logger;
  rateLimits: RateLimits;
  /** Where case images are stored. */
  storage: Storage;
  /** Queues a report's build on the worker's queue right after it becomes due (best effort). */
  reportBuilds: ReportBuilds;
}

export interface Context extends Services {
  viewer: Viewer | null;
  /** The caller's address as seen past trusted proxies; used for rate limits, never stored. */
  ip: string;
  locale: Locale;
}

/** fr unless the caller prefers English first (Accept-Language order, q-values honoured). */
export function pickLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return 'fr';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { lang: tag.split('-')[0], q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.lang === 'fr' || x.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.lang === 'en' ? 'en' : 'fr';
}
