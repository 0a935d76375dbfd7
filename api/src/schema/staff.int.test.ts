/**
 * Staff roles and the audit log (issue #14, points 6 and 7; docs/staff-roles.md): each role opens
 * its own operations and only in a session with a second factor; the owner grants and withdraws
 * roles with a reason, never the last OWNER; sign-ins are counted per account and day, and a
 * physician's own audit entries carry their day only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeAt } from '../domain/second-factor/totp.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

const GRANT = 'mutation ($a: ID!, $r: StaffRole!, $why: String!) { grantStaffRole(accountId: $a, role: $r, reason: $why) { id email roles } }';
const WITHDRAW = 'mutation ($a: ID!, $r: StaffRole!, $why: String!) { withdrawStaffRole(accountId: $a, role: $r, reason: $why) { id email roles } }';
const LOGIN = 'mutation ($e: String!, $p: String!, $f: String) { login(email: $e, password: $p, secondFactor: $f) { token } }';
const QUEUE = '{ verificationQueue { edges { node { id } } } }';

describe('staff roles', () => {
  it('a verifier works the verification queue, and gains moderation only once an owner grants it', async () => {
    const owner = await t.make.staff(['OWNER']);
    const verifier = await t.make.staff(['VERIFIER']);
    expect((await t.gql(QUEUE, {}, { token: verifier.token })).errors).toBeUndefined();
    const moderation = '{ moderationQueue { edges { node { reportCount } } } }';
    expect((await t.gql(moderation, {}, { token: verifier.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const granted = await t.gql<{ grantStaffRole: Array<{ id: string; roles: string[] }> }>(GRANT, { a: verifier.account.id, r: 'MODERATOR', why: 'Joins the moderation rota' }, { token: owner.token });
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantStaffRole.find((m) => m.id === verifier.account.id)!.roles).toEqual(['VERIFIER', 'MODERATOR']);
    // The same session: roles are read on every request.
    expect((await t.gql(moderation, {}, { token: verifier.token })).errors).toBeUndefined();
    expect((await t.gql(WITHDRAW, { a: verifier.account.id, r: 'VERIFIER', why: 'Moves to moderation only' }, { token: owner.token })).errors).toBeUndefined();
    expect((await t.gql(QUEUE, {}, { token: verifier.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const entries = await t.db.auditEntry.findMany({ where: { targetId: verifier.account.id }, orderBy: { at: 'asc' } });
    expect(entries.map((e) => [e.actorId, e.action, e.reason])).toEqual([
      [owner.account.id, 'staff.grant.MODERATOR', 'Joins the moderation rota'],
      [owner.account.id, 'staff.withdraw.VERIFIER', 'Moves to moderation only'],
    ]);
  });

  it('every role is refused without a second factor, even to an admin holding them all', async () => {
    const all = await t.make.staff(['VERIFIER', 'MODERATOR', 'REVIEWER', 'FINANCE', 'OWNER'], { secondFactor: false });
    for (const query of [QUEUE, '{ auditLog { edges { node { id } } } }', '{ staffMembers { id } }', '{ surveysForReview { id } }', '{ orders { id } }']) {
      expect((await t.gql(query, {}, { token: all.token })).errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
    }
  });

  it('refuses to withdraw the last OWNER role, says why, and changes nothing', async () => {
    // This file's other owners first lose the role, so that one is left.
    const owner = await t.make.staff(['OWNER']);
    for (const other of await t.db.staffRoleGrant.findMany({ where: { role: 'OWNER', accountId: { not: owner.account.id } } })) {
      expect((await t.gql(WITHDRAW, { a: other.accountId, r: 'OWNER', why: 'One owner is enough' }, { token: owner.token })).errors).toBeUndefined();
    }
    const before = await t.db.auditEntry.count();
    const res = await t.gql(WITHDRAW, { a: owner.account.id, r: 'OWNER', why: 'Stepping down' }, { token: owner.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role', reason: 'last_owner' });
    expect(await t.db.staffRoleGrant.count({ where: { role: 'OWNER' } })).toBe(1);
    expect(await t.db.auditEntry.count()).toBe(before);
    // With a second owner, the first may step down.
    const next = await t.make.staff(['VERIFIER']);
    expect((await t.gql(GRANT, { a: next.account.id, r: 'OWNER', why: 'Takes over' }, { token: owner.token })).errors).toBeUndefined();
    expect((await t.gql(WITHDRAW, { a: owner.account.id, r: 'OWNER', why: 'Stepping down' }, { token: owner.token })).errors).toBeUndefined();
    expect((await t.db.staffRoleGrant.findMany({ where: { role: 'OWNER' } })).map((g) => g.accountId)).toEqual([next.account.id]);
  });

  it('two owners withdrawing each other at once: one succeeds, one is refused, an owner is left', async () => {
    const [a, b] = [await t.make.staff(['OWNER']), await t.make.staff(['OWNER'])];
    await t.db.staffRoleGrant.deleteMany({ where: { role: 'OWNER', accountId: { notIn: [a.account.id, b.account.id] } } });
    const results = await Promise.all([
      t.gql(WITHDRAW, { a: b.account.id, r: 'OWNER', why: 'Race' }, { token: a.token }),
      t.gql(WITHDRAW, { a: a.account.id, r: 'OWNER', why: 'Race' }, { token: b.token }),
    ]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(await t.db.staffRoleGrant.count({ where: { role: 'OWNER' } })).toBe(1);
  });

  it('grants only to staff accounts, not twice, and wants a reason', async () => {
    const owner = await t.make.staff(['OWNER']);
    const physician = await t.make.verifiedPhysician();
    const notStaff = await t.gql(GRANT, { a: physician.account.id, r: 'VERIFIER', why: 'Not staff' }, { token: owner.token });
    expect(notStaff.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountId', reason: 'not_found' });
    const verifier = await t.make.staff(['VERIFIER']);
    const twice = await t.gql(GRANT, { a: verifier.account.id, r: 'VERIFIER', why: 'Again' }, { token: owner.token });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role', reason: 'wrong_state' });
    const noReason = await t.gql(GRANT, { a: verifier.account.id, r: 'FINANCE', why: '  ' }, { token: owner.token });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await t.db.staffRoleGrant.count({ where: { accountId: verifier.account.id } })).toBe(1);
  });

  it('the audit log cannot be changed or deleted, nor a sign-in count lowered', async () => {
    await expect(t.db.$executeRawUnsafe(`UPDATE audit_entry SET reason = 'edited'`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
    const physician = await t.make.verifiedPhysician();
    await t.gql(LOGIN, { e: physician.account.email, p: TEST_PASSWORD });
    await expect(t.db.$executeRawUnsafe('UPDATE sign_in_tally SET attempts = 0')).rejects.toThrow(/only grows/);
    await expect(t.db.$executeRawUnsafe('DELETE FROM sign_in_tally')).rejects.toThrow(/only grows/);
  });
});

describe('audited sign-ins', () => {
  it('counts a physician’s sign-ins and failed sign-ins per day, with no time of day and no entry of their own', async () => {
    const physician = await t.make.verifiedPhysician();
    for (const password of ['wrong-password-1', 'wrong-password-2', TEST_PASSWORD, 'wrong-password-3', TEST_PASSWORD]) {
      await t.gql(LOGIN, { e: physician.account.email, p: password }, { ip: '198.51.100.9' });
    }
    const tallies = await t.db.$queryRaw<Array<{ day: string; attempts: number; successes: number }>>`
      SELECT day::text, attempts, successes FROM sign_in_tally WHERE account_id = ${physician.account.id}::uuid`;
    expect(tallies).toEqual([{ day: new Date().toISOString().slice(0, 10), attempts: 5, successes: 2 }]);
    expect(await t.db.auditEntry.count({ where: { actorId: physician.account.id } })).toBe(0);
  });

  it('gives each staff and client sign-in an entry of its own, with its time', async () => {
    const verifier = await t.make.staff(['VERIFIER']);
    const before = Date.now();
    // A staff member signs in with their second factor (docs/second-factors.md).
    expect((await t.gql(LOGIN, { e: verifier.account.email, p: TEST_PASSWORD, f: codeAt(verifier.totpSecret!) })).errors).toBeUndefined();
    const [entry] = await t.db.auditEntry.findMany({ where: { actorId: verifier.account.id, action: 'account.sign_in' } });
    expect(entry!.at.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(await t.db.signInTally.findFirst({ where: { accountId: verifier.account.id } })).toMatchObject({ attempts: 1, successes: 1 });
  });

  it('an unknown address counts nothing', async () => {
    const before = await t.db.signInTally.aggregate({ _sum: { attempts: true } });
    await t.gql(LOGIN, { e: 'nobody-here@example.org', p: 'wrong-password-1' });
    expect(await t.db.signInTally.aggregate({ _sum: { attempts: true } })).toEqual(before);
  });
});

describe('audited exports and deletions', () => {
  it('an export by a physician is logged on its day; the owner reads it; a deletion erases the account’s rows and leaves a trace naming nobody', async () => {
    const owner = await t.make.staff(['OWNER']);
    const physician = await t.make.verifiedPhysician();
    await t.gql(LOGIN, { e: physician.account.email, p: 'wrong-password-1' });
    expect((await t.gql('{ exportMyData }', {}, { token: physician.token })).errors).toBeUndefined();
    const [exported] = await t.db.auditEntry.findMany({ where: { actorId: physician.account.id, action: 'account.export' } });
    expect(exported!.at.toISOString()).toMatch(/T00:00:00\.000Z$/);
    const log = await t.gql<{ auditLog: { edges: Array<{ node: { action: string; actorEmail: string | null } }> } }>('{ auditLog(first: 100) { edges { node { action actorEmail } } } }', {}, { token: owner.token });
    expect(log.data!.auditLog.edges.map((e) => e.node)).toContainEqual({ action: 'account.export', actorEmail: physician.account.email });

    expect((await t.gql('mutation ($p: String!) { deleteMyAccount(password: $p) }', { p: TEST_PASSWORD }, { token: physician.token })).errors).toBeUndefined();
    expect(await t.db.auditEntry.count({ where: { OR: [{ actorId: physician.account.id }, { targetId: physician.account.id }] } })).toBe(0);
    expect(await t.db.signInTally.count({ where: { accountId: physician.account.id } })).toBe(0);
    const traces = await t.db.auditEntry.findMany({ where: { action: 'account.delete' } });
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ actorId: null, targetId: null });
    expect(traces[0]!.at.toISOString()).toMatch(/T00:00:00\.000Z$/);
    const after = await t.gql<{ auditLog: { edges: Array<{ node: { action: string; actorEmail: string | null; targetId: string | null } }> } }>('{ auditLog(first: 100) { edges { node { action actorEmail targetId } } } }', {}, { token: owner.token });
    expect(after.data!.auditLog.edges.map((e) => e.node)).toContainEqual({ action: 'account.delete', actorEmail: null, targetId: null });
    expect(JSON.stringify(after.data)).not.toContain(physician.account.email);
  });
});
