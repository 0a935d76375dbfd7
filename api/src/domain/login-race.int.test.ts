/**
 * A password reset that commits while a sign-in with the old password is being verified (argon2
 * takes tens of milliseconds) ends that sign-in too: the session opens only if the hash verified
 * is still the account's, read under a share lock (domain/sessions.ts, `checkedPasswordHash`).
 * Here the reset's transaction is held open, with its new hash written and the sessions deleted,
 * while the sign-in runs: the sign-in must wait for it, then fail as a wrong password does, and
 * leave no session and no sign-in tally behind.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';
import { hashPassword } from './passwords.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '1000' });
});
afterAll(() => t.close());

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

/** Whether another backend of this database waits for a lock (the reset's, the only one held). */
async function signInWaits(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`);
  return rows[0].n > 0;
}

describe('a sign-in racing a password reset', () => {
  it('does not open a session once the reset has replaced the hash it verified', async () => {
    const { account } = await t.make.verifiedPhysician();
    const reset = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await reset.connect();
    try {
      await reset.query('BEGIN');
      await reset.query('UPDATE account SET password_hash = $2 WHERE id = $1', [account.id, await hashPassword('an-entirely-new-passphrase-77')]);
      await reset.query('DELETE FROM session WHERE account_id = $1', [account.id]);
      const signIn = t.gql<{ login: { token: string } }>(LOGIN, { e: account.email, p: TEST_PASSWORD });
      let settled = false;
      void signIn.finally(() => (settled = true));
      // The verification (old hash: the reset is not committed) passes; the sign-in then waits on the account's row.
      await expect.poll(async () => settled || (await signInWaits(reset)), { timeout: 10_000, interval: 20 }).toBe(true);
      expect(settled, 'the sign-in finished while the reset held the account').toBe(false);
      await reset.query('COMMIT');
      const res = await signIn;
      expect(res.data?.login ?? null).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0]?.extensions?.reason).toBe('invalid_credentials');
      expect(await t.db.session.count({ where: { accountId: account.id } })).toBe(0);
    } finally {
      await reset.end();
    }
  });

});
