import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLicenseNumber } from '../domain/licence.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

const SUBMIT = /* GraphQL */ `
  mutation ($input: CredentialInput!) {
    submitCredential(input: $input) { id status licenseNumber specialty registryMatch { found } }
  }`;
const MINE = /* GraphQL */ `{
  myCredential { status reviewReason registryMatch { found } receipt { registry registryChecked registryExtractDate decidedAt decidedByRole } }
  me { verificationStatus pseudonym { handle specialty country } }
}`;
const QUEUE = /* GraphQL */ `
  query ($status: VerificationStatus, $first: Int, $after: String) {
    verificationQueue(status: $status, first: $first, after: $after) {
      edges { cursor node { id licenseNumber registryMatch { found nameOnRegistry specialtyOnRegistry agrees } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
const REVIEW = 'mutation ($id: ID!, $approve: Boolean!, $reason: String) { reviewCredential(id: $id, approve: $approve, reason: $reason) { status reviewReason } }';
const REVOKE = 'mutation ($id: ID!, $reason: String!) { revokeCredential(id: $id, reason: $reason) { status } }';

let t: TestApp;
let seed = 500;
const rpps = () => makeLicenseNumber('RPPS', seed++);
const input = (overrides: Record<string, unknown> = {}) => ({
  country: 'FR', registry: 'RPPS', licenseNumber: rpps(), specialty: 'cardiology', region: 'Occitanie', practiceStartYear: 2012, ...overrides,
});

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  // An active RPPS import that knows one cardiologist, as `pnpm cli registry:import` would leave it.
  const extract = await t.db.registryImport.create({
    data: { registry: 'RPPS', fileName: 'PS_LibreAcces_Personne_activite_202611010000.txt', extractDate: new Date('2026-11-01'), status: 'ACTIVE', rows: 1 },
  });
  await t.db.registryEntry.create({
    data: { importId: extract.id, identifier: makeLicenseNumber('RPPS', 1), firstName: 'Claire', lastName: 'MARTIN', profession: 'Médecin', specialtyCode: 'SM04', specialtyLabel: 'Cardiologie et maladies vasculaires' },
  });
});
afterAll(() => t.close());

describe('submitting a credential', () => {
  it('stores it PENDING, matched against the registry; the holder never sees the evidence, the admin does', async () => {
    const { token } = await t.make.physician();
    const res = await t.gql<{ submitCredential: { status: string; registryMatch: unknown } }>(SUBMIT, { input: input({ licenseNumber: makeLicenseNumber('RPPS', 1) }) }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitCredential).toMatchObject({ status: 'PENDING', registryMatch: null });
    const mine = await t.gql<{ me: { verificationStatus: string; pseudonym: unknown } }>(MINE, {}, { token });
    expect(mine.data!.me).toEqual({ verificationStatus: 'PENDING', pseudonym: null });

    const admin = await t.make.admin();
    const queue = await t.gql<{ verificationQueue: { edges: Array<{ node: { licenseNumber: string; registryMatch: unknown } }> } }>(QUEUE, {}, { token: admin.token });
    const row = queue.data!.verificationQueue.edges.find((e) => e.node.licenseNumber === makeLicenseNumber('RPPS', 1));
    expect(row?.node.registryMatch).toEqual({ found: true, nameOnRegistry: 'Claire MARTIN', specialtyOnRegistry: 'Cardiologie et maladies vasculaires', agrees: true });
  });

  it('records a disagreeing specialty and an unknown number as such', async () => {
    const a = await t.make.physician();
    const b = await t.make.physician();
    await t.db.credential.deleteMany({ where: { licenseNumber: makeLicenseNumber('RPPS', 1) } });
    await t.gql(SUBMIT, { input: input({ licenseNumber: makeLicenseNumber('RPPS', 1), specialty: 'dermatology' }) }, { token: a.token });
    await t.gql(SUBMIT, { input: input() }, { token: b.token });
    const rows = await t.db.credential.findMany({ where: { accountId: { in: [a.account.id, b.account.id] } } });
    const byAccount = Object.fromEntries(rows.map((r) => [r.accountId, r]));
    expect(byAccount[a.account.id]).toMatchObject({ registryFound: true, registryAgrees: false });
    expect(byAccount[b.account.id]).toMatchObject({ registryFound: false, registryAgrees: false, registryName: null });
  });

  it.each([
    ['country', { country: 'FRA' }],
    ['country', { country: 'BE' }],
    ['registry', { registry: 'XYZ' }],
    ['licenseNumber', { licenseNumber: '1234' }],
    ['licenseNumber', { licenseNumber: '10000000001' }],
    ['licenseNumber', { registry: 'NPI', country: 'US', licenseNumber: '1234567894' }],
    ['specialty', { specialty: 'astrology' }],
    ['practiceStartYear', { practiceStartYear: 1900 }],
    ['practiceStartYear', { practiceStartYear: new Date().getFullYear() + 1 }],
    ['region', { region: 'r'.repeat(101) }],
  ])('refuses a bad %s with BAD_USER_INPUT naming it, and stores nothing', async (field, overrides) => {
    const { token, account } = await t.make.physician();
    const res = await t.gql(SUBMIT, { input: input(overrides) }, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0]?.message).toContain(field);
    expect(await t.db.credential.count({ where: { accountId: account.id } })).toBe(0);
  });

  it('accepts a number typed with spaces, and a valid NPI', async () => {
    const { token } = await t.make.physician();
    const spaced = makeLicenseNumber('RPPS', 777).replace(/(\d{3})/g, '$1 ');
    const res = await t.gql<{ submitCredential: { licenseNumber: string } }>(SUBMIT, { input: input({ licenseNumber: spaced }) }, { token });
    expect(res.data!.submitCredential.licenseNumber).toBe(makeLicenseNumber('RPPS', 777));
    const us = await t.make.physician();
    const npi = await t.gql(SUBMIT, { input: input({ registry: 'NPI', country: 'US', licenseNumber: '1234567893', region: null }) }, { token: us.token });
    expect(npi.errors).toBeUndefined();
  });

  it('takes a licence already claimed by another account with the same answer, and flags both for the reviewer', async () => {
    const number = rpps();
    const first = await t.make.physician();
    const second = await t.make.physician();
    const admin = await t.make.admin();
    const one = await t.gql<{ submitCredential: { id: string; status: string } }>(SUBMIT, { input: input({ licenseNumber: number }) }, { token: first.token });
    const two = await t.gql<{ submitCredential: { id: string; status: string } }>(SUBMIT, { input: input({ licenseNumber: number }) }, { token: second.token });
    // The same shape and the same state: nothing in the answer says that the licence was taken.
    expect(two.errors).toBeUndefined();
    expect(Object.keys(two.data!.submitCredential)).toEqual(Object.keys(one.data!.submitCredential));
    expect(two.data!.submitCredential.status).toBe('PENDING');

    const FLAGS = '{ verificationQueue(first: 100) { edges { node { id claimedElsewhere } } } }';
    const queue = await t.gql<{ verificationQueue: { edges: Array<{ node: { id: string; claimedElsewhere: boolean } }> } }>(FLAGS, {}, { token: admin.token });
    const flagged = Object.fromEntries(queue.data!.verificationQueue.edges.map((e) => [e.node.id, e.node.claimedElsewhere]));
    expect(flagged[one.data!.submitCredential.id]).toBe(true);
    expect(flagged[two.data!.submitCredential.id]).toBe(true);
    const holderView = await t.gql<{ myCredential: { claimedElsewhere: boolean | null } }>('{ myCredential { claimedElsewhere } }', {}, { token: second.token });
    expect(holderView.data!.myCredential.claimedElsewhere).toBeNull();

    // One licence backs one verified account: the second approval is refused until the first is revoked.
    expect((await t.gql(REVIEW, { id: one.data!.submitCredential.id, approve: true }, { token: admin.token })).errors).toBeUndefined();
    const refused = await t.gql(REVIEW, { id: two.data!.submitCredential.id, approve: true }, { token: admin.token });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'license_taken' });
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: two.data!.submitCredential.id } })).status).toBe('PENDING');
    await t.gql(REVOKE, { id: one.data!.submitCredential.id, reason: 'Licence belongs to the other account' }, { token: admin.token });
    const approved = await t.gql(REVIEW, { id: two.data!.submitCredential.id, approve: true }, { token: admin.token });
    expect(approved.data).toEqual({ reviewCredential: { status: 'VERIFIED', reviewReason: null } });
  });

  it('limits submissions per account and per address', async () => {
    const limited = await createTestApp({ RATE_LIMIT_SCALE: '0.2' });
    try {
      // 0.2 × 5 per account per day: one submission, then RATE_LIMITED even after a rejection.
      const physician = await limited.make.rejectedPhysician();
      expect((await limited.gql(SUBMIT, { input: input() }, { token: physician.token, ip: '198.51.100.1' })).errors).toBeUndefined();
      await limited.db.credential.update({ where: { accountId: physician.account.id }, data: { status: 'REJECTED' } });
      const again = await limited.gql(SUBMIT, { input: input() }, { token: physician.token, ip: '198.51.100.2' });
      expect(again.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      // 0.2 × 20 per address per hour: four accounts from one address, then RATE_LIMITED.
      const codes = [];
      for (let i = 0; i < 5; i++) {
        const other = await limited.make.physician();
        const res = await limited.gql(SUBMIT, { input: input() }, { token: other.token, ip: '198.51.100.9' });
        codes.push(res.errors?.[0]?.extensions?.code ?? 'ok');
      }
      expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });

  it('refuses a second submission while one is pending', async () => {
    const { token } = await t.make.pendingPhysician();
    const res = await t.gql(SUBMIT, { input: input() }, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'already_submitted' });
  });
});

describe('reviewing credentials', () => {
  it('rejects only with a reason the physician sees, then takes a new submission in place', async () => {
    const physician = await t.make.physician();
    const admin = await t.make.admin();
    const sub = await t.gql<{ submitCredential: { id: string } }>(SUBMIT, { input: input() }, { token: physician.token });
    const id = sub.data!.submitCredential.id;
    const noReason = await t.gql(REVIEW, { id, approve: false }, { token: admin.token });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await t.db.credential.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');

    await t.gql(REVIEW, { id, approve: false, reason: 'Licence number belongs to someone else' }, { token: admin.token });
    const mine = await t.gql<{ myCredential: { status: string; reviewReason: string } }>(MINE, {}, { token: physician.token });
    expect(mine.data!.myCredential).toMatchObject({ status: 'REJECTED', reviewReason: 'Licence number belongs to someone else' });

    const again = await t.gql<{ submitCredential: { id: string; status: string } }>(SUBMIT, { input: input() }, { token: physician.token });
    expect(again.data!.submitCredential).toEqual(expect.objectContaining({ id, status: 'PENDING' }));
    expect(await t.db.credential.count({ where: { accountId: physician.account.id } })).toBe(1);
  });

  it('approves: VERIFIED, a generated pseudonym with the verified badge, a receipt, an audit entry', async () => {
    const physician = await t.make.physician('jeanne.moreau@example.fr');
    const admin = await t.make.admin();
    const sub = await t.gql<{ submitCredential: { id: string } }>(SUBMIT, { input: input({ specialty: 'pediatrics' }) }, { token: physician.token });
    const id = sub.data!.submitCredential.id;
    const res = await t.gql(REVIEW, { id, approve: true }, { token: admin.token });
    expect(res.data).toEqual({ reviewCredential: { status: 'VERIFIED', reviewReason: null } });

    const mine = await t.gql<{ me: { verificationStatus: string; pseudonym: { handle: string } }; myCredential: { receipt: Record<string, unknown> } }>(MINE, {}, { token: physician.token });
    expect(mine.data!.me).toMatchObject({ verificationStatus: 'VERIFIED', pseudonym: { specialty: 'pediatrics', country: 'FR' } });
    expect(mine.data!.me.pseudonym.handle).toMatch(/^[A-Z][a-z]+-[A-Z][a-z]+-\d{4}$/);
    expect(mine.data!.me.pseudonym.handle.toLowerCase()).not.toMatch(/jeanne|moreau/);
    expect(mine.data!.myCredential.receipt).toMatchObject({ registry: 'RPPS', registryChecked: true, registryExtractDate: '2026-11-01T00:00:00.000Z', decidedByRole: 'ADMIN' });

    const entries = await t.db.auditEntry.findMany({ where: { targetId: id } });
    expect(entries).toEqual([expect.objectContaining({ actorId: admin.account.id, action: 'credential.approve', targetType: 'credential' })]);
    const twice = await t.gql(REVIEW, { id, approve: true }, { token: admin.token });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'wrong_state' });
  });

  it('revokes a verified credential with a reason; the gate closes on the very next request', async () => {
    const physician = await t.make.verifiedPhysician();
    const admin = await t.make.admin();
    expect((await t.gql('{ rooms }', {}, { token: physician.token })).errors).toBeUndefined();
    const res = await t.gql(REVOKE, { id: physician.credential.id, reason: 'Struck off the register' }, { token: admin.token });
    expect(res.data).toEqual({ revokeCredential: { status: 'REVOKED' } });
    const after = await t.gql('{ rooms }', {}, { token: physician.token });
    expect(after.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.db.auditEntry.count({ where: { targetId: physician.credential.id, action: 'credential.revoke' } })).toBe(1);
  });

  it('answers an unknown id as not found, and a malformed id as bad input', async () => {
    const admin = await t.make.admin();
    const unknown = await t.gql(REVIEW, { id: '00000000-0000-4000-8000-000000000000', approve: true }, { token: admin.token });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'not_found' });
    const malformed = await t.gql(REVIEW, { id: 'nope', approve: true }, { token: admin.token });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('keeps the audit log append-only, even for someone with SQL access', async () => {
    await expect(t.db.$executeRawUnsafe('UPDATE audit_entry SET reason = $1', 'rewritten')).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
  });

  it('pages through the queue oldest first, with cursors', async () => {
    const admin = await t.make.admin();
    await t.db.credential.updateMany({ where: { status: 'PENDING' }, data: { status: 'REJECTED', licenseClaim: null } });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await t.make.pendingPhysician()).credential.id);
    type Q = { verificationQueue: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const page1 = await t.gql<Q>(QUEUE, { first: 2 }, { token: admin.token });
    expect(page1.data!.verificationQueue.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(page1.data!.verificationQueue.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.gql<Q>(QUEUE, { first: 2, after: page1.data!.verificationQueue.pageInfo.endCursor }, { token: admin.token });
    expect(page2.data!.verificationQueue.edges.map((e) => e.node.id)).toEqual(ids.slice(2));
    expect(page2.data!.verificationQueue.pageInfo.hasNextPage).toBe(false);
    const bad = await t.gql(QUEUE, { after: 'garbage' }, { token: admin.token });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
