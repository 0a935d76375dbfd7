import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createMailer } from '@consilium/jobs/mail';
import { runCli } from '../test/cli.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { confirmByMail, startSmtpServer } from '../test/smtp.ts';
import { mailDemoConfirmations } from './demo-mail.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './demo-seed.ts';
import { TEST_PASSWORD } from '../test/harness.ts';
import { DEMO_ADMIN_TOTP_SECRET } from './demo-seed.ts';
import { codeAt } from '../domain/second-factor/totp.ts';
import { DEMO_RESUME_CODE } from './demo-resume.ts';
import { importPublicKey } from '../domain/blind-signatures/keys.ts';
import { formatResumeCode, openResume, resumeToken } from '../domain/blind-signatures/resume.ts';
import { verifyTokenBase64url } from '../domain/blind-signatures/signer.ts';


const cli = runCli;

const LOGIN = 'mutation ($e: String!, $p: String!, $f: String) { login(email: $e, password: $p, secondFactor: $f) { account { role } } }';
/** The TOTP secret admin:create printed. */
const secretIn = (stdout: string) => /TOTP secret: ([A-Z2-7]+)/.exec(stdout)![1]!;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

// Each test starts the CLI (tsx compiles it first): seconds each on a loaded 2-core machine.
describe('pnpm cli admin:create', { timeout: 60_000 }, () => {
  it('creates an admin with the password from standard input, who can then log in', async () => {
    const res = await cli(['admin:create', '--email', 'Chief@Consilium.example'], { DATABASE_URL: t.env.DATABASE_URL }, 'lantern-quartz-meadow-77\n');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('admin created: chief@consilium.example');
    // Created with a second factor: the password alone does not sign in; with the printed secret's code it does.
    const secret = secretIn(res.stdout);
    expect(res.stdout).toContain(`otpauth://totp/Consilium:chief%40consilium.example?issuer=Consilium&secret=${secret}`);
    expect((await t.gql(LOGIN, { e: 'chief@consilium.example', p: 'lantern-quartz-meadow-77' })).errors?.[0]?.extensions?.code).toBe('SECOND_FACTOR_REQUIRED');
    const login = await t.gql(LOGIN, { e: 'chief@consilium.example', p: 'lantern-quartz-meadow-77', f: codeAt(secret) });
    expect(login.data).toEqual({ login: { account: { role: 'ADMIN' } } });
    // And a printed recovery code works once.
    const recovery = /recovery codes[^:]*: (\S+)/.exec(res.stdout)![1]!;
    expect((await t.gql(LOGIN, { e: 'chief@consilium.example', p: 'lantern-quartz-meadow-77', f: recovery })).data).toBeTruthy();
  });

  it('reads CONSILIUM_PASSWORD when set', async () => {
    const res = await cli(['admin:create', '--email', 'second@consilium.example'], { DATABASE_URL: t.env.DATABASE_URL, CONSILIUM_PASSWORD: 'harbour-cobalt-lynx-2031' });
    expect(res.code).toBe(0);
    const login = await t.gql(LOGIN, { e: 'second@consilium.example', p: 'harbour-cobalt-lynx-2031', f: codeAt(secretIn(res.stdout)) });
    expect(login.data).toBeTruthy();
  });

  it('refuses a weak password and a taken e-mail in one clear line, without the password in it', async () => {
    const weak = await cli(['admin:create', '--email', 'weak@consilium.example'], { DATABASE_URL: t.env.DATABASE_URL, CONSILIUM_PASSWORD: 'password1234' });
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim()).toBe('error: the password is too common or too easy to guess');
    const taken = await cli(['admin:create', '--email', 'chief@consilium.example'], { DATABASE_URL: t.env.DATABASE_URL, CONSILIUM_PASSWORD: 'lantern-quartz-meadow-77' });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already exists');
    expect(taken.stderr).not.toContain('lantern');
    expect(await t.db.account.count({ where: { email: 'weak@consilium.example' } })).toBe(0);
  });

  it('says in one line which database it cannot reach', async () => {
    const res = await cli(['admin:create', '--email', 'x@consilium.example'], { DATABASE_URL: 'postgresql://postgres:hunter2@127.0.0.1:1/consilium', CONSILIUM_PASSWORD: 'lantern-quartz-meadow-77' });
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('127.0.0.1:1');
    expect(res.stderr).not.toContain('hunter2');
  });

  it('says how to use it without --email', async () => {
    const res = await cli(['admin:create'], { DATABASE_URL: t.env.DATABASE_URL });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--email');
  });
});

describe('pnpm cli admin:reset-factor and totp:code', { timeout: 60_000 }, () => {
  it('prints the current code of a secret', async () => {
    const res = await cli(['totp:code', '--secret', DEMO_ADMIN_TOTP_SECRET], {});
    expect(res.code).toBe(0);
    // The step may turn between the two: either side is the same code the API would take.
    expect([codeAt(DEMO_ADMIN_TOTP_SECRET), codeAt(DEMO_ADMIN_TOTP_SECRET, Date.now() - 30_000)]).toContain(res.stdout.trim());
  });

  it('removes a lost factor, ends the sessions, audits it; the admin signs in with the password and must enrol again', async () => {
    const admin = await t.make.admin();
    const res = await cli(['admin:reset-factor', '--email', admin.account.email.toUpperCase()], { DATABASE_URL: t.env.DATABASE_URL });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('second factor removed');
    expect((await t.gql('{ me { id } }', {}, { token: admin.token })).data).toEqual({ me: null });
    expect(await t.db.totpFactor.count({ where: { accountId: admin.account.id } })).toBe(0);
    expect(await t.db.recoveryCode.count({ where: { accountId: admin.account.id } })).toBe(0);
    expect(await t.db.auditEntry.findMany({ where: { targetId: admin.account.id }, select: { action: true, actorId: true } })).toEqual([{ action: 'factor.reset', actorId: admin.account.id }]);
    const login = await t.gql<{ login: { token: string } }>('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: admin.account.email, p: TEST_PASSWORD });
    const token = login.data!.login.token;
    const queue = await t.gql('{ verificationQueue { edges { cursor } } }', {}, { token });
    expect(queue.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'second_factor_required' });
    expect((await t.gql('mutation { startTotpEnrolment { secret } }', {}, { token })).errors).toBeUndefined();
  });

  it('refuses an e-mail that is not an admin’s', async () => {
    const physician = await t.make.physician();
    const res = await cli(['admin:reset-factor', '--email', physician.account.email], { DATABASE_URL: t.env.DATABASE_URL });
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('error: no admin has this e-mail address');
  });
});

describe('demo data', () => {
  it('loads into an empty database only, and its logins work', async () => {
    const fresh = await createTestApp();
    try {
      const queued: string[] = [];
      const builds = { enqueueIfDue: async (surveyId: string) => void queued.push(surveyId), enqueueFiles: async () => {}, close: async () => {} };
      const lines = await seedDemo(fresh.db, fresh.env.PSEUDONYM_SECRET, fresh.env.DATABASE_URL, fresh.env.SURVEY_KEY_SECRET, fresh.env, fresh.services.storage, builds);
      expect(lines?.join('\n')).toContain(DEMO_PASSWORD);
      // Dr Martin's account page lists a passkey, with days only.
      const martin = await fresh.db.account.findUniqueOrThrow({ where: { email: 'dr.martin@demo.consilium.test' }, select: { passkeys: { select: { name: true, createdOn: true } } } });
      expect(martin.passkeys.map((p) => [p.name, p.createdOn.getTime() % 86_400_000])).toEqual([['Téléphone', 0]]);
      // The demo client's Access tokens page lists one token; its secret was never kept, nor printed.
      const client = await fresh.db.account.findUniqueOrThrow({ where: { email: 'etudes@sante-publique.demo.consilium.test' }, select: { accessTokens: { select: { name: true, prefix: true, scopes: true, revokedAt: true } } } });
      expect(client.accessTokens.map((a) => [a.name, a.scopes, a.revokedAt])).toEqual([['Script R (démo)', ['READ_SURVEYS', 'READ_REPORTS'], null]]);
      expect(lines?.join('\n')).toContain(`${client.accessTokens[0]!.prefix}…`);
      expect(lines?.join('\n')).not.toMatch(/csl_pat_[0-9a-f]{10}_/);
      // The paid report was queued, as a payment queues it; the worker builds it. So were the twelve
      // closed waves of the sentinel series (docs/waves.md), each with its paid order.
      const waves = new Set((await fresh.db.survey.findMany({ where: { seriesId: { not: null } }, select: { id: true } })).map((s) => s.id));
      const oneOffs = queued.filter((id) => !waves.has(id));
      expect(oneOffs).toHaveLength(1);
      expect(queued.filter((id) => waves.has(id))).toHaveLength(12);
      expect(await buildReport(fresh.db, oneOffs[0]!, { ...defaultReportSettings, k: fresh.env.REPORT_K })).toMatchObject({ built: true });
      expect(await seedDemo(fresh.db, fresh.env.PSEUDONYM_SECRET, fresh.env.DATABASE_URL, fresh.env.SURVEY_KEY_SECRET)).toBeNull();
      // The admin's queue shows registry evidence for the pending demo physicians: one found and agreeing, one not found.
      const pending = await fresh.db.credential.findMany({ where: { status: 'PENDING' }, orderBy: { licenseNumber: 'asc' } });
      expect(pending.map((c) => [c.registryFound, c.registryAgrees])).toEqual([[true, true], [false, false]]);
      const tokens = new Map<string, string>();
      expect(lines?.join('\n')).toContain(`totp:code --secret ${DEMO_ADMIN_TOTP_SECRET}`);
      for (const account of DEMO_ACCOUNTS) {
        // Every demo staff member has the printed TOTP secret: its code, as an authenticator app shows it.
        const f = account.role === 'ADMIN' ? codeAt(DEMO_ADMIN_TOTP_SECRET) : null;
        const res = await fresh.gql<{ login: { token: string } }>('mutation ($e: String!, $p: String!, $f: String) { login(email: $e, password: $p, secondFactor: $f) { token } }', { e: account.email, p: DEMO_PASSWORD, f });
        expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        tokens.set(account.label === 'verified physician' || (account.role === 'ADMIN' && !account.label.startsWith('admin')) ? account.email : account.role, res.data!.login.token);
        const me = await fresh.gql<{ me: { role: string; verificationStatus: string; pseudonym: { handle: string } | null } }>(
          '{ me { role verificationStatus pseudonym { handle } } }', {}, { token: res.data!.login.token },
        );
        expect(me.data!.me.role).toBe(account.role);
        expect(me.data!.me.verificationStatus).toBe(account.credential?.status ?? 'UNSUBMITTED');
        expect(me.data!.me.pseudonym !== null).toBe(account.credential?.status === 'VERIFIED');
      }
      // Surveys at every stage: the client's three, the submitted one in review, the open one in both verified physicians' inboxes.
      const statuses = async (query: string, token: string | undefined) =>
        Object.values((await fresh.gql<Record<string, Array<{ title: string; status: string }>>>(query, {}, { token })).data ?? {})[0]!.map((s) => s.status);
      const oneOffStatuses = async (token: string | undefined) =>
        (await fresh.gql<{ mySurveys: Array<{ status: string; waveNumber: number | null }> }>('{ mySurveys { status waveNumber } }', {}, { token })).data!.mySurveys.filter((s) => s.waveNumber === null).map((s) => s.status);
      expect((await oneOffStatuses(tokens.get('CLIENT'))).sort()).toEqual(['CLOSED', 'CLOSED', 'CLOSED', 'DRAFT', 'OPEN', 'SUBMITTED']);
      // Reports: a PAID order with its READY report (some cross-tab cells suppressed), an INVOICED one to mark paid.
      const orders = await fresh.gql<{ orders: Array<{ surveyId: string; status: string; reportStatus: string }> }>('{ orders { surveyId status reportStatus } }', {}, { token: tokens.get('CLIENT') });
      const oneOffOrders = orders.data!.orders.filter((o) => !waves.has(o.surveyId));
      expect(oneOffOrders.map((o) => [o.status, o.reportStatus]).sort()).toEqual([['INVOICED', 'PENDING'], ['PAID', 'READY']]);
      const paid = oneOffOrders.find((o) => o.status === 'PAID')!;
      const report = await fresh.gql<{ report: { status: string; respondents: number; figures: { published: number; withheld: number; questionsWithout: number }; questions: Array<{ kind: string; texts: string[]; crossTabs: Array<{ dimension: string; cells: Array<{ segment: string; suppressed: boolean; choices: Array<{ suppressed: boolean }> }> }> }> } }>(
        'query ($s: ID!) { report(surveyId: $s) { status respondents figures { published withheld questionsWithout } questions { kind texts crossTabs { dimension cells { segment suppressed choices { suppressed } } } } } }', { s: paid.surveyId }, { token: tokens.get('CLIENT') },
      );
      const built = report.data!.report;
      // A real report: a few hundred physicians, every kind of question publishing, most figures shown.
      expect(built.status).toBe('READY');
      expect(built.respondents).toBeGreaterThanOrEqual(400);
      expect(built.questions.map((q) => q.kind)).toEqual(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'LIKERT', 'NUMBER', 'TEXT']);
      expect(built.figures.questionsWithout).toBe(0);
      expect(built.figures.published).toBeGreaterThan(2 * built.figures.withheld);
      expect(built.questions[4]!.texts.length).toBe(built.respondents);
      const segments = (dimension: string) => built.questions[0]!.crossTabs.find((c) => c.dimension === dimension)!.cells.map((c) => c.segment);
      expect(segments('specialty')).toEqual(expect.arrayContaining(['general-practice', 'pediatrics', 'pulmonology', 'infectious-diseases', 'ent']));
      expect(segments('country')).toEqual(expect.arrayContaining(['FR', 'BE', 'CH']));
      // The 5 Belgian pulmonologists (and other small groups) are reported with others, under no label of their own.
      expect(segments('yearsInPractice')).toContain('*');
      // The one-answer survey: its preview says nothing would be published, and it cannot be ordered.
      const surveysOf = await fresh.gql<{ mySurveys: Array<{ id: string; title: string }> }>('{ mySurveys { id title } }', {}, { token: tokens.get('CLIENT') });
      const lonely = surveysOf.data!.mySurveys.find((s) => s.title === 'Prise en charge d’une maladie rare')!;
      const preview = await fresh.gql<{ reportPreview: { outlook: string } }>('query ($s: ID!) { reportPreview(surveyId: $s) { outlook } }', { s: lonely.id }, { token: tokens.get('CLIENT') });
      expect(preview.data!.reportPreview.outlook).toBe('NOTHING');
      expect(await statuses('{ surveysForReview { title status } }', tokens.get('ADMIN'))).toEqual(['SUBMITTED']);
      // The open survey: new in Dr Martin's inbox; opened by Dr Dubois, to resume with the printed code.
      expect(await statuses('{ surveyInbox { title status } }', tokens.get('dr.martin@demo.consilium.test'))).toEqual(['OPEN']);
      // Dr Martin's account page lists the demo's other devices beside this one.
      const devices = await fresh.gql<{ mySessions: Array<{ device: string | null; current: boolean }> }>('{ mySessions { device current } }', {}, { token: tokens.get('dr.martin@demo.consilium.test') });
      expect(devices.data!.mySessions.filter((s) => !s.current).map((s) => s.device)).toEqual(['Safari on iOS', 'Firefox on Windows']);
      const dubois = tokens.get('dr.dubois@demo.consilium.test');
      expect(await statuses('{ surveyInbox { title status } }', dubois)).toEqual([]);
      expect(await statuses('{ openedSurveys { title status } }', dubois)).toEqual(['OPEN']);
      expect(lines?.join('\n')).toContain(formatResumeCode(DEMO_RESUME_CODE));
      const opened = await fresh.gql<{ openedSurveys: Array<{ id: string; myResume: { sealedCopy: string; blindSignature: string } }> }>(
        '{ openedSurveys { id myResume { sealedCopy blindSignature } } }', {}, { token: dubois },
      );
      const [{ id, myResume }] = opened.data!.openedSurveys as [{ id: string; myResume: { sealedCopy: string; blindSignature: string } }];
      const secret = await openResume(DEMO_RESUME_CODE, id, myResume.sealedCopy);
      const key = await fresh.db.surveySegmentKey.findUniqueOrThrow({ where: { surveyId_segment: { surveyId: id, segment: secret!.segment } } });
      const token = await resumeToken(key.publicKey, secret!, myResume.blindSignature);
      expect(verifyTokenBase64url(importPublicKey(key.publicKey), token)).toBe(true);

      // The demo physician who registered but never confirmed: held at the account until the mailed link is followed.
      const smtp = await startSmtpServer();
      const mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: fresh.env.MAIL_FROM }, pino({ level: 'silent' }));
      try {
        const newcomer = DEMO_ACCOUNTS.find((a) => a.emailUnconfirmed)!;
        expect(lines?.join('\n')).toContain(`${newcomer.email} (registered, e-mail not confirmed`);
        expect(await mailDemoConfirmations(fresh.db, { ...fresh.env, SMTP_URL: smtp.url }, mailer)).toEqual([expect.stringContaining(`confirmation link of ${newcomer.email} was mailed`)]);
        const login = await fresh.gql<{ login: { token: string } }>(LOGIN.replace('account { role }', 'token'), { e: newcomer.email, p: DEMO_PASSWORD });
        const credential = () => fresh.gql('{ myCredential { id } }', {}, { token: login.data!.login.token });
        expect((await credential()).errors?.[0]?.extensions?.code).toBe('EMAIL_NOT_CONFIRMED');
        await confirmByMail(smtp, (query, variables) => fresh.gql(query, variables), newcomer.email);
        expect((await credential()).errors).toBeUndefined();
      } finally {
        mailer.close();
        await smtp.close();
      }
    } finally {
      await fresh.close();
    }
  });
});
