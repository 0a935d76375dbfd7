import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';
import { linkToken, startSmtpServer } from '../test/smtp.ts';
import { hashToken } from '../domain/sessions.ts';

const NEW_PASSWORD = 'glacier-violet-teapot-1987';
const REGISTER = 'mutation ($i: RegisterInput!) { register(input: $i) { token account { emailConfirmed } } }';
const CONFIRM = 'mutation ($t: String!) { confirmEmail(token: $t) }';
const REQUEST_RESET = 'mutation ($e: String!) { requestPasswordReset(email: $e) }';
const RESET = 'mutation ($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }';
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const ME = '{ me { email emailConfirmed } }';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
let n = 0;
/** Each request from its own address, so that the per-address limits stay out of the way. */
const ip = () => `198.51.100.${++n}`;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ SMTP_URL: smtp.url, WEB_URL: 'https://consilium.example' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('confirmation of the address at registration', () => {
  it('mails a link in the caller’s language; the link confirms the address once', async () => {
    const email = 'new-doctor@example.org';
    const reg = await t.gql<{ register: { token: string; account: { emailConfirmed: boolean } } }>(
      REGISTER,
      { i: { email, password: NEW_PASSWORD, role: 'PHYSICIAN' } },
      { ip: ip(), headers: { 'accept-language': 'en-GB,en;q=0.9' } },
    );
    expect(reg.errors).toBeUndefined();
    expect(reg.data!.register.account.emailConfirmed).toBe(false);
    const mail = await smtp.next(email);
    expect(mail.subject).toBe('Confirm your e-mail address');
    // The registration's language stays the account's, for the mails sent outside a request (the worker's).
    expect((await t.db.account.findUniqueOrThrow({ where: { email }, select: { language: true } })).language).toBe('en');
    expect(mail.from).toContain('no-reply@consilium.localhost');
    expect(mail.text).toContain('https://consilium.example/confirm-email?token=');
    const token = linkToken(mail.text, '/confirm-email');
    // Stored as its SHA-256 only: the database cannot be replayed as a link.
    const stored = await t.db.emailToken.findMany({ where: { account: { email } } });
    expect(stored.map((row) => Buffer.from(row.tokenHash).toString('base64url'))).toEqual([Buffer.from(hashToken(token)).toString('base64url')]);

    expect((await t.gql(CONFIRM, { t: token }, { ip: ip() })).data).toEqual({ confirmEmail: true });
    expect((await t.gql(ME, {}, { token: reg.data!.register.token })).data).toEqual({ me: { email, emailConfirmed: true } });
    const again = await t.gql(CONFIRM, { t: token }, { ip: ip() });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', reason: 'invalid_token' });
  });

  it('writes French by default, and "resend" replaces the first link', async () => {
    const email = 'nouveau@example.fr';
    const reg = await t.gql<{ register: { token: string } }>(REGISTER, { i: { email, password: NEW_PASSWORD, role: 'PHYSICIAN' } }, { ip: ip() });
    const first = await smtp.next(email);
    expect(first.subject).toBe('Confirmez votre adresse e-mail');
    expect((await t.db.account.findUniqueOrThrow({ where: { email }, select: { language: true } })).language).toBe('fr');
    expect(first.text).toContain('expire dans 48 heures');
    const resent = await t.gql('mutation { resendEmailConfirmation }', {}, { token: reg.data!.register.token, ip: ip() });
    expect(resent.data).toEqual({ resendEmailConfirmation: true });
    const second = await smtp.next(email);
    const stale = await t.gql(CONFIRM, { t: linkToken(first.text, '/confirm-email') }, { ip: ip() });
    expect(stale.errors?.[0]?.extensions?.reason).toBe('invalid_token');
    expect((await t.gql(CONFIRM, { t: linkToken(second.text, '/confirm-email') }, { ip: ip() })).errors).toBeUndefined();
    expect((await t.gql('mutation { resendEmailConfirmation }', {}, { token: reg.data!.register.token, ip: ip() })).data).toEqual({ resendEmailConfirmation: false });
  });

  it('counts accounts made outside registration as confirmed', async () => {
    const { token } = await t.make.verifiedPhysician();
    expect((await t.gql<{ me: { emailConfirmed: boolean } }>(ME, {}, { token })).data!.me.emailConfirmed).toBe(true);
  });
});

describe('the language of an account’s mails', () => {
  it('is the one the member registered in, then the one they last signed in with', async () => {
    const email = `polyglot-${n}@example.org`;
    const reg = await t.gql(REGISTER, { i: { email, password: NEW_PASSWORD, role: 'PHYSICIAN' } }, { ip: ip(), headers: { 'accept-language': 'fr-FR' } });
    expect(reg.errors).toBeUndefined();
    await smtp.next(email);
    const language = async () => (await t.db.account.findUniqueOrThrow({ where: { email }, select: { language: true } })).language;
    expect(await language()).toBe('fr');
    // The web sends the language the member chose (its switch) with every request, the sign-in too.
    expect((await t.gql(LOGIN, { e: email, p: NEW_PASSWORD }, { ip: ip(), headers: { 'accept-language': 'en' } })).errors).toBeUndefined();
    expect(await language()).toBe('en');
    // A refused sign-in changes nothing.
    await t.gql(LOGIN, { e: email, p: 'not-the-password-at-all' }, { ip: ip(), headers: { 'accept-language': 'fr' } });
    expect(await language()).toBe('en');
  });
});

describe('password reset', () => {
  it('mails a single-use link; the new password works, the old one and every session end', async () => {
    const { account, token: session } = await t.make.verifiedPhysician();
    const handle = (await t.db.pseudonym.findFirstOrThrow({ select: { handle: true } })).handle;
    expect((await t.gql(REQUEST_RESET, { e: account.email.toUpperCase() }, { ip: ip() })).data).toEqual({ requestPasswordReset: true });
    const mail = await smtp.next(account.email);
    expect(mail.subject).toBe('Réinitialiser votre mot de passe');
    expect(mail.text).toContain('expire dans 60 minutes');
    expect(mail.text).not.toContain(handle);
    const token = linkToken(mail.text, '/reset-password');

    const weak = await t.gql(RESET, { t: token, p: 'password' }, { ip: ip() });
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect((await t.gql(ME, {}, { token: session })).data).toEqual({ me: { email: account.email, emailConfirmed: true } });

    expect((await t.gql(RESET, { t: token, p: NEW_PASSWORD }, { ip: ip() })).data).toEqual({ resetPassword: true });
    expect((await t.gql(ME, {}, { token: session })).data).toEqual({ me: null });
    expect(await t.db.session.count({ where: { accountId: account.id } })).toBe(0);
    expect((await t.gql(LOGIN, { e: account.email, p: TEST_PASSWORD }, { ip: ip() })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOGIN, { e: account.email, p: NEW_PASSWORD }, { ip: ip() })).errors).toBeUndefined();

    const reused = await t.gql(RESET, { t: token, p: `${NEW_PASSWORD}-again` }, { ip: ip() });
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', reason: 'invalid_token' });
    expect(await t.db.emailToken.count({ where: { accountId: account.id } })).toBe(0);
  });

  it('refuses an expired link and leaves the password as it was', async () => {
    const { account } = await t.make.physician();
    await t.gql(REQUEST_RESET, { e: account.email }, { ip: ip(), headers: { 'accept-language': 'en' } });
    const mail = await smtp.next(account.email);
    expect(mail.subject).toBe('Reset your password');
    const row = await t.db.emailToken.findFirstOrThrow({ where: { accountId: account.id } });
    // A link ends on a whole hour, between one and two hours after the request.
    expect(row.expiresAt.getTime() % 3_600_000).toBe(0);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
    await t.db.emailToken.update({ where: { tokenHash: row.tokenHash }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await t.gql(RESET, { t: linkToken(mail.text, '/reset-password'), p: NEW_PASSWORD }, { ip: ip() });
    expect(res.errors?.[0]?.extensions?.reason).toBe('invalid_token');
    expect((await t.gql(LOGIN, { e: account.email, p: TEST_PASSWORD }, { ip: ip() })).errors).toBeUndefined();
  });

  it('answers the same for an unknown address and mails nobody', async () => {
    const { account } = await t.make.physician();
    const unknown = await t.gql(REQUEST_RESET, { e: 'nobody-here@example.org' }, { ip: ip() });
    const known = await t.gql(REQUEST_RESET, { e: account.email }, { ip: ip() });
    expect(unknown).toEqual(known);
    await smtp.next(account.email);
    expect(smtp.received.filter((m) => m.to === 'nobody-here@example.org')).toEqual([]);
  });

  it('is limited per e-mail, known or not, in the same way', async () => {
    const { account } = await t.make.physician();
    for (const email of [account.email, 'ghost@example.org']) {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await t.gql(REQUEST_RESET, { e: email }, { ip: ip() })).errors?.[0]?.extensions?.code ?? 'ok');
      expect(codes, email).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
    }
    for (let i = 0; i < 3; i++) await smtp.next(account.email);
  });
});

describe('change of e-mail address', () => {
  it('is confirmed on the new address and told to the old one', async () => {
    const { account, token } = await t.make.physician();
    const wrong = await t.gql('mutation { requestEmailChange(newEmail: "moved@example.org", password: "not-the-password") }', {}, { token, ip: ip() });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    const res = await t.gql('mutation ($p: String!) { requestEmailChange(newEmail: "Moved@Example.org", password: $p) }', { p: TEST_PASSWORD }, { token, ip: ip() });
    expect(res.data).toEqual({ requestEmailChange: true });
    const mail = await smtp.next('moved@example.org');
    expect(mail.subject).toBe('Confirmez votre nouvelle adresse e-mail');
    expect((await t.gql(ME, {}, { token })).data).toEqual({ me: { email: account.email, emailConfirmed: true } });

    expect((await t.gql(CONFIRM, { t: linkToken(mail.text, '/confirm-email') }, { ip: ip() })).errors).toBeUndefined();
    expect((await t.gql(ME, {}, { token })).data).toEqual({ me: { email: 'moved@example.org', emailConfirmed: true } });
    const notice = await smtp.next(account.email);
    expect(notice.subject).toBe('L’adresse e-mail de votre compte a changé');
    expect(notice.text).toContain('moved@example.org');
    expect((await t.gql(LOGIN, { e: 'moved@example.org', p: TEST_PASSWORD }, { ip: ip() })).errors).toBeUndefined();
  });

  it('sends nothing to an address another account holds, and says nothing of it', async () => {
    const [{ token }, { account: other }] = await Promise.all([t.make.physician(), t.make.client()]);
    const res = await t.gql('mutation ($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }', { e: other.email, p: TEST_PASSWORD }, { token, ip: ip() });
    expect(res.data).toEqual({ requestEmailChange: true });
    // The reset the holder asks next is the first mail that address gets.
    await t.gql(REQUEST_RESET, { e: other.email }, { ip: ip() });
    expect((await smtp.next(other.email)).subject).toBe('Réinitialiser votre mot de passe');
  });
});

describe('no account enumeration by timing', () => {
  it('answers a reset request for a known and an unknown address within a few ms at p50 (50 tries each)', async () => {
    const fast = await createTestApp({ SMTP_URL: smtp.url, RATE_LIMIT_SCALE: '1000' });
    try {
      const { account } = await fast.make.physician();
      const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
      for (let i = 0; i < 55; i++) {
        for (const branch of i % 2 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)) {
          const email = branch === 'known' ? account.email : `unknown-${i}@example.org`;
          const start = performance.now();
          const res = await fast.gql(REQUEST_RESET, { e: email }, { ip: ip() });
          const ms = performance.now() - start;
          expect(res.data).toEqual({ requestPasswordReset: true });
          if (i >= 5) times[branch].push(ms); // the first five warm up
        }
      }
      const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const [known, unknown] = [p50(times.known), p50(times.unknown)];
      console.info(`reset request p50: known ${known.toFixed(2)} ms, unknown ${unknown.toFixed(2)} ms (50 each)`);
      expect(Math.abs(known - unknown)).toBeLessThan(5);
      for (let i = 0; i < 55; i++) await smtp.next(account.email);
    } finally {
      await fast.close();
    }
  }, 60_000);
});
