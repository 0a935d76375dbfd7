/** The audit log names who acted by e-mail, read with the page in one statement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
let counting = false;
const statements: string[] = [];
beforeAll(async () => {
  t = await createTestApp({}, { onQuery: (sql) => void (counting && statements.push(sql)) });
});
afterAll(() => t.close());

describe('auditLog', () => {
  it('names each entry’s admin by e-mail, for a page of entries by several admins in at most 3 statements', async () => {
    const [first, second] = [await t.make.admin(), await t.make.admin()];
    for (let i = 0; i < 6; i++) {
      const credential = (await t.make.pendingPhysician()).account.id;
      const { id } = await t.db.credential.findFirstOrThrow({ where: { accountId: credential } });
      const res = await t.gql(`mutation ($id: ID!) { reviewCredential(id: $id, approve: true) { id } }`, { id }, { token: (i % 2 ? second : first).token });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    }
    counting = true;
    const res = await t.gql<{ auditLog: { edges: Array<{ node: { actorEmail: string; action: string } }> } }>('{ auditLog(first: 6) { edges { node { action actorEmail } } } }', {}, { token: first.token });
    counting = false;
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const emails = res.data!.auditLog.edges.map((e) => e.node.actorEmail);
    expect(new Set(emails)).toEqual(new Set([first.account.email, second.account.email]));
    expect(emails.filter((e) => e === first.account.email)).toHaveLength(3);
    // The session check, the page, and its actors in one more.
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(3);
  });
});
