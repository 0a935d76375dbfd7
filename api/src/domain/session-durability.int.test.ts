/**
 * Which writes wait for the WAL flush (docs/threat-model.md, "Sessions"): a physician's sign-in
 * commits without waiting (a session lost in a crash means signing in again); every revocation —
 * a sign-out, the end of one or of every session, a credential revoked — and a sign-in that writes
 * an audit entry commit durably. A deferred trigger records, at each commit, the
 * `synchronous_commit` in effect there: the setting PostgreSQL commits that transaction with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, queryRows } from '@consilium/db';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';
import { resolveSession } from './sessions.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await t.db.$executeRawUnsafe(`CREATE TABLE commit_setting (n serial PRIMARY KEY, kind text NOT NULL, setting text NOT NULL)`);
  await t.db.$executeRawUnsafe(`
    CREATE FUNCTION record_commit_setting() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO commit_setting (kind, setting) VALUES (TG_TABLE_NAME || '.' || lower(TG_OP), current_setting('synchronous_commit'));
      RETURN NULL;
    END $$`);
  for (const [table, ops] of [['session', 'INSERT OR DELETE'], ['credential', 'UPDATE'], ['audit_entry', 'INSERT']] as const) {
    await t.db.$executeRawUnsafe(`
      CREATE CONSTRAINT TRIGGER commit_setting AFTER ${ops} ON ${table}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION record_commit_setting()`);
  }
});
afterAll(() => t.close());

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

/** What the commits of `op` were made with, in order. */
async function commitsOf(op: () => Promise<unknown>): Promise<Array<{ kind: string; setting: string }>> {
  const [{ last }] = await queryRows<{ last: number }>(t.db, Prisma.sql`SELECT coalesce(max(n), 0)::int AS last FROM commit_setting`) as [{ last: number }];
  await op();
  return queryRows(t.db, Prisma.sql`SELECT kind, setting FROM commit_setting WHERE n > ${last} ORDER BY n`);
}

async function login(email: string): Promise<string> {
  const res = await t.gql<{ login: { token: string } }>(LOGIN, { e: email, p: TEST_PASSWORD });
  expect(res.errors).toBeUndefined();
  return res.data!.login.token;
}

describe('the durability of session writes', () => {
  it("commits a physician's sign-in without waiting for the flush, and the setting ends with its statement", async () => {
    const p = await t.make.verifiedPhysician();
    let token = '';
    expect(await commitsOf(async () => (token = await login(p.account.email)))).toEqual([{ kind: 'session.insert', setting: 'off' }]);
    expect((await t.gql<{ me: { id: string } }>('{ me { id } }', {}, { token })).data?.me.id).toBe(p.account.id);
    // Every connection of the pool (4 in tests), held at once: none kept the sign-in's setting.
    const settings = await Promise.all([0, 1, 2, 3].map(() =>
      queryRows<{ setting: string }>(t.db, Prisma.sql`SELECT current_setting('synchronous_commit') AS setting, pg_sleep(0.05)::text AS slept`)));
    expect(settings.flat().map((row) => row.setting)).toEqual(['on', 'on', 'on', 'on']);
  });

  it("commits a client's or a staff member's sign-in durably: it writes an audit entry", async () => {
    for (const made of [await t.make.client(), await t.make.admin({ secondFactor: false })]) {
      expect(await commitsOf(() => login(made.account.email))).toEqual([
        { kind: 'session.insert', setting: 'on' },
        { kind: 'audit_entry.insert', setting: 'on' },
      ]);
    }
  });

  it('commits every revocation durably: a sign-out, one session ended, every session ended, a credential revoked', async () => {
    const p = await t.make.verifiedPhysician();
    const [first, second, third] = [await login(p.account.email), await login(p.account.email), await login(p.account.email)];
    const durable = (kind: string) => ({ kind, setting: 'on' });
    expect(await commitsOf(() => t.gql('mutation { logout }', {}, { token: first }))).toEqual([durable('session.delete')]);
    const other = await resolveSession(t.db, second);
    expect(await commitsOf(() => t.gql('mutation ($id: ID!) { endSession(id: $id) }', { id: other!.sessionId }, { token: third }))).toEqual([durable('session.delete')]);
    const everywhere = await commitsOf(() => t.gql('mutation { logoutEverywhere }', {}, { token: third }));
    // This one and the factory's.
    expect(everywhere).toEqual([durable('session.delete'), durable('session.delete')]);
    const q = await t.make.verifiedPhysician();
    const admin = await t.make.admin();
    const revoked = await commitsOf(async () => {
      const res = await t.gql('mutation ($id: ID!, $reason: String!) { revokeCredential(id: $id, reason: $reason) { status } }', { id: q.credential.id, reason: 'Struck off' }, { token: admin.token });
      expect(res.errors).toBeUndefined();
    });
    expect(revoked).toEqual(expect.arrayContaining([durable('credential.update'), durable('audit_entry.insert')]));
    expect(revoked.every((commit) => commit.setting === 'on')).toBe(true);
  });
});
