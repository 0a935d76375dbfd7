import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSteppedUp } from '../domain/step-up.ts';
import { hashToken } from '../domain/sessions.ts';
import { addPasskey, SIGN_IN_WITH_PASSKEY, signInOptions, SoftAuthenticator } from '../test/authenticator.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const LIST = '{ myPasskeys { id name addedOn lastUsedOn } }';
type Listed = { id: string; name: string; addedOn: string; lastUsedOn: string | null };
const list = async (token: string) => (await t.gql<{ myPasskeys: Listed[] }>(LIST, {}, { token })).data!.myPasskeys;
const signIn = (response: string, ip = '203.0.113.50') =>
  t.gql<{ signInWithPasskey: { token: string; account: { id: string } } }>(SIGN_IN_WITH_PASSKEY, { r: response }, { ip, headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' } });
const today = () => new Date(new Date().toISOString().slice(0, 10)).toISOString();

describe('adding passkeys', () => {
  it('adds several named passkeys, listed with the day they were added and nothing finer', async () => {
    const member = await t.make.verifiedPhysician();
    const laptop = new SoftAuthenticator();
    const phone = new SoftAuthenticator();
    await addPasskey(t.gql, member.token, laptop, 'Laptop');
    await addPasskey(t.gql, member.token, phone, '  Phone  ');
    const passkeys = await list(member.token);
    expect(passkeys.map((p) => p.name)).toEqual(['Laptop', 'Phone']);
    for (const p of passkeys) {
      expect(p.addedOn).toBe(today());
      expect(p.lastUsedOn).toBeNull();
    }
    const [row] = await t.db.$queryRaw<Array<{ type: string }>>`SELECT pg_typeof(created_on)::text AS type FROM passkey LIMIT 1`;
    expect(row!.type).toBe('date');
    // The data export holds them too (GDPR Art. 15): names and days.
    const exported = JSON.parse((await t.gql<{ exportMyData: string }>('{ exportMyData }', {}, { token: member.token })).data!.exportMyData);
    expect(exported.passkeys.map((p: { name: string; createdOn: string }) => [p.name, p.createdOn])).toEqual([['Laptop', today()], ['Phone', today()]]);
    // Another member sees none of them.
    expect(await list((await t.make.client()).token)).toEqual([]);
  });

  it('refuses an attestation for another challenge, another session, another site or without user verification', async () => {
    const member = await t.make.physician();
    const other = await t.make.physician();
    const authenticator = new SoftAuthenticator();
    const start = async (token: string) => (await t.gql<{ startPasskeyRegistration: string }>('mutation { startPasskeyRegistration }', {}, { token })).data!.startPasskeyRegistration;
    const finish = (token: string, response: string) =>
      t.gql('mutation ($r: String!) { finishPasskeyRegistration(response: $r, name: "Key") { id } }', { r: response }, { token });

    const stale = await start(member.token);
    await start(member.token); // a newer request replaces the challenge: the older one is spent
    const attempts = [
      await finish(member.token, authenticator.register(stale)),
      await finish(other.token, authenticator.register(await start(member.token))),
      await finish(member.token, authenticator.register(await start(member.token), { origin: 'https://consilium.evil.example' })),
      await finish(member.token, authenticator.register(await start(member.token), { unverified: true })),
    ];
    for (const res of attempts) expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'response' });
    expect(await t.db.passkey.count({ where: { accountId: { in: [member.account.id, other.account.id] } } })).toBe(0);
    // A challenge is used once: the same good answer cannot be sent twice.
    const good = authenticator.register(await start(member.token));
    expect((await finish(member.token, good)).errors).toBeUndefined();
    expect((await finish(member.token, good)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await list(member.token)).toHaveLength(1);
  });

  it('refuses what is not a WebAuthn answer, naming the argument', async () => {
    const member = await t.make.physician();
    for (const response of ['not json', '{}', JSON.stringify({ id: 'x', rawId: 'x', type: 'public-key', response: {} })]) {
      const res = await t.gql('mutation ($r: String!) { finishPasskeyRegistration(response: $r, name: "Key") { id } }', { r: response }, { token: member.token });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'response' });
    }
  });
});

describe('signing in with a passkey', () => {
  it('opens a session with a second factor for the passkey\'s account, without e-mail or password', async () => {
    const member = await t.make.verifiedPhysician();
    const authenticator = new SoftAuthenticator();
    await addPasskey(t.gql, member.token, authenticator);
    const res = await signIn(authenticator.assert(await signInOptions(t.gql)));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data!.signInWithPasskey.account.id).toBe(member.account.id);
    const session = await t.db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(res.data!.signInWithPasskey.token) } });
    expect(session).toMatchObject({ accountId: member.account.id, secondFactor: true, device: 'Chrome on Linux' });
    const me = await t.gql<{ me: { id: string } }>('{ me { id } }', {}, { token: res.data!.signInWithPasskey.token });
    expect(me.data!.me.id).toBe(member.account.id);
    expect((await list(member.token))[0]!.lastUsedOn).toBe(today());
  });

  it('refuses a wrong or spent challenge, another site, and an unverified user — all with the same answer', async () => {
    const member = await t.make.physician();
    const authenticator = new SoftAuthenticator();
    await addPasskey(t.gql, member.token, authenticator);
    const options = await signInOptions(t.gql);
    const attempts = [
      authenticator.assert(options, { challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
      authenticator.assert(await signInOptions(t.gql), { origin: 'https://consilium.evil.example' }),
      authenticator.assert(await signInOptions(t.gql), { unverified: true }),
    ];
    const good = authenticator.assert(options);
    expect((await signIn(good)).errors).toBeUndefined();
    // Replayed: the challenge was used.
    attempts.push(good);
    for (const response of attempts) {
      const res = await signIn(response);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'passkey_refused' });
      expect(res.errors?.[0]?.message).toBe('This passkey could not be used to sign in.');
    }
    expect(await t.db.session.count({ where: { accountId: member.account.id, secondFactor: true } })).toBe(1);
  });

  it('refuses a signature counter that did not move forward: a cloned authenticator', async () => {
    const member = await t.make.physician();
    const authenticator = new SoftAuthenticator();
    await addPasskey(t.gql, member.token, authenticator);
    expect((await signIn(authenticator.assert(await signInOptions(t.gql)))).errors).toBeUndefined(); // counter 1
    expect((await signIn(authenticator.assert(await signInOptions(t.gql)))).errors).toBeUndefined(); // counter 2
    // The clone was copied when the counter stood at 1: its next signature says 2 again.
    const cloned = await signIn(authenticator.assert(await signInOptions(t.gql), { counter: 2 }));
    expect(cloned.errors?.[0]?.extensions?.reason).toBe('passkey_refused');
    expect(t.logLines.some((line) => line.includes('signature counter did not increase'))).toBe(true);
    expect((await t.db.passkey.findFirstOrThrow({ where: { accountId: member.account.id } })).signCount).toBe(2n);
  });

  it('refuses a passkey that was removed, and one no account registered', async () => {
    const member = await t.make.physician();
    const authenticator = new SoftAuthenticator();
    const id = await addPasskey(t.gql, member.token, authenticator);
    expect((await t.gql('mutation ($id: ID!) { removePasskey(id: $id) }', { id }, { token: member.token })).errors).toBeUndefined();
    expect((await signIn(authenticator.assert(await signInOptions(t.gql)))).errors?.[0]?.extensions?.reason).toBe('passkey_refused');
    const stranger = new SoftAuthenticator();
    stranger.register(JSON.stringify({ challenge: 'x', rp: { id: 'localhost' }, user: { id: 'AAAA' } }));
    expect((await signIn(stranger.assert(await signInOptions(t.gql)))).errors?.[0]?.extensions?.reason).toBe('passkey_refused');
  });

  it('is counted by the login limit per address', async () => {
    const limited = await createTestApp({ RATE_LIMIT_SCALE: '0.1' });
    try {
      const codes: unknown[] = [];
      for (let i = 0; i < 4; i++) {
        const options = await signInOptions(limited.gql, '198.51.100.99');
        const stranger = new SoftAuthenticator();
        stranger.register(JSON.stringify({ challenge: 'x', rp: { id: 'localhost' }, user: { id: 'AAAA' } }));
        const res = await limited.gql(SIGN_IN_WITH_PASSKEY, { r: stranger.assert(options) }, { ip: '198.51.100.99' });
        codes.push(res.errors?.[0]?.extensions?.code);
      }
      // 30 × 0.1 = 3 tries per 15 minutes, then RATE_LIMITED.
      expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });
});

describe('step-up with a passkey', () => {
  it('steps up the session with one of the account\'s own passkeys, not with someone else\'s', async () => {
    const admin = await t.make.admin({ steppedUp: false });
    const mine = new SoftAuthenticator();
    await addPasskey(t.gql, admin.token, mine);
    const thief = await t.make.admin();
    const theirs = new SoftAuthenticator();
    await addPasskey(t.gql, thief.token, theirs);
    const session = await t.db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(admin.token) } });
    const start = async () => (await t.gql<{ startPasskeyStepUp: string }>('mutation { startPasskeyStepUp }', {}, { token: admin.token })).data!.startPasskeyStepUp;
    const stepUp = (response: string) => t.gql<{ stepUpWithPasskey: string }>('mutation ($r: String!) { stepUpWithPasskey(response: $r) }', { r: response }, { token: admin.token });

    // Someone else's passkey, signing this session's challenge, is refused.
    const options = await start();
    expect(JSON.parse(options).allowCredentials).toHaveLength(1);
    const foreign = await stepUp(theirs.assert(options, { credentialId: theirs.idOf(0) }));
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'response' });
    expect(await isSteppedUp(t, session.id)).toBe(false);

    const res = await stepUp(mine.assert(await start()));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const until = new Date(res.data!.stepUpWithPasskey).getTime();
    expect(until - Date.now()).toBeGreaterThan((t.env.STEP_UP_MINUTES * 60 - 5) * 1000);
    expect(await isSteppedUp(t, session.id)).toBe(true);
  });

  it('asks for a passkey first when the account has none', async () => {
    const member = await t.make.physician();
    const res = await t.gql('mutation { startPasskeyStepUp }', {}, { token: member.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'passkey', reason: 'not_found' });
  });
});

describe('renaming and removing', () => {
  const rename = (token: string, id: string, name: string) => t.gql('mutation ($id: ID!, $n: String!) { renamePasskey(id: $id, name: $n) { name } }', { id, n: name }, { token });
  const remove = (token: string, id: string) => t.gql('mutation ($id: ID!) { removePasskey(id: $id) }', { id }, { token });

  it('renames and removes one\'s own passkeys, and answers for another member\'s as for none', async () => {
    const member = await t.make.physician();
    const other = await t.make.physician();
    const id = await addPasskey(t.gql, member.token, new SoftAuthenticator(), 'Old name');
    expect((await rename(member.token, id, 'Work laptop')).data).toEqual({ renamePasskey: { name: 'Work laptop' } });
    expect((await rename(member.token, id, '   ')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    for (const res of [await rename(other.token, id, 'Mine now'), await remove(other.token, id)]) {
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'not_found' });
    }
    expect((await list(member.token)).map((p) => p.name)).toEqual(['Work laptop']);
    expect((await remove(member.token, id)).data).toEqual({ removePasskey: true });
    expect(await list(member.token)).toEqual([]);
  });

  it('refuses to remove an administrator\'s last second factor', async () => {
    const admin = await t.make.admin();
    // An admin whose second factors are these two passkeys only (no TOTP).
    await t.db.totpFactor.deleteMany({ where: { accountId: admin.account.id } });
    const first = await addPasskey(t.gql, admin.token, new SoftAuthenticator(), 'Key A');
    const second = await addPasskey(t.gql, admin.token, new SoftAuthenticator(), 'Key B');
    const [a, b] = await Promise.all([remove(admin.token, first), remove(admin.token, second)]);
    // Sent together, one goes and the other is refused: the account row serialises them.
    const outcomes = [a, b].map((res) => res.errors?.[0]?.extensions?.reason ?? 'removed').sort();
    expect(outcomes).toEqual(['last_factor', 'removed']);
    expect(await list(admin.token)).toHaveLength(1);
  });

  it('writes an administrator\'s additions, renamings and removals to the audit log (readable by the owner); a member\'s, never', async () => {
    const admin = await t.make.admin();
    const id = await addPasskey(t.gql, admin.token, new SoftAuthenticator(), 'Desk key');
    expect((await rename(admin.token, id, 'Office key')).errors).toBeUndefined();
    expect((await remove(admin.token, id)).errors).toBeUndefined();
    // A refused change writes nothing: another's passkey, a name that is not one.
    expect((await rename(admin.token, id, 'Gone')).errors?.[0]?.extensions?.reason).toBe('not_found');
    const owner = await t.make.admin({ staffRoles: ['OWNER'] });
    const log = await t.gql<{ auditLog: { edges: Array<{ node: { action: string; actorId: string | null; targetId: string | null } }> } }>(
      '{ auditLog(first: 50) { edges { node { action actorId targetId } } } }', {}, { token: owner.token });
    expect(log.errors).toBeUndefined();
    const mine = log.data!.auditLog.edges.map((e) => e.node).filter((n) => n.targetId === admin.account.id && n.action.startsWith('factor.'));
    expect(mine.map((n) => n.action).sort()).toEqual(['factor.passkey.add', 'factor.passkey.remove', 'factor.passkey.rename']);
    for (const n of mine) expect(n.actorId).toBe(admin.account.id);

    const member = await t.make.verifiedPhysician();
    const memberKey = await addPasskey(t.gql, member.token, new SoftAuthenticator());
    await rename(member.token, memberKey, 'Phone');
    await remove(member.token, memberKey);
    expect(await t.db.auditEntry.count({ where: { OR: [{ actorId: member.account.id }, { targetId: member.account.id }] } })).toBe(0);
  });

  it('removes a member\'s passkeys with their account', async () => {
    const member = await t.make.physician();
    await addPasskey(t.gql, member.token, new SoftAuthenticator());
    await t.db.account.delete({ where: { id: member.account.id } });
    expect(await t.db.passkey.count({ where: { accountId: member.account.id } })).toBe(0);
  });
});
