import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from './generated/prisma/client.ts';

export { Prisma, PrismaClient } from './generated/prisma/client.ts';
export type { Account, Attachment, AuditEntry, Notification, Poll, PollOption, Post, PostReport, Message, MessageReport, Thread, Report, ReportOrder, InvoiceCounter, Credential, HonorariumEntry, Organization, Pseudonym, RegistryEntry, RegistryImport, Session, Survey, SurveyQuestion, SurveyChoice, SurveyResponse, SurveyAnswer, SurveySegmentKey } from './generated/prisma/client.ts';
export { CredentialStatus, EmailTokenPurpose, FollowLevel, FollowTargetKind, GroupKind, GroupRole, ImageAttestation, Language, MailFrequency, NotificationKind, OrderStatus, ReportStatus, OrganizationType, QuestionKind, QuestionStatus, QuestionUrgency, RegistryImportStatus, Role, StaffRole, SurveyStatus } from './generated/prisma/enums.ts';
export { AccessTokenScope } from './generated/prisma/enums.ts';
export { ChoiceRole } from './generated/prisma/enums.ts';
export { SeriesStatus, WaveCadence } from './generated/prisma/enums.ts';
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
  /** How long to wait for a connection before failing (node-postgres' `connectionTimeoutMillis`); 0 waits forever. */
  connectionTimeoutMillis?: number;
  /** PostgreSQL's `statement_timeout` on every connection, in ms; 0 (the default) lets statements run as long as they take. */
  statementTimeoutMillis?: number;
}

/** Creates a Prisma client over node-postgres. One per process; `$disconnect()` on shutdown. */
export function createDb({ url, onQuery, poolMax = 10, connectionTimeoutMillis = 0, statementTimeoutMillis = 0 }: DbOptions): PrismaClient {
  // One pool for Prisma and for `queryRows`: the same connections, the same limit.
  const pool = new pg.Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis, ...(statementTimeoutMillis > 0 ? { statement_timeout: statementTimeoutMillis } : {}) });
  // An idle connection the server dropped (a replica restarted) is an error on the pool, not a crash.
  pool.on('error', () => {});
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({
    adapter,
    log: onQuery ? [{ emit: 'event', level: 'query' }] : [],
  });
  if (onQuery) client.$on('query' as never, (e: { query: string; params: string }) => onQuery(e.query, e.params));
  pools.set(client, { pool, onQuery });
  return client;
}

export type Db = PrismaClient;

const pools = new WeakMap<PrismaClient, { pool: pg.Pool; onQuery: DbOptions['onQuery'] }>();

/** How busy a client's connection pool is (node-postgres' counts), for metrics; null on a client `createDb` did not make. */
export function poolStats(db: PrismaClient): { total: number; idle: number; waiting: number; max: number } | null {
  const entry = pools.get(db);
  if (!entry) return null;
  const { pool } = entry;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
}

/**
 * Runs one statement built with `Prisma.sql` straight on the client's pool and returns its rows
 * as node-postgres gives them (column names as written, `timestamptz` as Date, `json` parsed,
 * `text` as strings). For the few statements that run on every request (the session check, the
 * discussion's pages): Prisma's query pipeline costs several times the statement's own CPU time
 * in Node (docs/performance.md). The statement is reported to `onQuery` as Prisma reports its
 * own, so that tests count and EXPLAIN it the same way. Not for a transaction: it takes any
 * connection of the pool. On a client `createDb` did not make, it is `$queryRaw`: keep to columns
 * both read alike (text, int4, boolean, uuid as text, timestamptz).
 */
export async function queryRows<T>(db: PrismaClient, statement: Prisma.Sql, options: QueryOptions = {}): Promise<T[]> {
  const entry = pools.get(db);
  if (!entry) return db.$queryRaw<T[]>(statement);
  const values = statement.values.map((value) => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value));
  entry.onQuery?.(statement.text, JSON.stringify(values.map(loggedParam)));
  const name = options.prepared ? preparedName(statement.text) : undefined;
  const result = await entry.pool.query<T & pg.QueryResultRow>({ name, text: statement.text, values });
  return result.rows;
}

export interface QueryOptions {
  /**
   * Run as a prepared statement (each connection parses and plans it once, then binds): for the
   * few statements every token, answer or login sends, whose text never changes. Not for text
   * built per request (the fast path's pages): each text stays prepared on every connection.
   * Name the columns it returns (no `*`): a migration that changed a prepared statement's result
   * type would make it fail on the connections that hold it.
   */
  prepared?: boolean;
}

const preparedNames = new Map<string, string>();

/** One name per statement text: node-postgres refuses a name reused for another text. */
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (!name) {
    name = `consilium_${preparedNames.size}`;
    preparedNames.set(text, name);
  }
  return name;
}

/** A parameter as Prisma's query log writes it (bytes tagged and base64-encoded): what `loggedParams` reads back. */
function loggedParam(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { prisma__type: 'bytes', prisma__value: value.toString('base64') };
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * Whether an error is PostgreSQL refusing a duplicate on a unique index: Prisma's P2002, a raw
 * query's failure (P2010) with SQLSTATE 23505, or node-postgres' own error from `queryRows`.
 */
export function isUniqueViolation(err: unknown): err is Prisma.PrismaClientKnownRequestError | pg.DatabaseError {
  if (err instanceof pg.DatabaseError) return err.code === '23505';
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === 'P2002') return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)?.driverAdapterError?.cause;
  return err.code === 'P2010' && cause?.originalCode === '23505';
}
export { maskUrl, migrateDeploy, resetDatabase, START_POSTGRES_HINT } from './migrate.ts';
export { SPECIALTIES, isSpecialtyCode, specialtyLabel, specialtyFromRegistryCode, type Specialty } from './specialties.ts';
export { YEAR_BANDS } from './year-bands.ts';
