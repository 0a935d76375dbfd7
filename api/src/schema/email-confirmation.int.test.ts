/**
 * Issue #14, point 1: nothing beyond the account page until the address is confirmed. A member
 * who registered is signed in at once, may use their own account's operations, and is refused
 * everything their role is for with EMAIL_NOT_CONFIRMED until they follow the mailed link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLicenseNumber } from '../domain/licence.ts';
import { issueLink } from '../domain/mail/links.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';
import { confirmByMail, linkToken, startSmtpServer } from '../test/smtp.ts';

const PASSWORD = 'glacier-violet-teapot-1987';
const REGISTER = 'mutation ($i: RegisterInput!) { register(input: $i) { token } }';
const SUBMIT = 'mutation ($i: CredentialInput!) { submitCredential(input: $i) { status } }';
const CREATE_SURVEY = 'mutation ($i: SurveyInput!) { createSurvey(input: $i) { id } }';
const SURVEY = { title: 'Winter survey', description: '', questions: [{ kind: 'TEXT', prompt: 'Why?' }], sampleSize: 10, honorariumCents: 0 };
const CONFIRM = 'mutation ($t: String!) { confirmEmail(token: $t) }';
const RESEND = 'mutation { resendEmailConfirmation }';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
let n = 0;
let licence = 700_000;
const ip = () => `198.51.100.${++n}`;
const credential = () => ({ country: 'FR', registry: 'RPPS', licenseNumber: makeLicenseNumber('RPPS', licence++), specialty: 'cardiology', practiceStartYear: 2012 });

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ SMTP_URL: smtp.url, WEB_URL: 'https://consilium.example' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function register(email: string, role: 'PHYSICIAN' | 'CLIENT') {
  const res = await t.gql<{ register: { token: string } }>(REGISTER, { i: { email, password: PASSWORD, role, ...(role === 'CLIENT' ? { organizationName: 'Agence Test' } : {}) } }, { ip: ip() });
  expect(res.errors).toBeUndefined();
  return res.data!.register.token;
}

describe('an account whose address is not confirmed', () => {
  it('a physician is signed in, keeps their account operations, is refused verification until the link is followed', async () => {
    const email = 'unconfirmed-doctor@example.org';
    const token = await register(email, 'PHYSICIAN');
    const refused = await t.gql(SUBMIT, { i: credential() }, { token, ip: ip() });
    expect(refused.errors?.[0]?.extensions?.code).toBe('EMAIL_NOT_CONFIRMED');
    expect(refused.errors?.[0]?.message).toMatch(/confirm your e-mail address/i);
    expect(await t.db.credential.count({ where: { account: { email } } })).toBe(0);
    // Their own account: who they are, their sessions, their data.
    const own = await t.gql<{ me: { email: string; emailConfirmed: boolean } }>('{ me { email emailConfirmed } mySessions { current } exportMyData }', {}, { token, ip: ip() });
    expect(own.errors).toBeUndefined();
    expect(own.data!.me).toEqual({ email, emailConfirmed: false });

    await confirmByMail(smtp, (q, v) => t.gql(q, v, { ip: ip() }), email);
    const allowed = await t.gql<{ submitCredential: { status: string } }>(SUBMIT, { i: credential() }, { token, ip: ip() });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.submitCredential.status).toBe('PENDING');
  });

  it('a client may not author surveys until confirmed; a physician’s refusal of a client operation stays FORBIDDEN', async () => {
    const email = 'unconfirmed-client@example.org';
    const token = await register(email, 'CLIENT');
    expect((await t.gql(CREATE_SURVEY, { i: SURVEY }, { token, ip: ip() })).errors?.[0]?.extensions?.code).toBe('EMAIL_NOT_CONFIRMED');
    expect((await t.gql('{ mySurveys { id } }', {}, { token, ip: ip() })).errors?.[0]?.extensions?.code).toBe('EMAIL_NOT_CONFIRMED');
    expect(await t.db.survey.count({ where: { createdBy: { email } } })).toBe(0);
    // Confirming would not let a physician author a survey: that answer does not blame the address.
    const doctor = await t.make.unconfirmedPhysician();
    expect((await t.gql(CREATE_SURVEY, { i: SURVEY }, { token: doctor.token, ip: ip() })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    await confirmByMail(smtp, (q, v) => t.gql(q, v, { ip: ip() }), email);
    const created = await t.gql(CREATE_SURVEY, { i: SURVEY }, { token, ip: ip() });
    expect(created.errors).toBeUndefined();
  });

  it('bites on the next request: a session opened before the confirmation works right after it, without signing in again', async () => {
    const { account, token } = await t.make.unconfirmedPhysician();
    expect((await t.gql('{ myCredential { id } }', {}, { token, ip: ip() })).errors?.[0]?.extensions?.code).toBe('EMAIL_NOT_CONFIRMED');
    const link = await issueLink(t.db, account.id, 'CONFIRM_EMAIL');
    expect((await t.gql(CONFIRM, { t: link }, { ip: ip() })).data).toEqual({ confirmEmail: true });
    expect((await t.gql('{ myCredential { id } }', {}, { token, ip: ip() })).errors).toBeUndefined();
  });

  it('may change a mistyped address: the link to the new one confirms it and opens the account', async () => {
    const token = await register('typo@exmaple.org', 'PHYSICIAN');
    await smtp.next('typo@exmaple.org');
    const change = await t.gql('mutation ($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }', { e: 'right@example.org', p: PASSWORD }, { token, ip: ip() });
    expect(change.errors).toBeUndefined();
    await confirmByMail(smtp, (q, v) => t.gql(q, v, { ip: ip() }), 'right@example.org');
    const me = await t.gql('{ me { email emailConfirmed } }', {}, { token, ip: ip() });
    expect(me.data).toEqual({ me: { email: 'right@example.org', emailConfirmed: true } });
    expect((await t.gql(SUBMIT, { i: credential() }, { token, ip: ip() })).errors).toBeUndefined();
  });
});

describe('the confirmation link', () => {
  it('is refused once expired, and the account stays unconfirmed', async () => {
    const { account, token } = await t.make.unconfirmedPhysician();
    // Issued 49 hours ago: the 48-hour link ended at the latest an hour ago.
    const expired = await issueLink(t.db, account.id, 'CONFIRM_EMAIL', null, Date.now() - 49 * 3_600_000);
    const res = await t.gql(CONFIRM, { t: expired }, { ip: ip() });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', reason: 'invalid_token' });
    expect((await t.db.account.findUniqueOrThrow({ where: { id: account.id } })).emailConfirmed).toBe(false);
    expect((await t.gql('{ myCredential { id } }', {}, { token, ip: ip() })).errors?.[0]?.extensions?.code).toBe('EMAIL_NOT_CONFIRMED');
  });

  it('works once: used again it is refused, and signing in does not confirm', async () => {
    const email = 'twice@example.org';
    await register(email, 'PHYSICIAN');
    const mail = await smtp.next(email);
    const link = linkToken(mail.text, '/confirm-email');
    expect((await t.gql(CONFIRM, { t: link }, { ip: ip() })).data).toEqual({ confirmEmail: true });
    expect((await t.gql(CONFIRM, { t: link }, { ip: ip() })).errors?.[0]?.extensions?.reason).toBe('invalid_token');
    const unconfirmed = await t.make.unconfirmedClient();
    const login = await t.gql<{ login: { token: string } }>('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: unconfirmed.account.email, p: TEST_PASSWORD }, { ip: ip() });
    expect((await t.gql('{ mySurveys { id } }', {}, { token: login.data!.login.token, ip: ip() })).errors?.[0]?.extensions?.code).toBe('EMAIL_NOT_CONFIRMED');
  });

  it('is sent again at most 5 times an hour per account (RATE_LIMITED after), and each resend replaces the last link', async () => {
    const email = 'impatient@example.org';
    const token = await register(email, 'PHYSICIAN');
    const first = linkToken((await smtp.next(email)).text, '/confirm-email');
    let last = first;
    for (let i = 0; i < 5; i++) {
      expect((await t.gql(RESEND, {}, { token, ip: ip() })).data).toEqual({ resendEmailConfirmation: true });
      last = linkToken((await smtp.next(email)).text, '/confirm-email');
    }
    const limited = await t.gql(RESEND, {}, { token, ip: ip() });
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await t.gql(CONFIRM, { t: first }, { ip: ip() })).errors?.[0]?.extensions?.reason).toBe('invalid_token');
    expect((await t.gql(CONFIRM, { t: last }, { ip: ip() })).data).toEqual({ confirmEmail: true });
  });
});
