/**
 * Integration-test harness: a real app on its own database and its own Redis key prefix,
 * called through yoga.fetch (no port), plus small factories for the kinds of caller.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Db, type QuestionKind, type SurveyStatus } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { createReplicaMonitor } from '../replica/monitor.ts';
import { createRedis, deleteKeys, keysMatching } from '@consilium/jobs/redis';
import type { RedisOptions } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../app.ts';
import { generateSurveyKey } from '../domain/blind-signatures/keys.ts';
import { createReportBuilds } from '../domain/reports/builds.ts';
import { makeLicenseNumber } from '../domain/licence.ts';
import { hashPassword } from '../domain/passwords.ts';
import { ensurePseudonym } from '../domain/pseudonyms.ts';
import { createSession, type StaffRole } from '../domain/sessions.ts';
import { STAFF_ROLES } from '../domain/staff.ts';
import { enrolTotpDirectly } from '../domain/second-factor/factors.ts';
import { markSteppedUp } from '../domain/step-up.ts';
import { parseEnv, type Env } from '../env.ts';
import { requestIdMixin } from '../log.ts';
import { ensureSurveyKeys } from '@consilium/jobs/survey-keys';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

export interface CallOptions {
  token?: string;
  ip?: string;
  headers?: Record<string, string>;
}

export const TEST_PASSWORD = 'tranquil-orchid-harbour-42';
let passwordHash: Promise<string> | undefined;

export interface TestAppOptions {
  /** Called with every SQL statement the app's Prisma client sends (N+1 tests count them), and its parameters as a JSON array. */
  onQuery?: (sql: string, params: string) => void;
  /** Queue report builds on this queue (a test's own name and prefix), as the API does in production. */
  reportQueue?: { prefix: string; name: string; redisUrl?: string; timeoutMs?: number };
  /**
   * Serve this existing database instead of a fresh one (a restored dump, the same data under
   * another secret); it is left in place on close.
   */
  databaseUrl?: string;
  /**
   * Options of the app's Redis client. The fault suite stops Redis under the in-process app:
   * `maxRetriesPerRequest: null` makes a command wait for Redis to come back instead of failing
   * after two retries (an unawaited one would fail the whole file).
   */
  redisOptions?: RedisOptions;
}

export interface AdminOptions {
  email?: string;
  /** false: an admin signed in without a second factor (none enrolled). Default true. */
  secondFactor?: boolean;
  /** Whether the session is stepped up now (default: when it has a second factor). */
  steppedUp?: boolean;
  /** The staff roles it holds (every one by default; docs/staff-roles.md). */
  staffRoles?: readonly StaffRole[];
}

export interface SurveyOptions {
  /** The owning client (made by `make.client()`); a new client organisation when left out. */
  owner?: { account: { id: string; organizationId: string | null } };
  status?: SurveyStatus;
  title?: string;
  specialties?: string[];
  countries?: string[];
  regions?: string[];
  minYearsInPractice?: number | null;
  sampleSize?: number;
  honorariumCents?: number;
  closesAt?: Date | null;
  /** Question kinds, in order; each choice question gets 3 choices, LIKERT its 5 points. */
  questions?: QuestionKind[];
}

/** What a physician factory's credential says; region and start year are optional (none, 2010). */
export interface Badge {
  specialty: string;
  country: string;
  region?: string | null;
  practiceStartYear?: number;
}

const FACTORY_LIKERT = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];

export async function createTestApp(overrides: Partial<Record<keyof Env, string>> = {}, { onQuery, reportQueue, databaseUrl, redisOptions = {} }: TestAppOptions = {}) {
  const database = databaseUrl ? { url: databaseUrl, drop: async () => {} } : await createTestDatabase();
  const prefix = `test:${randomBytes(6).toString('hex')}`;
  const uploadDir = await mkdtemp(path.join(tmpdir(), 'consilium-uploads-'));
  // Step-up lasts the longest it may, so that a slow test file's admin stays stepped up; the tests
  // of step-up itself expire it by hand.
  const env = parseEnv({ NODE_ENV: 'test', DATABASE_URL: database.url, REDIS_PREFIX: prefix, UPLOAD_DIR: uploadDir, STEP_UP_MINUTES: '60', ...overrides });
  const db = createDb({ url: database.url, poolMax: 4, onQuery });
  const redis = createRedis(env.REDIS_URL, { maxRetriesPerRequest: 2, ...redisOptions });
  const lines: string[] = [];
  // Every log line is kept so tests can check what the logs would have carried.
  const log = pino({ level: 'info', mixin: requestIdMixin }, { write: (line: string) => void lines.push(line) });
  const reportBuilds = reportQueue
    ? createReportBuilds({ db, log, redisUrl: reportQueue.redisUrl ?? env.REDIS_URL, prefix: reportQueue.prefix, queueName: reportQueue.name, timeoutMs: reportQueue.timeoutMs })
    : undefined;
  const replica = env.DATABASE_REPLICA_URL
    ? createReplicaMonitor({ primary: db, replica: createDb({ url: env.DATABASE_REPLICA_URL, poolMax: 4, connectionTimeoutMillis: 1000 }), maxLagMs: env.REPLICA_MAX_LAG_MS, checkMs: env.REPLICA_CHECK_MS, log })
    : null;
  const built = buildApp({ env, db, redis, log, reportBuilds, replica });

  async function gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    { token, ip = '203.0.113.7', headers = {} }: CallOptions = {},
  ): Promise<GqlResult<T>> {
    const response = await built.yoga.fetch(
      'http://api.local/graphql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      },
      { ip },
    );
    return { status: response.status, ...((await response.json()) as object) };
  }

  let served: Promise<Served> | undefined;
  /** Serves the koa app on a port of loopback, started on the first call (one server per test app); its base URL. */
  async function listen(): Promise<string> {
    served ??= serveOnLoopback(built.app.callback());
    return (await served).url;
  }

  /** A plain HTTP request to the koa app (routes outside GraphQL, such as /uploads), on a port of loopback. */
  async function http(pathname: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
    const { token, headers, ...rest } = init;
    return fetch(`${await listen()}${pathname}`, { ...rest, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(headers as Record<string, string>) } });
  }

  /**
   * An account and a session of it. An ADMIN holds `staffRoles` (every role unless told) and its
   * session was opened with a second factor unless `secondFactor` is false.
   */
  async function account(role: 'PHYSICIAN' | 'CLIENT' | 'ADMIN', email?: string, staff: { staffRoles?: readonly StaffRole[]; secondFactor?: boolean; emailConfirmed?: boolean } = {}) {
    passwordHash ??= hashPassword(TEST_PASSWORD);
    const organization = role === 'CLIENT' ? await db.organization.create({ data: { name: 'Agence test', billingAddress: '1 avenue du Test', postalCode: '75007', city: 'Paris' } }) : null;
    const created = await db.account.create({
      data: {
        email: email ?? `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@example.org`,
        role,
        passwordHash: await passwordHash,
        organizationId: organization?.id ?? null,
        emailConfirmed: staff.emailConfirmed ?? true,
      },
    });
    if (role === 'ADMIN') {
      await db.staffRoleGrant.createMany({ data: (staff.staffRoles ?? STAFF_ROLES).map((r) => ({ accountId: created.id, role: r })) });
    }
    const { token, sessionId } = await createSession(db, created.id, env.SESSION_TTL_HOURS, null, role === 'ADMIN' && staff.secondFactor !== false);
    return { account: created, token, sessionId };
  }

  /**
   * An admin as the API lets one work: TOTP enrolled (its secret returned, to compute codes), the
   * session opened with it and, unless `steppedUp: false`, re-authenticated just now.
   * `secondFactor: false` gives an admin signed in without a factor, none enrolled. Every staff
   * role unless `staffRoles` names some.
   */
  async function admin(options: AdminOptions | string = {}) {
    const { email, secondFactor = true, steppedUp = secondFactor, staffRoles } = typeof options === 'string' ? { email: options } : options;
    const made = await account('ADMIN', email, { secondFactor, staffRoles });
    const factor = secondFactor ? await enrolTotpDirectly(db, env.FACTOR_KEY_SECRET, made.account.id) : null;
    if (steppedUp) await markSteppedUp({ env, redis }, made.sessionId);
    return { ...made, totpSecret: factor?.secret ?? null, recoveryCodes: factor?.recoveryCodes ?? [] };
  }

  let licenceSeed = 100_000 + Math.floor(Math.random() * 800_000);
  /** A physician whose credential is in the given state (VERIFIED ones get their pseudonym). */
  async function physicianWith(status: 'PENDING' | 'VERIFIED' | 'REJECTED' | 'REVOKED', badge: Badge = { specialty: 'cardiology', country: 'FR' }) {
    const made = await account('PHYSICIAN');
    const licenseNumber = makeLicenseNumber('RPPS', licenceSeed++);
    const credential = await db.credential.create({
      data: {
        accountId: made.account.id, country: badge.country, registry: 'RPPS', licenseNumber, specialty: badge.specialty,
        region: badge.region ?? null, practiceStartYear: badge.practiceStartYear ?? 2010, status, licenseClaim: status === 'VERIFIED' ? `RPPS:${licenseNumber}` : null,
        decidedAt: status === 'PENDING' ? null : new Date(),
      },
    });
    if (status === 'VERIFIED' || status === 'REVOKED') await ensurePseudonym(db, env.PSEUDONYM_SECRET, made.account.id, { specialty: badge.specialty, country: badge.country });
    return { ...made, credential };
  }

  /** A survey in any state, with questions; OPEN and CLOSED ones have their receipt key pair. */
  async function survey(options: SurveyOptions = {}) {
    const owner = options.owner ?? (await account('CLIENT'));
    const status = options.status ?? 'DRAFT';
    const at = new Date();
    const receipt = status === 'OPEN' || status === 'CLOSED' ? await generateSurveyKey(env.SURVEY_KEY_SECRET) : null;
    const kinds = options.questions ?? ['SINGLE_CHOICE', 'LIKERT', 'NUMBER'];
    const created = await db.survey.create({
      data: {
        organizationId: owner.account.organizationId!, createdById: owner.account.id, status,
        title: options.title ?? 'Antibiotic prescribing in winter', description: 'A short survey.',
        sampleSize: options.sampleSize ?? 100, honorariumCents: options.honorariumCents ?? 2000, closesAt: options.closesAt ?? null,
        targetSpecialties: options.specialties ?? [], targetCountries: options.countries ?? [], targetRegions: options.regions ?? [],
        minYearsInPractice: options.minYearsInPractice ?? null,
        submittedAt: status === 'DRAFT' ? null : at, openedAt: status === 'OPEN' || status === 'CLOSED' ? at : null, closedAt: status === 'CLOSED' ? at : null,
        receiptPublicKey: receipt?.publicKey ?? null, receiptSealedKey: receipt?.sealedPrivateKey ?? null,
        questions: {
          create: kinds.map((kind, position) => ({
            position, kind, prompt: `Question ${position + 1}`,
            min: kind === 'NUMBER' ? 0 : null, max: kind === 'NUMBER' ? 100 : null,
            choices: { create: (kind === 'LIKERT' ? FACTORY_LIKERT : kind.endsWith('_CHOICE') ? ['Yes', 'No', 'Unsure'] : []).map((label, i) => ({ position: i, label })) },
          })),
        },
      },
      include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
    });
    // The eligibility keys an approval makes, from the physicians eligible now.
    if (receipt) await ensureSurveyKeys(db, env.SURVEY_KEY_SECRET, created, env.REPORT_K);
    return created;
  }

  const make = {
    survey,
    physician: (email?: string) => account('PHYSICIAN', email),
    pendingPhysician: (badge?: Badge) => physicianWith('PENDING', badge),
    verifiedPhysician: (badge?: Badge) => physicianWith('VERIFIED', badge),
    rejectedPhysician: () => physicianWith('REJECTED'),
    revokedPhysician: (badge?: Badge) => physicianWith('REVOKED', badge),
    client: (email?: string) => account('CLIENT', email),
    /** An admin holding every staff role, TOTP enrolled, signed in with it and stepped up (AdminOptions). */
    admin,
    /** Accounts that registered but have not followed the confirmation link yet (every other factory's address is confirmed). */
    unconfirmedPhysician: (email?: string) => account('PHYSICIAN', email, { emailConfirmed: false }),
    unconfirmedClient: (email?: string) => account('CLIENT', email, { emailConfirmed: false }),
    /** A staff account holding only these roles (signed in with a second factor and stepped up unless told). */
    staff: (staffRoles: readonly StaffRole[], options: Omit<AdminOptions, 'staffRoles'> = {}) => admin({ ...options, staffRoles }),
  };

  async function close() {
    if (served) await (await served).close();
    await rm(uploadDir, { recursive: true, force: true });
    await reportBuilds?.close();
    await replica?.close();
    await db.$disconnect();
    await deleteKeys(redis, await keysMatching(redis, `${prefix}:*`));
    await redis.quit();
    await database.drop();
  }

  return { ...built, env, db: db as Db, redis, gql, http, listen, make, logLines: lines, close };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A test app served on a port of loopback from the start, at `url` (for what must go over real
 * HTTP: downloads, curl, raw bodies); `close()` stops the server with the rest.
 */
export async function servedTestApp(...args: Parameters<typeof createTestApp>) {
  const t = await createTestApp(...args);
  return { ...t, url: await t.listen() };
}

export type ServedTestApp = Awaited<ReturnType<typeof servedTestApp>>;

export interface Served {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Serves a request handler (a koa app's callback, a stand-in service) on a free port of loopback. */
export async function serveOnLoopback(handler: RequestListener): Promise<Served> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
