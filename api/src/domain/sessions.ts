/** Server-side sessions: a random token for the client, only its SHA-256 in the database. */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@consilium/db';

export interface Viewer {
  accountId: string;
  sessionId: string;
  role: 'PHYSICIAN' | 'CLIENT' | 'ADMIN';
  organizationId: string | null;
  /** The state of the physician's credential, read on every request so that a revocation bites at once. */
  verification: 'PENDING' | 'VERIFIED' | 'REJECTED' | 'REVOKED' | null;
}

const TOKEN_BYTES = 32;
/** lastSeenAt is written at most once a minute: a read should not cost a write every time. */
const TOUCH_AFTER_MS = 60_000;

export function hashToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

export async function createSession(db: Db, accountId: string, ttlHours: number) {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.session.create({ data: { accountId, tokenHash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

/** The viewer a bearer token belongs to, or null when it is unknown or expired. */
export async function resolveSession(db: Db, token: string): Promise<Viewer | null> {
  if (token.length === 0 || token.length > 128) return null;
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      expiresAt: true,
      lastSeenAt: true,
      account: { select: { id: true, role: true, organizationId: true, credential: { select: { status: true } } } },
    },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  }
  const { account } = session;
  return {
    accountId: account.id,
    sessionId: session.id,
    role: account.role,
    organizationId: account.organizationId,
    verification: account.credential?.status ?? null,
  };
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function endAllSessions(db: Db, accountId: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { accountId } });
  return count;
}
