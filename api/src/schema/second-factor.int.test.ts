/** TOTP enrolment, sign-in with a second factor, recovery codes, admins without a factor, step-up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeAt } from '../domain/second-factor/totp.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A code of `secret` for a step (of the three accepted now) that this test has not used yet. */
const usedSteps = new Map<string, Set<number>>();
function freshCode(secret: string): string {
  const used = usedSteps.get(secret) ?? new Set<number>();
  usedSteps.set(secret, used);
  const now = Date.now();
  for (const offset of [0, 1, -1]) {
    const step = Math.floor(now / 30_000) + offset;
    if (used.has(step)) continue;
    used.add(step);
    return codeAt(secret, step * 30_000 + 15_000);
  }
  throw new Error('three codes used in this step');
}

const ip = () => `198.51.100.${Math.floor(Math.random() * 250)}`;
const LOGIN = 'mutation ($e: String!, $p: String!, $f: String) { login(email: $e, password: $p, secondFactor: $f) { token } }';
const ME = '{ me { totpEnabled recoveryCodesLeft signedInWithSecondFactor } }';
const REVIEW = 'mutation ($id: ID!) { reviewCredential(id: $id, approve: true) { status } }';
const STEP_UP = 'mutation ($p: String!, $c: String!) { stepUp(password: $p, code: $c) }';

/** A physician who has set up an authenticator app through the API: their secret and recovery codes. */
async function enrolledPhysician() {
  const p = await t.make.verifiedPhysician();
  const started = await t.gql<{ startTotpEnrolment: { secret: string; uri: string; qrCode: string } }>('mutation { startTotpEnrolment { secret uri qrCode } }', {}, { token: p.token });
  const { secret } = started.data!.startTotpEnrolment;
  const confirmed = await t.gql<{ confirmTotpEnrolment: string[] }>('mutation ($c: String!) { confirmTotpEnrolment(code: $c) }', { c: freshCode(secret) }, { token: p.token });
  return { ...p, secret, recoveryCodes: confirmed.data!.confirmTotpEnrolment, started: started.data!.startTotpEnrolment };
}

describe('enrolling an authenticator app', () => {
  it('gives a secret, its otpauth URI and a QR code, then ten recovery codes for a good code', async () => {
    const p = await t.make.verifiedPhysician();
    const started = await t.gql<{ startTotpEnrolment: { secret: string; uri: string; qrCode: string } }>('mutation { startTotpEnrolment { secret uri qrCode } }', {}, { token: p.token });
    const { secret, uri, qrCode } = started.data!.startTotpEnrolment;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Consilium:/);
    expect(Buffer.from(qrCode.replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toContain('<svg');
    // Not a factor yet: the login needs no code until the enrolment is confirmed.
    expect((await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD }, { ip: ip() })).errors).toBeUndefined();

    const wrong = await t.gql('mutation { confirmTotpEnrolment(code: "000000") }', {}, { token: p.token });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    const ok = await t.gql<{ confirmTotpEnrolment: string[] }>('mutation ($c: String!) { confirmTotpEnrolment(code: $c) }', { c: freshCode(secret) }, { token: p.token });
    const codes = ok.data!.confirmTotpEnrolment;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await t.gql(ME, {}, { token: p.token })).data).toEqual({ me: { totpEnabled: true, recoveryCodesLeft: 10, signedInWithSecondFactor: true } });
    // Stored sealed and hashed: neither the secret nor a code in clear.
    const factor = await t.db.totpFactor.findUniqueOrThrow({ where: { accountId: p.account.id } });
    expect(Buffer.from(factor.sealedSecret).toString('latin1')).not.toContain(secret);
    const hashes = await t.db.recoveryCode.findMany({ where: { accountId: p.account.id } });
    expect(hashes.map((h) => Buffer.from(h.codeHash).toString('latin1')).join('')).not.toContain(codes[0]!.slice(0, 5));
    // A second enrolment is refused while one is set up.
    const again = await t.gql('mutation { startTotpEnrolment { secret } }', {}, { token: p.token });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'wrong_state' });
    // A physician's factor changes leave no timed trace beside their account.
    expect(await t.db.auditEntry.count({ where: { actorId: p.account.id } })).toBe(0);
  });
});

describe('signing in with a second factor', () => {
  it('asks for the code, refuses a wrong or replayed one, and opens a session with a good one', async () => {
    const p = await enrolledPhysician();
    const from = ip();
    const sessionsBefore = await t.db.session.count({ where: { accountId: p.account.id } });
    const missing = await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD }, { ip: from });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED', reason: 'missing' });
    const wrong = await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD, f: '000000' }, { ip: from });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED', reason: 'invalid' });
    // A wrong password with a code is a wrong password.
    const badPassword = await t.gql(LOGIN, { e: p.account.email, p: 'not-the-password-at-all', f: freshCode(p.secret) }, { ip: from });
    expect(badPassword.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.db.session.count({ where: { accountId: p.account.id } })).toBe(sessionsBefore);

    const code = freshCode(p.secret);
    const ok = await t.gql<{ login: { token: string } }>(LOGIN, { e: p.account.email, p: TEST_PASSWORD, f: code }, { ip: from });
    expect(ok.errors).toBeUndefined();
    expect((await t.gql(ME, {}, { token: ok.data!.login.token })).data?.me).toMatchObject({ signedInWithSecondFactor: true });
    const replay = await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD, f: code }, { ip: from });
    expect(replay.errors?.[0]?.extensions).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED', reason: 'invalid' });
  });

  it('takes each recovery code once', async () => {
    const p = await enrolledPhysician();
    const [first] = p.recoveryCodes;
    const ok = await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD, f: first!.toUpperCase() }, { ip: ip() });
    expect(ok.errors).toBeUndefined();
    const again = await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD, f: first }, { ip: ip() });
    expect(again.errors?.[0]?.extensions?.code).toBe('SECOND_FACTOR_REQUIRED');
    expect((await t.gql(ME, {}, { token: p.token })).data?.me).toMatchObject({ recoveryCodesLeft: 9 });
  });

  it('counts a sign-in without its code against the login limits', async () => {
    const p = await enrolledPhysician();
    const from = ip();
    // loginByEmailAndIp allows 10 attempts per 15 minutes at RATE_LIMIT_SCALE=1.
    for (let i = 0; i < 10; i++) {
      const res = await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD }, { ip: from });
      expect(res.errors?.[0]?.extensions?.code).toBe('SECOND_FACTOR_REQUIRED');
    }
    const limited = await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD, f: freshCode(p.secret) }, { ip: from });
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});

describe('recovery codes and removal', () => {
  it('regenerates the codes for a good code only; the old ones stop working', async () => {
    const p = await enrolledPhysician();
    const wrong = await t.gql('mutation { regenerateRecoveryCodes(code: "000000") }', {}, { token: p.token });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    const fresh = await t.gql<{ regenerateRecoveryCodes: string[] }>('mutation ($c: String!) { regenerateRecoveryCodes(code: $c) }', { c: freshCode(p.secret) }, { token: p.token });
    expect(fresh.data!.regenerateRecoveryCodes).toHaveLength(10);
    const old = await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD, f: p.recoveryCodes[1] }, { ip: ip() });
    expect(old.errors?.[0]?.extensions?.code).toBe('SECOND_FACTOR_REQUIRED');
    const renewed = await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD, f: fresh.data!.regenerateRecoveryCodes[0] }, { ip: ip() });
    expect(renewed.errors).toBeUndefined();
  });

  it('removes the factor for the password and a code; the next sign-in needs no code', async () => {
    const p = await enrolledPhysician();
    const badPassword = await t.gql('mutation ($c: String!) { removeTotp(password: "wrong-password-here", code: $c) }', { c: p.recoveryCodes[0] }, { token: p.token });
    expect(badPassword.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect((await t.gql(ME, {}, { token: p.token })).data?.me).toMatchObject({ totpEnabled: true, recoveryCodesLeft: 10 });
    const removed = await t.gql('mutation ($p: String!, $c: String!) { removeTotp(password: $p, code: $c) }', { p: TEST_PASSWORD, c: freshCode(p.secret) }, { token: p.token });
    expect(removed.errors).toBeUndefined();
    expect((await t.gql(ME, {}, { token: p.token })).data?.me).toMatchObject({ totpEnabled: false, recoveryCodesLeft: 0 });
    expect((await t.gql(LOGIN, { e: p.account.email, p: TEST_PASSWORD }, { ip: ip() })).errors).toBeUndefined();
  });

  it('refuses to remove an admin’s last factor', async () => {
    const admin = await t.make.admin();
    const res = await t.gql('mutation ($p: String!, $c: String!) { removeTotp(password: $p, code: $c) }', { p: TEST_PASSWORD, c: admin.recoveryCodes[0] }, { token: admin.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'last_factor' });
    expect(await t.db.totpFactor.count({ where: { accountId: admin.account.id } })).toBe(1);
  });
});

describe('admins and their second factor', () => {
  it('an admin without a factor can only enrol one; enrolling upgrades the session; approving then asks for a step-up', async () => {
    const admin = await t.make.admin({ secondFactor: false });
    const pending = await t.make.pendingPhysician();
    const queue = await t.gql('{ verificationQueue { edges { node { id } } } }', {}, { token: admin.token });
    expect(queue.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'second_factor_required' });
    expect((await t.gql(REVIEW, { id: pending.credential.id }, { token: admin.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const started = await t.gql<{ startTotpEnrolment: { secret: string } }>('mutation { startTotpEnrolment { secret } }', {}, { token: admin.token });
    const secret = started.data!.startTotpEnrolment.secret;
    const confirmed = await t.gql<{ confirmTotpEnrolment: string[] }>('mutation ($c: String!) { confirmTotpEnrolment(code: $c) }', { c: freshCode(secret) }, { token: admin.token });
    expect(confirmed.errors).toBeUndefined();
    expect((await t.gql('{ verificationQueue { edges { node { id } } } }', {}, { token: admin.token })).errors).toBeUndefined();
    const notSteppedUp = await t.gql(REVIEW, { id: pending.credential.id }, { token: admin.token });
    expect(notSteppedUp.errors?.[0]?.extensions?.code).toBe('STEP_UP_REQUIRED');
    expect(await t.db.credential.findUniqueOrThrow({ where: { id: pending.credential.id }, select: { status: true } })).toEqual({ status: 'PENDING' });

    const wrongPassword = await t.gql(STEP_UP, { p: 'not-the-password-at-all', c: freshCode(secret) }, { token: admin.token });
    expect(wrongPassword.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    const wrongCode = await t.gql(STEP_UP, { p: TEST_PASSWORD, c: '000000' }, { token: admin.token });
    expect(wrongCode.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    const stepped = await t.gql<{ stepUp: string }>(STEP_UP, { p: TEST_PASSWORD, c: freshCode(secret) }, { token: admin.token });
    expect(new Date(stepped.data!.stepUp).getTime()).toBeGreaterThan(Date.now());
    expect((await t.gql(REVIEW, { id: pending.credential.id }, { token: admin.token })).data).toEqual({ reviewCredential: { status: 'VERIFIED' } });
    // An admin's factor change is audited, with the admin as actor.
    expect(await t.db.auditEntry.findMany({ where: { actorId: admin.account.id, action: { startsWith: 'factor.' } }, select: { action: true } })).toEqual([{ action: 'factor.totp.enrol' }]);
  });

  it('a sign-in with a code starts stepped up; the step-up expires and logging out ends it', async () => {
    const made = await t.make.admin({ steppedUp: false });
    const login = await t.gql<{ login: { token: string } }>(LOGIN, { e: made.account.email, p: TEST_PASSWORD, f: made.recoveryCodes[0] }, { ip: ip() });
    const token = login.data!.login.token;
    const first = await t.make.pendingPhysician();
    expect((await t.gql(REVIEW, { id: first.credential.id }, { token })).errors).toBeUndefined();

    // The step-up's time runs out (its Redis key expires).
    const keys = await t.redis.keys(`${t.env.REDIS_PREFIX}:step-up:*`);
    const session = await t.db.session.findFirstOrThrow({ where: { accountId: made.account.id, id: { not: made.sessionId } } });
    expect(keys).toContain(`${t.env.REDIS_PREFIX}:step-up:${session.id}`);
    const ttl = await t.redis.ttl(`${t.env.REDIS_PREFIX}:step-up:${session.id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(t.env.STEP_UP_MINUTES * 60);
    await t.redis.del(`${t.env.REDIS_PREFIX}:step-up:${session.id}`);
    const second = await t.make.pendingPhysician();
    expect((await t.gql(REVIEW, { id: second.credential.id }, { token })).errors?.[0]?.extensions?.code).toBe('STEP_UP_REQUIRED');

    // Logging out clears it.
    expect((await t.gql(STEP_UP, { p: TEST_PASSWORD, c: made.recoveryCodes[1] }, { token })).errors).toBeUndefined();
    expect(await t.redis.exists(`${t.env.REDIS_PREFIX}:step-up:${session.id}`)).toBe(1);
    await t.gql('mutation { logout }', {}, { token });
    expect(await t.redis.exists(`${t.env.REDIS_PREFIX}:step-up:${session.id}`)).toBe(0);
  });

  it('an admin with a factor who signs in without its code gets no session', async () => {
    const made = await t.make.admin();
    const res = await t.gql(LOGIN, { e: made.account.email, p: TEST_PASSWORD }, { ip: ip() });
    expect(res.errors?.[0]?.extensions?.code).toBe('SECOND_FACTOR_REQUIRED');
    expect(res.data?.login ?? null).toBeNull();
  });
});
