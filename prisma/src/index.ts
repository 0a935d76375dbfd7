import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from './generated/prisma/client.ts';

export { Prisma, PrismaClient } from './generated/prisma/client.ts';
export type { Account, Attachment, AuditEntry, Notification, Poll, PollOption, Post, PostReport, Thread, Report, ReportOrder, InvoiceCounter, Credential, HonorariumEntry, Organization, Pseudonym, RegistryEntry, RegistryImport, Session, Survey, SurveyQuestion, SurveyChoice, SurveyResponse, SurveyAnswer, SurveySegmentKey } from './generated/prisma/client.ts';
export { CredentialStatus, NotificationKind, OrderStatus, ReportStatus, OrganizationType, QuestionKind, RegistryImportStatus, Role, SurveyStatus } from './generated/prisma/enums.ts';
export { getDatamodel } from './generated/pothos-types.ts';
export type { default as PrismaTypes } from './generated/pothos-types.ts';

/** The default database URL: works on a development machine with a local PostgreSQL. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/consilium';

export interface DbOptions {
  url: string;
  /**
   * Called with every SQL statement Prisma sends (tests count them to catch N+1), and its
   * parameters as Prisma logs them (a JSON array, for tests that EXPLAIN what was sent).
   */
  onQuery?: (sql: string, params: string) => void;
  poolMax?: number;
}

/** Creates a Prisma client over node-postgres. One per process; `$disconnect()` on shutdown. */
export function createDb({ url, onQuery, poolMax = 10 }: DbOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolMax });
  const client = new PrismaClient({
    adapter,
    log: onQuery ? [{ emit: 'event', level: 'query' }] : [],
  });
  if (onQuery) client.$on('query' as never, (e: { query: string; params: string }) => onQuery(e.query, e.params));
  return client;
}

export type Db = PrismaClient;

/**
 * Whether an error is PostgreSQL refusing a duplicate on a unique index: Prisma's P2002, or a
 * raw query's failure (P2010) with SQLSTATE 23505.
 */
export function isUniqueViolation(err: unknown): err is Prisma.PrismaClientKnownRequestError {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === 'P2002') return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)?.driverAdapterError?.cause;
  return err.code === 'P2010' && cause?.originalCode === '23505';
}
export { maskUrl, migrateDeploy, resetDatabase, START_POSTGRES_HINT } from './migrate.ts';
export { SPECIALTIES, isSpecialtyCode, specialtyLabel, specialtyFromRegistryCode, type Specialty } from './specialties.ts';
export { YEAR_BANDS } from './year-bands.ts';
