/** A client's personal access token for tests: a new client (or the one given) and a token of it. */
import pino from 'pino';
import { createAccessToken, type AccessTokenScope } from '../domain/access-tokens.ts';
import type { TestApp } from './harness.ts';

export interface TokenOptions {
  scopes?: AccessTokenScope[];
  expiresAt?: Date | null;
  name?: string;
  /** The client the token is made for (`make.client()`'s result); a new one when left out. */
  client?: Awaited<ReturnType<TestApp['make']['client']>>;
}

export async function makeAccessToken(t: TestApp, { scopes = ['READ_SURVEYS', 'READ_REPORTS'], expiresAt = null, name = 'Test script', client }: TokenOptions = {}) {
  const made = client ?? (await t.make.client());
  const viewer = {
    accountId: made.account.id, sessionId: made.sessionId, role: 'CLIENT' as const, organizationId: made.account.organizationId,
    verification: null, secondFactor: false, emailConfirmed: true, staffRoles: [], credential: null,
  };
  const { token, accessToken } = await createAccessToken({ db: t.db, viewer, log: pino({ level: 'silent' }) }, { name, scopes, expiresAt });
  return { token, accessToken, client: made, account: made.account };
}
