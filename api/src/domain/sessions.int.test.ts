import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { dayOf, resolveSession } from './sessions.ts';

let t: TestApp;
let counting = false;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp({}, { onQuery: (sql) => void (counting && statements.push(sql)) });
});
afterAll(() => t.close());

async function resolve(token: string) {
  statements.length = 0;
  counting = true;
  try {
    return await resolveSession(t.db, token);
  } finally {
    counting = false;
  }
}

describe('the session check', () => {
  it('reads the session, its account and its credential in one statement', async () => {
    const p = await t.make.verifiedPhysician();
    const viewer = await resolve(p.token);
    expect(viewer).toEqual({
      accountId: p.account.id, sessionId: expect.any(String), role: 'PHYSICIAN', organizationId: null, verification: 'VERIFIED', secondFactor: false, emailConfirmed: true, staffRoles: [],
      // What a token's targeting reads, so that issuing one needs no statement of its own for it.
      credential: { specialty: 'cardiology', country: 'FR', region: null, practiceStartYear: 2010 },
    });
    expect(statements, statements.join('\n')).toHaveLength(1);
    const client = await t.make.client();
    expect(await resolve(client.token)).toMatchObject({ role: 'CLIENT', organizationId: client.account.organizationId, verification: null, credential: null });
    const admin = await t.make.admin();
    expect(await resolve(admin.token)).toMatchObject({ role: 'ADMIN', organizationId: null, verification: null });
    const unconfirmed = await t.make.unconfirmedPhysician();
    expect(await resolve(unconfirmed.token)).toMatchObject({ role: 'PHYSICIAN', emailConfirmed: false });
    expect(statements, statements.join('\n')).toHaveLength(1);
  });

  it('sees a revocation at once, and each credential state as it is', async () => {
    const p = await t.make.verifiedPhysician();
    expect((await resolve(p.token))?.verification).toBe('VERIFIED');
    await t.db.credential.update({ where: { accountId: p.account.id }, data: { status: 'REVOKED' } });
    expect((await resolve(p.token))?.verification).toBe('REVOKED');
    for (const make of [t.make.pendingPhysician, t.make.rejectedPhysician] as const) {
      const q = await make();
      expect((await resolve(q.token))?.verification).toBe(q.credential.status);
    }
    expect((await resolve((await t.make.physician()).token))?.verification).toBeNull();
  });

  it('refuses an unknown, empty, oversized or expired token, and a token whose session was ended', async () => {
    const p = await t.make.verifiedPhysician();
    expect(await resolve('not-a-token')).toBeNull();
    expect(await resolve('')).toBeNull();
    expect(await resolve('x'.repeat(129))).toBeNull();
    await t.db.session.updateMany({ where: { accountId: p.account.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resolve(p.token)).toBeNull();
    const q = await t.make.verifiedPhysician();
    await t.db.session.deleteMany({ where: { accountId: q.account.id } });
    expect(await resolve(q.token)).toBeNull();
  });

  it('keeps only the day a session was last used: one write on its first use of a day, none after', async () => {
    const p = await t.make.verifiedPhysician();
    const today = dayOf(new Date());
    const yesterday = new Date(today.getTime() - 86_400_000);
    await t.db.session.updateMany({ where: { accountId: p.account.id }, data: { lastSeenAt: yesterday } });
    expect(await resolve(p.token)).not.toBeNull();
    expect(statements.filter((s) => /^\s*UPDATE/i.test(s))).toHaveLength(1);
    const session = await t.db.session.findFirstOrThrow({ where: { accountId: p.account.id } });
    expect(session.lastSeenAt).toEqual(today);
    expect(await resolve(p.token)).not.toBeNull();
    expect(statements, statements.join('\n')).toHaveLength(1);
  });
});
