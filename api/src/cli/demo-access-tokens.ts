/**
 * Demo data of the Access tokens page (issue #17, point 7): the demo client holds one token, "Script
 * R (démo)", with both scopes, created ten days ago and used yesterday, so that a first look sees
 * the list. Its secret is thrown away at once (nobody could use it): a working one is created on
 * the page, which shows it once.
 */
import type { Db } from '@consilium/db';
import { newTokenSecret } from '../domain/access-tokens.ts';

const DAY_MS = 86_400_000;
export const DEMO_TOKEN_NAME = 'Script R (démo)';

/** Gives the client account of `email` one listed token; returns the line to print. */
export async function seedDemoAccessTokens(db: Db, email: string): Promise<string> {
  const { id, organizationId } = await db.account.findUniqueOrThrow({ where: { email }, select: { id: true, organizationId: true } });
  const { prefix, secretHash } = newTokenSecret();
  const now = Date.now();
  const lastUsed = new Date(now - DAY_MS);
  lastUsed.setUTCSeconds(0, 0);
  await db.accessToken.create({
    data: {
      accountId: id, organizationId: organizationId!, name: DEMO_TOKEN_NAME, prefix, secretHash,
      scopes: ['READ_SURVEYS', 'READ_REPORTS'], createdAt: new Date(now - 10 * DAY_MS), lastUsedAt: lastUsed,
    },
  });
  return `Demo access tokens: ${email} has a listed token "${DEMO_TOKEN_NAME}" (${prefix}…; its secret was not kept — create one on /my-surveys/access-tokens to try docs/access-tokens.md)`;
}
