/**
 * Single-use links sent by e-mail. The link carries a random token; the database holds only its
 * SHA-256 (a copy of the database opens nothing), and the row is deleted when the link is used.
 * A link ends on a whole hour after its lifetime, as a session does: no exact time of the
 * request sits beside the account (docs/threat-model.md).
 */
import { randomBytes } from 'node:crypto';
import { Prisma, queryRows, type Db, type EmailTokenPurpose } from '@consilium/db';
import { hashToken } from '../sessions.ts';

const HOUR_MS = 3_600_000;

/** How long each kind of link works, at least (it ends on the next whole hour after this). */
export const LINK_MINUTES: Record<EmailTokenPurpose, number> = {
  RESET_PASSWORD: 60,
  CONFIRM_EMAIL: 48 * 60,
  CHANGE_EMAIL: 24 * 60,
};

/** The path of the web page each link opens. */
export const LINK_PATH: Record<EmailTokenPurpose, string> = {
  RESET_PASSWORD: '/reset-password',
  CONFIRM_EMAIL: '/confirm-email',
  CHANGE_EMAIL: '/confirm-email',
};

type Tx = Pick<Db, 'emailToken'>;

/** Stores a new link for the account and returns its token; earlier links of the same purpose stop working. */
export async function issueLink(db: Tx, accountId: string, purpose: EmailTokenPurpose, newEmail: string | null = null, now = Date.now()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Math.ceil((now + LINK_MINUTES[purpose] * 60_000) / HOUR_MS) * HOUR_MS);
  await db.emailToken.deleteMany({ where: { accountId, purpose } });
  await db.emailToken.create({ data: { tokenHash: hashToken(token), accountId, purpose, newEmail, expiresAt } });
  return token;
}

export function linkUrl(webUrl: string, purpose: EmailTokenPurpose, token: string): string {
  return `${webUrl}${LINK_PATH[purpose]}?token=${token}`;
}

export interface LinkRow {
  accountId: string;
  purpose: EmailTokenPurpose;
  newEmail: string | null;
  email: string;
}

/** The live link a token opens (unexpired, of one of the purposes), or null; nothing is used up. */
export async function findLink(db: Db, token: string, purposes: EmailTokenPurpose[]): Promise<LinkRow | null> {
  if (token.length === 0 || token.length > 128) return null;
  const [row] = await queryRows<LinkRow>(db, Prisma.sql`
    SELECT t.account_id AS "accountId", t.purpose::text AS purpose, t.new_email AS "newEmail", a.email
    FROM email_token t JOIN account a ON a.id = t.account_id
    WHERE t.token_hash = ${hashToken(token)} AND t.expires_at > now() AND t.purpose::text IN (${Prisma.join(purposes)})`);
  return row ?? null;
}

/** Uses the link up: true for the one request that deletes it while it is still live. */
export async function spendLink(db: Tx, token: string): Promise<boolean> {
  const { count } = await db.emailToken.deleteMany({ where: { tokenHash: hashToken(token), expiresAt: { gt: new Date() } } });
  return count === 1;
}
