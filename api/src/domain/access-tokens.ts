/**
 * Personal access tokens (docs/access-tokens.md): a client's scripts read its organisation's
 * surveys and reports through the API with `Authorization: Bearer csl_pat_…`.
 *
 * A token is `csl_pat_<10 hex>_<43 base64url>`: the first part (the prefix) is shown in lists so
 * the client can tell its tokens apart; the whole token is a 256-bit random secret, of which only
 * the SHA-256 is stored. A fast hash is the right one here: a slow password hash (argon2) guards
 * a low-entropy secret a person chose against guessing, but nobody can guess 2^256 values, and
 * a slow hash would add its cost to every call a script makes.
 *
 * A token caller is a client viewer marked `accessToken`: no session, no cookie, no step-up. What
 * it may call is decided in one place, `TOKEN_OPERATIONS`, by the guard (http/access-token-guard.ts):
 * every other operation is refused, whatever its own scopes say.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Prisma, queryRows, type AccessTokenScope, type Db } from '@consilium/db';
import type { Context } from '../context.ts';
import { badInput, forbidden } from '../errors.ts';
import { resolveSession, type Viewer } from './sessions.ts';

export type { AccessTokenScope };
export const ACCESS_TOKEN_SCOPES: readonly AccessTokenScope[] = ['READ_SURVEYS', 'READ_REPORTS'];
export const TOKEN_PREFIX = 'csl_pat_';
/** The shape of a token, checked before any lookup. */
const TOKEN_SHAPE = /^csl_pat_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/;
/** Live (unrevoked, unexpired) tokens an account may hold at once. */
export const MAX_LIVE_TOKENS = 20;
const MINUTE_MS = 60_000;

/**
 * The operations a token may call, each with the scope it needs: reads of the organisation's
 * surveys and reports, nothing else. A mutation is never here.
 */
export const TOKEN_OPERATIONS: Readonly<Record<string, AccessTokenScope>> = {
  'Query.mySurveys': 'READ_SURVEYS',
  'Query.mySurveysPage': 'READ_SURVEYS',
  'Query.survey': 'READ_SURVEYS',
  'Query.report': 'READ_REPORTS',
  'Query.reportPreview': 'READ_REPORTS',
  // A repeating survey's trend across its waves (docs/waves.md): figures of its reports.
  'Query.surveySeries': 'READ_REPORTS',
};

/** Whether an Authorization header's bearer looks like an access token (not a session's). */
export function bearerOf(header: string | null | undefined): string | null {
  return /^Bearer (\S+)$/i.exec(header ?? '')?.[1] ?? null;
}
export function isAccessToken(bearer: string | null): boolean {
  return bearer !== null && bearer.startsWith(TOKEN_PREFIX);
}

function hashOf(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

interface TokenRow {
  id: string;
  scopes: AccessTokenScope[];
  lastUsedAt: Date | null;
  accountId: string;
  organizationId: string;
}

/**
 * The viewer of an access token, or null when it is unknown, revoked, expired, or its account is
 * no longer a confirmed client of the token's organisation. Marks its use, to the minute and at
 * most once a minute.
 */
export async function resolveAccessToken(db: Db, token: string): Promise<Viewer | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await queryRows<TokenRow>(db, Prisma.sql`
    SELECT t.id::text AS id, t.scopes::text[] AS scopes, t.last_used_at AS "lastUsedAt", a.id::text AS "accountId", t.organization_id::text AS "organizationId"
    FROM access_token t JOIN account a ON a.id = t.account_id
    WHERE t.secret_hash = ${hashOf(token)} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
      AND a.role = 'CLIENT' AND a.email_confirmed AND a.organization_id = t.organization_id`, { prepared: true });
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= MINUTE_MS) {
    await db.$executeRaw`UPDATE access_token SET last_used_at = date_trunc('minute', now()) WHERE id = ${row.id}::uuid`;
  }
  return {
    accountId: row.accountId,
    sessionId: '',
    role: 'CLIENT',
    organizationId: row.organizationId,
    verification: null,
    secondFactor: false,
    emailConfirmed: true,
    staffRoles: [],
    credential: null,
    accessToken: { id: row.id, scopes: row.scopes },
  };
}

/** Why a token caller may not run an operation (the message says it is the token's scope). */
export function tokenForbidden(operation: string): ReturnType<typeof forbidden> {
  const scope = TOKEN_OPERATIONS[operation];
  return forbidden(scope
    ? `This access token's scopes do not allow ${operation} (it needs ${scope}).`
    : `An access token's scope does not allow ${operation}: tokens read surveys and reports only.`);
}

export interface AccessTokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: AccessTokenScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const VIEW = { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true } as const;

/** The caller's tokens, live ones first, newest first (at most 100). */
export async function accessTokensOf(ctx: Pick<Context, 'db'>, accountId: string): Promise<AccessTokenView[]> {
  return ctx.db.accessToken.findMany({
    where: { accountId },
    select: VIEW,
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }, { id: 'asc' }],
    take: 100,
  });
}

/** A fresh token: its prefix (shown in lists), and the SHA-256 that is all the database keeps of it. */
export function newTokenSecret(): { token: string; prefix: string; secretHash: Uint8Array<ArrayBuffer> } {
  const prefix = `${TOKEN_PREFIX}${randomBytes(5).toString('hex')}`;
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, prefix, secretHash: hashOf(token) };
}

export interface NewAccessToken {
  name: string;
  scopes: AccessTokenScope[];
  expiresAt: Date | null;
}

/**
 * Creates a token for a signed-in client (never for another token: the guard refuses every
 * mutation to one). The token is returned once, here; the audit log records its id, never it.
 */
export async function createAccessToken(ctx: Pick<Context, 'db' | 'viewer' | 'log'>, input: NewAccessToken): Promise<{ token: string; accessToken: AccessTokenView }> {
  const viewer = ctx.viewer!;
  if (viewer.accessToken || viewer.role !== 'CLIENT' || !viewer.organizationId) throw forbidden();
  const scopes = [...new Set(input.scopes)].sort();
  if (scopes.length === 0) throw badInput('scopes', 'required', 'scopes: choose at least one scope.');
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw badInput('expiresAt', 'past_date', 'expiresAt: the expiry must be in the future.');
  const now = new Date();
  const live = await ctx.db.accessToken.count({
    where: { accountId: viewer.accountId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
  });
  if (live >= MAX_LIVE_TOKENS) throw badInput('name', 'out_of_range', `An account holds at most ${MAX_LIVE_TOKENS} live access tokens; revoke one first.`);
  const { token, prefix, secretHash } = newTokenSecret();
  const accessToken = await ctx.db.$transaction(async (tx) => {
    const created = await tx.accessToken.create({
      data: { accountId: viewer.accountId, organizationId: viewer.organizationId!, name: input.name, prefix, secretHash, scopes, expiresAt: input.expiresAt },
      select: VIEW,
    });
    await tx.auditEntry.create({ data: { actorId: viewer.accountId, action: 'access_token.create', targetType: 'access_token', targetId: created.id, reason: `${created.prefix} ${scopes.join(',')}` } });
    return created;
  });
  ctx.log.info({ accountId: viewer.accountId, accessTokenId: accessToken.id }, 'access token created');
  return { token, accessToken };
}

/** Revokes one of the caller's own tokens (again changes nothing); BAD_USER_INPUT when it has no such token. */
export async function revokeAccessToken(ctx: Pick<Context, 'db' | 'viewer' | 'log'>, id: string): Promise<AccessTokenView> {
  const viewer = ctx.viewer!;
  return ctx.db.$transaction(async (tx) => {
    const found = await tx.accessToken.findFirst({ where: { id, accountId: viewer.accountId }, select: VIEW });
    if (!found) throw badInput('id', 'not_found', 'id: you have no such access token.');
    if (found.revokedAt) return found;
    const revoked = await tx.accessToken.update({ where: { id }, data: { revokedAt: new Date() }, select: VIEW });
    await tx.auditEntry.create({ data: { actorId: viewer.accountId, action: 'access_token.revoke', targetType: 'access_token', targetId: id, reason: found.prefix } });
    ctx.log.info({ accountId: viewer.accountId, accessTokenId: id }, 'access token revoked');
    return revoked;
  });
}

/** Who an Authorization header names: a session's viewer, a token's, or a token refused (unknown, revoked, expired). */
export interface BearerCaller {
  viewer: Viewer | null;
  /** An access token was presented and is not valid: every operation answers UNAUTHENTICATED. */
  accessTokenRefused: boolean;
}

export async function callerOfAuthorization(db: Db, header: string | null | undefined): Promise<BearerCaller> {
  const bearer = bearerOf(header);
  if (bearer !== null && isAccessToken(bearer)) {
    const viewer = await resolveAccessToken(db, bearer);
    return { viewer, accessTokenRefused: viewer === null };
  }
  return { viewer: bearer ? await resolveSession(db, bearer) : null, accessTokenRefused: false };
}
