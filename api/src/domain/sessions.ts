/** Server-side sessions: a random token for the client, only its SHA-256 in the database. */
import { createHash, randomBytes } from 'node:crypto';
import { Prisma, queryRows, type Db } from '@consilium/db';
import Bowser from 'bowser';
import type { AccessTokenScope } from '@consilium/db';

export interface Viewer {
  accountId: string;
  sessionId: string;
  role: 'PHYSICIAN' | 'CLIENT' | 'ADMIN';
  organizationId: string | null;
  /** The state of the physician's credential, read on every request so that a revocation bites at once. */
  verification: 'PENDING' | 'VERIFIED' | 'REJECTED' | 'REVOKED' | null;
  /** Whether this session was opened with a second factor (TOTP, recovery code or passkey). */
  secondFactor: boolean;
  /** Whether the account's address is confirmed; until it is, only the account's own operations work. */
  emailConfirmed: boolean;
  /** The staff roles an ADMIN account holds (docs/staff-roles.md); empty for everyone else. */
  staffRoles: StaffRole[];
  /**
   * The credential's fields a survey's targeting reads (null without a credential): read by the
   * session's statement, so that issuing a token needs no statement of its own for them.
   */
  credential: CredentialTargeting | null;
  /**
   * Set when the caller is a client's personal access token, not a session (docs/access-tokens.md):
   * `sessionId` is then empty, and only the reads of `TOKEN_OPERATIONS` its scopes name are open.
   */
  accessToken?: { id: string; scopes: AccessTokenScope[] };
}

export interface CredentialTargeting {
  specialty: string;
  country: string;
  region: string | null;
  practiceStartYear: number;
}

export type StaffRole = 'VERIFIER' | 'MODERATOR' | 'REVIEWER' | 'FINANCE' | 'OWNER';

const TOKEN_BYTES = 32;
const HOUR_MS = 3_600_000;

/**
 * A session's times are kept coarse on purpose. An exact "last seen" (or login) time next to an
 * account could be matched against the exact time of a pseudonymous post or vote by anyone
 * holding the database, and would name the pseudonym's holder. So the database says only on which
 * day (UTC) a session was opened and last used, and a session ends on a whole hour.
 */
export function dayOf(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
function nextWholeHour(ms: number): Date {
  return new Date(Math.ceil(ms / HOUR_MS) * HOUR_MS);
}

export function hashToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

/**
 * What the member's list of sessions shows for a device: the browser's and the system's names
 * ("Firefox on Android"), never their versions, the raw user agent or an address — a label that
 * thousands of people share, so that it says nothing more than the member needs to recognise it.
 */
export function deviceLabel(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent.slice(0, 512));
  const parts = [browser.name, os.name].filter((part): part is string => Boolean(part));
  return parts.length === 0 ? null : parts.join(' on ').slice(0, 64);
}

/**
 * How a session's statement commits. `durable` (the default): it waits for the WAL flush, like
 * every other write. `async`: `synchronous_commit` is off for this statement's own transaction
 * only (`set_config(…, true)` in the statement, so it never outlives it on the pooled
 * connection), and the commit does not wait for the flush (~2.5 ms on this disk, more under
 * load): a crash in the next ~0.6 s (three `wal_writer_delay`s) may lose the session, and its
 * holder signs in again. Only for a statement that writes nothing else a crash must keep: every
 * revocation (sign-out, reset, revoke) stays durable, and a later durable commit flushes the WAL
 * before it, this session included (docs/threat-model.md, "Sessions").
 */
export type SessionCommit = 'durable' | 'async';

/** Why a session statement with `checkedPasswordHash` stopped: the password changed meanwhile. */
export const PASSWORD_CHANGED = 'password_changed';

/** Whether an error is the session statement's refusal (`refuse(…)` in SQL, SQLSTATE P0001) for `reason`. */
export function isRefusal(err: unknown, reason: string): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return code === 'P0001' && message === reason;
}

/**
 * Opens a session. `alongside`: writes that must commit with it (a sign-in's tally, audit entry,
 * language), run in the same statement, so that a login waits for one commit, not several.
 * `checkedPasswordHash`: the hash a sign-in verified. The session opens only if it is still the
 * account's, read under a share lock: a reset or change of the password that committed during the
 * verification makes the whole statement fail (PASSWORD_CHANGED, nothing written), and one that
 * commits after it waits for it and then ends this session with the others.
 */
export async function createSession(
  db: Db,
  accountId: string,
  ttlHours: number,
  device: string | null = null,
  secondFactor = false,
  alongside: Prisma.Sql[] = [],
  commit: SessionCommit = 'durable',
  checkedPasswordHash: string | null = null,
) {
  const { token, expiresAt, statement } = sessionStatement(accountId, ttlHours, device, secondFactor, alongside, commit, checkedPasswordHash);
  const [{ id }] = (await queryRows<{ id: string }>(db, statement, { prepared: true })) as [{ id: string }];
  return { token, expiresAt, sessionId: id };
}

/** `createSession`'s token and statement (bench:login's hand-written peer runs the same text). */
export function sessionStatement(
  accountId: string,
  ttlHours: number,
  device: string | null,
  secondFactor: boolean,
  alongside: Prisma.Sql[],
  commit: SessionCommit,
  checkedPasswordHash: string | null,
) {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const now = new Date();
  const expiresAt = nextWholeHour(now.getTime() + ttlHours * HOUR_MS);
  const today = dayOf(now);
  const writes = alongside.map((write, i) => Prisma.sql`, ${Prisma.raw(`alongside_${i}`)} AS (${write})`);
  const lazy = commit === 'async';
  const row = Prisma.sql`${hashToken(token)}, ${expiresAt}::timestamptz, ${today}::timestamptz, ${today}::timestamptz, ${device}, ${secondFactor}`;
  const opened = checkedPasswordHash === null
    ? Prisma.sql`WITH opened AS (
      INSERT INTO session (token_hash, expires_at, created_at, last_seen_at, device, second_factor, account_id)
      VALUES (${row}, ${accountId}::uuid)
      RETURNING id
    )`
    : Prisma.sql`WITH checked AS (
      SELECT CASE WHEN a.password_hash = ${checkedPasswordHash} THEN a.id ELSE refuse(${PASSWORD_CHANGED}) END AS id
      FROM account a WHERE a.id = ${accountId}::uuid FOR SHARE
    ), opened AS (
      INSERT INTO session (token_hash, expires_at, created_at, last_seen_at, device, second_factor, account_id)
      SELECT ${row}, checked.id FROM checked
      RETURNING id
    )`;
  const statement = Prisma.sql`
    ${opened}${writes.length > 0 ? Prisma.join(writes, '') : Prisma.empty}${lazy ? Prisma.sql`, lazy_commit AS (SELECT set_config('synchronous_commit', 'off', true))` : Prisma.empty}
    SELECT id::text AS id FROM opened${lazy ? Prisma.sql`, lazy_commit` : Prisma.empty}`;
  return { token, expiresAt, statement };
}

/** The viewer of an `Authorization: Bearer <token>` header (GraphQL and the file routes alike), or null. */
export async function viewerOfAuthorization(db: Db, header: string | null | undefined): Promise<Viewer | null> {
  const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  return token ? resolveSession(db, token) : null;
}

interface SessionRow {
  id: string;
  expiresAt: Date;
  lastSeenAt: Date;
  accountId: string;
  role: Viewer['role'];
  organizationId: string | null;
  verification: Viewer['verification'];
  secondFactor: boolean;
  emailConfirmed: boolean;
  staffRoles: StaffRole[];
  specialty: string | null;
  country: string | null;
  region: string | null;
  practiceStartYear: number | null;
}

/** The session check's statement up to its one parameter, the token's hash (the write peer of the benches runs the same text). */
export const SESSION_STATEMENT = `
    SELECT s.id, s.expires_at AS "expiresAt", s.last_seen_at AS "lastSeenAt", a.id AS "accountId",
           a.role::text AS role, a.organization_id AS "organizationId", c.status::text AS verification,
           s.second_factor AS "secondFactor", a.email_confirmed AS "emailConfirmed",
           ARRAY(SELECT r.role::text FROM staff_role r WHERE r.account_id = a.id ORDER BY r.role) AS "staffRoles",
           c.specialty, c.country, c.region, c.practice_start_year AS "practiceStartYear"
    FROM session s JOIN account a ON a.id = s.account_id LEFT JOIN credential c ON c.account_id = a.id
    WHERE s.token_hash = `;

/** The viewer a bearer token belongs to, or null when it is unknown or expired. */
export async function resolveSession(db: Db, token: string): Promise<Viewer | null> {
  if (token.length === 0 || token.length > 128) return null;
  // One statement for the session, its account, its credential and its staff roles, prepared: this runs on every request.
  const [session] = await queryRows<SessionRow>(db, Prisma.sql([SESSION_STATEMENT, ''], hashToken(token)), { prepared: true });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  // One write a day at most: "last seen" says the day, never the time.
  const today = dayOf(new Date());
  if (session.lastSeenAt.getTime() < today.getTime()) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: today } });
  }
  return {
    accountId: session.accountId,
    sessionId: session.id,
    role: session.role,
    organizationId: session.organizationId,
    verification: session.verification,
    secondFactor: session.secondFactor,
    emailConfirmed: session.emailConfirmed,
    staffRoles: session.staffRoles,
    credential: session.verification === null ? null : {
      specialty: session.specialty!, country: session.country!, region: session.region, practiceStartYear: session.practiceStartYear!,
    },
  };
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** The account's unexpired sessions, the newest first; `current` is the one this request carries. */
export async function sessionsOf(db: Db, viewer: Viewer) {
  const rows = await db.session.findMany({
    where: { accountId: viewer.accountId, expiresAt: { gt: new Date() } },
    select: { id: true, device: true, createdAt: true, lastSeenAt: true, expiresAt: true },
    orderBy: [{ lastSeenAt: 'desc' }, { createdAt: 'desc' }, { id: 'asc' }],
    take: 200,
  });
  return rows.map((row) => ({ ...row, current: row.id === viewer.sessionId }));
}

/** Ends one of the account's own sessions; false when it has no such session. */
export async function endOwnSession(db: Db, accountId: string, sessionId: string): Promise<boolean> {
  const { count } = await db.session.deleteMany({ where: { id: sessionId, accountId } });
  return count === 1;
}

export async function endAllSessions(db: Db, accountId: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { accountId } });
  return count;
}
