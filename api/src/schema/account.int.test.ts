import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';

const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterInput!) {
    register(input: $input) { token expiresAt account { id email role verificationStatus organization { name } } }
  }`;
const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token account { email } } }`;
const ME = /* GraphQL */ `{ me { email role verificationStatus organization { name } } }`;
const GOOD_PASSWORD = 'glacier-violet-teapot-1987';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function counts() {
  return { accounts: await t.db.account.count(), organizations: await t.db.organization.count(), sessions: await t.db.session.count() };
}

describe('register', () => {
  it('creates a physician, returns a working session token, stores only an argon2id hash', async () => {
    const res = await t.gql<{ register: { token: string; expiresAt: string; account: { email: string; role: string; verificationStatus: string } } }>(
      REGISTER,
      { input: { email: '  Dr.Lefevre@Example.FR ', password: GOOD_PASSWORD, role: 'PHYSICIAN' } },
    );
    expect(res.errors).toBeUndefined();
    const payload = res.data!.register;
    expect(payload.account).toMatchObject({ email: 'dr.lefevre@example.fr', role: 'PHYSICIAN', verificationStatus: 'UNSUBMITTED' });
    expect(new Date(payload.expiresAt).getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600_000);

    const me = await t.gql(ME, {}, { token: payload.token });
    expect(me.data).toEqual({ me: { email: 'dr.lefevre@example.fr', role: 'PHYSICIAN', verificationStatus: 'UNSUBMITTED', organization: null } });

    const stored = await t.db.account.findUniqueOrThrow({ where: { email: 'dr.lefevre@example.fr' } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
    expect(stored.passwordHash.split('$')[3]?.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    expect(stored.passwordHash).not.toContain(GOOD_PASSWORD);
    const session = await t.db.session.findFirstOrThrow({ where: { accountId: stored.id } });
    expect(Buffer.from(session.tokenHash).toString('base64url')).not.toBe(payload.token);
  });

  it('creates a client with its organisation and the organisation\'s type', async () => {
    const res = await t.gql<{ register: { account: { organization: { name: string } | null; role: string } } }>(REGISTER, {
      input: { email: 'etudes@agence.example', password: GOOD_PASSWORD, role: 'CLIENT', organizationName: 'Agence régionale de santé', organizationType: 'PUBLIC_AGENCY' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.register.account).toMatchObject({ role: 'CLIENT', organization: { name: 'Agence régionale de santé' } });
    const org = await t.db.organization.findFirstOrThrow({ where: { name: 'Agence régionale de santé' } });
    expect(org.type).toBe('PUBLIC_AGENCY');
  });

  const bad: Array<[string, Record<string, unknown>, string, string]> = [
    ['an empty e-mail', { email: '', password: GOOD_PASSWORD, role: 'PHYSICIAN' }, 'email', 'required'],
    ['a malformed e-mail', { email: 'not-an-email', password: GOOD_PASSWORD, role: 'PHYSICIAN' }, 'email', 'invalid_email'],
    ['an oversized e-mail', { email: `${'a'.repeat(300)}@example.org`, password: GOOD_PASSWORD, role: 'PHYSICIAN' }, 'email', 'too_long'],
    ['a short password', { email: 'short@example.org', password: 'abc123', role: 'PHYSICIAN' }, 'password', 'too_short'],
    ['an oversized password', { email: 'long@example.org', password: 'x'.repeat(5000), role: 'PHYSICIAN' }, 'password', 'too_long'],
    ['a common password', { email: 'common@example.org', password: 'password1234', role: 'PHYSICIAN' }, 'password', 'common_password'],
    ['a password made of the e-mail', { email: 'jeanne.dupont@example.org', password: 'jeanne.dupont', role: 'PHYSICIAN' }, 'password', 'common_password'],
    ['the ADMIN role', { email: 'sneaky@example.org', password: GOOD_PASSWORD, role: 'ADMIN' }, 'role', 'role_not_allowed'],
    ['a client without organisation', { email: 'noorg@example.org', password: GOOD_PASSWORD, role: 'CLIENT' }, 'organizationName', 'organization_required'],
    ['an oversized organisation', { email: 'bigorg@example.org', password: GOOD_PASSWORD, role: 'CLIENT', organizationName: 'o'.repeat(201) }, 'organizationName', 'too_long'],
  ];
  it.each(bad)('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, input, field, reason) => {
    const before = await counts();
    const res = await t.gql(REGISTER, { input });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
    expect(res.errors?.[0]?.message).toMatch(new RegExp(field));
    expect(await counts()).toEqual(before);
  });

  it('reports every problem of a registration at once, each naming its field, writing nothing', async () => {
    const before = await counts();
    const res = await t.gql(REGISTER, { input: { email: 'not-an-email', password: 'x'.repeat(5000), role: 'CLIENT', organizationName: 'o' } });
    expect(res.errors?.map((e) => [e.extensions?.field, e.extensions?.reason])).toEqual([
      ['email', 'invalid_email'], ['password', 'too_long'], ['organizationName', 'too_short'],
    ]);
    // The rules that need the whole input (password strength, a client's organisation) come together too.
    const weak = await t.gql(REGISTER, { input: { email: 'weak@example.org', password: 'password1234', role: 'CLIENT' } });
    expect(weak.errors?.map((e) => [e.extensions?.field, e.extensions?.reason])).toEqual([
      ['password', 'common_password'], ['organizationName', 'organization_required'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a number for the e-mail', { email: 42, password: GOOD_PASSWORD, role: 'PHYSICIAN' }],
    ['an unknown role', { email: 'x@example.org', password: GOOD_PASSWORD, role: 'SURGEON' }],
    ['a missing password', { email: 'x@example.org', role: 'PHYSICIAN' }],
  ])('refuses %s (wrong type) with BAD_USER_INPUT, writing nothing', async (_label, input) => {
    const before = await counts();
    const res = await t.gql(REGISTER, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/input/);
    expect(await counts()).toEqual(before);
  });

  it('answers a registration of a taken e-mail as a login would: never "taken", and no session without its password', async () => {
    await t.gql(REGISTER, { input: { email: 'twice@example.org', password: GOOD_PASSWORD, role: 'PHYSICIAN' } });
    const before = await counts();
    const other = await t.gql(REGISTER, { input: { email: 'TWICE@example.org', password: 'another-long-passphrase-77', role: 'CLIENT', organizationName: 'Labo' } });
    expect(other.data).toBeNull();
    expect(other.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'registration_refused' });
    expect(other.errors?.[0]?.message).not.toMatch(/twice|taken|exists|registered/i);
    expect(await counts()).toEqual(before);

    const holder = await t.gql<{ register: { token: string; account: { email: string; role: string } } }>(REGISTER, {
      input: { email: 'twice@example.org', password: GOOD_PASSWORD, role: 'CLIENT', organizationName: 'Labo' },
    });
    expect(holder.data!.register.account).toMatchObject({ email: 'twice@example.org', role: 'PHYSICIAN' });
    expect(await t.db.organization.count()).toBe(before.organizations);
    expect((await t.gql(ME, {}, { token: holder.data!.register.token })).data).toMatchObject({ me: { email: 'twice@example.org' } });
  });
});

describe('login and logout', () => {
  it('logs in with the right password, whatever the e-mail case', async () => {
    const { account } = await t.make.physician('login-ok@example.org');
    const res = await t.gql<{ login: { token: string; account: { email: string } } }>(LOGIN, { email: 'Login-OK@example.org', password: TEST_PASSWORD });
    expect(res.data!.login.account.email).toBe(account.email);
    expect((await t.gql(ME, {}, { token: res.data!.login.token })).data).toMatchObject({ me: { email: account.email } });
  });

  it('says the same thing for an unknown e-mail and a wrong password', async () => {
    await t.make.physician('known@example.org');
    const wrong = await t.gql(LOGIN, { email: 'known@example.org', password: 'not-the-password-at-all' });
    const unknown = await t.gql(LOGIN, { email: 'nobody@example.org', password: 'not-the-password-at-all' });
    expect(wrong.errors?.[0]).toEqual(unknown.errors?.[0]);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'invalid_credentials' });
  });

  it('ends the session on logout: the token no longer works', async () => {
    const { token } = await t.make.physician();
    expect((await t.gql<{ logout: boolean }>('mutation { logout }', {}, { token })).data).toEqual({ logout: true });
    expect((await t.gql(ME, {}, { token })).data).toEqual({ me: null });
    const again = await t.gql('mutation { logout }', {}, { token });
    expect(again.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ends every session of the account on logoutEverywhere, and no one else\'s', async () => {
    const first = await t.make.physician('everywhere@example.org');
    const second = await t.gql<{ login: { token: string } }>(LOGIN, { email: 'everywhere@example.org', password: TEST_PASSWORD });
    const other = await t.make.physician();
    const res = await t.gql('mutation { logoutEverywhere }', {}, { token: first.token });
    expect(res.data).toEqual({ logoutEverywhere: 2 });
    expect((await t.gql(ME, {}, { token: second.data!.login.token })).data).toEqual({ me: null });
    expect((await t.gql(ME, {}, { token: other.token })).data).toMatchObject({ me: { role: 'PHYSICIAN' } });
  });

  it('treats an expired session as no session', async () => {
    const { account, token } = await t.make.physician();
    await t.db.session.updateMany({ where: { accountId: account.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await t.gql(ME, {}, { token })).data).toEqual({ me: null });
  });

  it('treats a forged or malformed token as no session', async () => {
    expect((await t.gql(ME, {}, { token: 'forged-token-value' })).data).toEqual({ me: null });
    expect((await t.gql(ME, {}, { headers: { authorization: 'Basic abc' } })).data).toEqual({ me: null });
  });
});
