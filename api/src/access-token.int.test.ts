/**
 * Personal access tokens (docs/access-tokens.md), end to end: a client creates one (shown once,
 * kept hashed, audited), a script reads its organisation's surveys and reports with it — through
 * GraphQL and the file routes — and nothing else; revoked or expired, it stops at once; it is
 * rate-limited per token; and no log line ever carries it.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessToken } from './test/access-tokens.ts';
import { createTestApp, type TestApp } from './test/harness.ts';

let t: TestApp;
/** Every token this file made: none may appear in a log line. */
const tokens: string[] = [];
beforeAll(async () => {
  // 12 requests a minute per token (120 × 0.1): enough for each test, and a loop is cut short.
  t = await createTestApp({ RATE_LIMIT_SCALE: '0.1' });
});
afterAll(() => t.close());

async function token(options: Parameters<typeof makeAccessToken>[1] = {}) {
  const made = await makeAccessToken(t, options);
  tokens.push(made.token);
  return made;
}

const CREATE = 'mutation ($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token accessToken { id name prefix scopes createdAt lastUsedAt expiresAt revokedAt } } }';
const LIST = '{ myAccessTokens { id name prefix scopes lastUsedAt revokedAt } }';
const REPORT = 'query ($s: ID!) { report(surveyId: $s) { status respondents questions { prompt choices { label count suppressed } } } }';

/** A CLOSED survey of the client's with a READY report of k+ answers and a PAID order. */
async function readyReport(client: Awaited<ReturnType<TestApp['make']['client']>>) {
  const survey = await t.make.survey({ owner: client, status: 'CLOSED', questions: ['SINGLE_CHOICE'], title: 'Token survey' });
  const [question] = survey.questions;
  const closedAt = new Date(Date.now() - 72 * 3_600_000);
  const n = t.env.REPORT_K + 4;
  await t.db.survey.update({ where: { id: survey.id }, data: { closedAt, responseCount: n, tokensIssued: n, receiptsRedeemed: n } });
  for (let i = 0; i < n; i++) {
    await t.db.surveyResponse.create({
      data: { surveyId: survey.id, segment: 'cardiology|FR|10-19', submittedOn: new Date(), answers: { create: [{ questionId: question!.id, choiceIds: [question!.choices[0]!.id] }] } },
    });
  }
  await t.db.report.create({ data: { surveyId: survey.id, dueAt: closedAt } });
  expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);
  await t.db.reportOrder.create({
    data: { surveyId: survey.id, organizationId: survey.organizationId, amountCents: 1, baseFeeCents: 1, perRespondentCents: 0, respondents: n, invoiceNumber: `T-${survey.id.slice(0, 8)}`, status: 'PAID', buyerName: 'Agence test', totalCents: 1, dueAt: new Date() },
  });
  return survey;
}

describe('creating, listing and revoking', () => {
  it('shows the token once, keeps only its SHA-256, lists it without it, and audits both acts without it', async () => {
    const client = await t.make.client();
    const created = await t.gql<{ createAccessToken: { token: string; accessToken: { id: string; prefix: string; scopes: string[] } } }>(
      CREATE, { i: { name: '  Nightly R import ', scopes: ['READ_REPORTS', 'READ_SURVEYS', 'READ_REPORTS'] } }, { token: client.token });
    expect(created.errors).toBeUndefined();
    const { token: secret, accessToken } = created.data!.createAccessToken;
    tokens.push(secret);
    expect(secret).toMatch(/^csl_pat_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`${accessToken.prefix}_`)).toBe(true);
    expect(accessToken.scopes).toEqual(['READ_REPORTS', 'READ_SURVEYS']);

    const row = await t.db.accessToken.findUniqueOrThrow({ where: { id: accessToken.id } });
    expect(row.name).toBe('Nightly R import');
    expect(Buffer.from(row.secretHash).equals(createHash('sha256').update(secret).digest())).toBe(true);
    const [dump] = await t.db.$queryRaw<Array<{ text: string }>>`SELECT row_to_json(a)::text AS text FROM access_token a WHERE id = ${accessToken.id}::uuid`;
    expect(dump!.text).not.toContain(secret.slice(accessToken.prefix.length + 1));

    const list = await t.gql<{ myAccessTokens: Array<Record<string, unknown>> }>(LIST, {}, { token: client.token });
    expect(list.data!.myAccessTokens).toEqual([{ id: accessToken.id, name: 'Nightly R import', prefix: accessToken.prefix, scopes: ['READ_REPORTS', 'READ_SURVEYS'], lastUsedAt: null, revokedAt: null }]);
    expect(JSON.stringify(list)).not.toContain(secret);

    const revoked = await t.gql<{ revokeAccessToken: { revokedAt: string } }>('mutation ($id: ID!) { revokeAccessToken(id: $id) { revokedAt } }', { id: accessToken.id }, { token: client.token });
    expect(revoked.data!.revokeAccessToken.revokedAt).toBeTruthy();
    const audit = await t.db.auditEntry.findMany({ where: { targetId: accessToken.id }, orderBy: { at: 'asc' } });
    expect(audit.map((e) => [e.action, e.actorId, e.targetType])).toEqual([
      ['access_token.create', client.account.id, 'access_token'],
      ['access_token.revoke', client.account.id, 'access_token'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(accessToken.prefix.length + 1));
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const client = await t.make.client();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '', scopes: ['READ_REPORTS'] }, 'name'],
      [{ name: 'x'.repeat(65), scopes: ['READ_REPORTS'] }, 'name'],
      [{ name: 'Script', scopes: [] }, 'scopes'],
      [{ name: 'Script', scopes: ['READ_REPORTS'], expiresAt: new Date(Date.now() - 60_000).toISOString() }, 'expiresAt'],
    ];
    for (const [input, field] of cases) {
      const res = await t.gql(CREATE, { i: input }, { token: client.token });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe('BAD_USER_INPUT');
      expect(String(res.errors?.[0]?.extensions?.field)).toContain(field);
    }
    expect(await t.db.accessToken.count({ where: { accountId: client.account.id } })).toBe(0);
  });

  it('lets a client revoke only its own tokens', async () => {
    const mine = await token();
    const other = await t.make.client();
    const res = await t.gql('mutation ($id: ID!) { revokeAccessToken(id: $id) { id } }', { id: mine.accessToken.id }, { token: other.token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.db.accessToken.findUniqueOrThrow({ where: { id: mine.accessToken.id } })).revokedAt).toBeNull();
  });
});

describe('a script with a token', () => {
  it('reads its organisation\'s surveys and nothing of another organisation\'s', async () => {
    const { token: secret, client } = await token();
    const own = await t.make.survey({ owner: client, title: 'Our survey' });
    const foreign = await t.make.survey({ title: 'Their survey' });
    const list = await t.gql<{ mySurveys: Array<{ id: string }> }>('{ mySurveys { id } }', {}, { token: secret });
    expect(list.data!.mySurveys.map((s) => s.id)).toEqual([own.id]);
    const theirs = await t.gql('query ($id: ID!) { survey(id: $id) { id } }', { id: foreign.id }, { token: secret });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data).toEqual({ survey: null });
  });

  it('reads a paid report, and downloads its XLSX and CSV; another organisation\'s files are not found', async () => {
    const { token: secret, client } = await token();
    const survey = await readyReport(client);
    const report = await t.gql<{ report: { status: string; questions: Array<{ choices: Array<{ count: number }> }> } }>(REPORT, { s: survey.id }, { token: secret });
    expect(report.errors).toBeUndefined();
    expect(report.data!.report.status).toBe('READY');
    expect(report.data!.report.questions[0]!.choices[0]!.count).toBe(t.env.REPORT_K + 4);

    const xlsx = await t.http(`/reports/${survey.id}.xlsx`, { token: secret });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.length).toBeGreaterThan(1);
    const csv = await t.http(`/reports/${survey.id}.csv`, { token: secret });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('Token survey');

    const stranger = await token();
    expect((await t.http(`/reports/${survey.id}.xlsx`, { token: stranger.token })).status).toBe(404);
    // A session's bearer opens no file without a signed link: the web hands those out.
    expect((await t.http(`/reports/${survey.id}.xlsx`, { token: client.token })).status).toBe(403);
  });

  it('is held to its scopes: a survey-only token reads no report, in GraphQL or as a file', async () => {
    const { token: secret, client } = await token({ scopes: ['READ_SURVEYS'] });
    const survey = await readyReport(client);
    const res = await t.gql(REPORT, { s: survey.id }, { token: secret });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toMatch(/scopes do not allow Query\.report.*READ_REPORTS/);
    expect(res.data ?? null).toBeNull();
    const file = await t.http(`/reports/${survey.id}.csv`, { token: secret });
    expect(file.status).toBe(403);
    expect(((await file.json()) as { error: { message: string } }).error.message).toContain('READ_REPORTS');
    const reportOnly = await token({ scopes: ['READ_REPORTS'], client });
    expect((await t.gql('{ mySurveys { id } }', {}, { token: reportOnly.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('is refused every mutation and every other query, with a message naming the token\'s scope', async () => {
    const { token: secret } = await token();
    const refused = [
      CREATE,
      '{ me { id } }',
      '{ specialties { code } }',
      '{ myAccessTokens { id } }',
      'mutation { logout }',
      '{ __schema { queryType { name } } }',
      // One refused field refuses the whole operation, fragments and aliases followed.
      'query { mine: mySurveys { id } ...F } fragment F on Query { orders { id } }',
    ];
    for (const query of refused) {
      const res = await t.gql(query, { i: { name: 'Another', scopes: ['READ_REPORTS'] } }, { token: secret });
      expect(res.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(res.errors?.[0]?.message, query).toMatch(/access token/);
      expect(res.data ?? null, query).toBeNull();
    }
    expect(await t.db.accessToken.count({ where: { name: 'Another' } })).toBe(0);
  });

  it('sends and receives no cookie, and works from any origin (no cookie, nothing to forge)', async () => {
    const { token: secret } = await token();
    const sessions = await t.db.session.count();
    const res = await t.http('/graphql', {
      method: 'POST',
      token: secret,
      headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' },
      body: JSON.stringify({ query: '{ mySurveys { id } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect(await t.db.session.count()).toBe(sessions);
  });

  it('is refused with an anonymous answer, without being looked up', async () => {
    const { token: secret } = await token();
    const res = await t.gql('mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }', {
      i: { surveyId: '6f1c1d1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f', segment: '*|*|*', token: { message: 'AAAA', signature: 'AAAA' }, answers: [], receiptBlindedMessage: 'AAAA' },
    }, { token: secret });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('marks its last use to the minute, at most once a minute', async () => {
    const { token: secret, accessToken } = await token();
    await t.gql('{ mySurveys { id } }', {}, { token: secret });
    const first = (await t.db.accessToken.findUniqueOrThrow({ where: { id: accessToken.id } })).lastUsedAt!;
    expect(first.getUTCSeconds()).toBe(0);
    expect(first.getUTCMilliseconds()).toBe(0);
    await t.db.accessToken.update({ where: { id: accessToken.id }, data: { lastUsedAt: new Date(Date.now() - 30_000) } });
    const marked = (await t.db.accessToken.findUniqueOrThrow({ where: { id: accessToken.id } })).lastUsedAt!;
    await t.gql('{ mySurveys { id } }', {}, { token: secret });
    expect((await t.db.accessToken.findUniqueOrThrow({ where: { id: accessToken.id } })).lastUsedAt).toEqual(marked);
  });
});

describe('a token that no longer works', () => {
  it('revoked: UNAUTHENTICATED for every operation, even one open to anyone, and 401 on files', async () => {
    const { token: secret, accessToken, client } = await token();
    const survey = await readyReport(client);
    await t.gql('mutation ($id: ID!) { revokeAccessToken(id: $id) { id } }', { id: accessToken.id }, { token: client.token });
    for (const query of ['{ mySurveys { id } }', '{ specialties { code } }', 'mutation { logout }']) {
      const res = await t.gql(query, {}, { token: secret });
      expect(res.errors?.[0]?.extensions?.code, query).toBe('UNAUTHENTICATED');
    }
    expect((await t.http(`/reports/${survey.id}.xlsx`, { token: secret })).status).toBe(401);
  });

  it('expired, or its account no longer in the organisation: UNAUTHENTICATED', async () => {
    const expiring = await token({ expiresAt: new Date(Date.now() + 60_000) });
    expect((await t.gql('{ mySurveys { id } }', {}, { token: expiring.token })).errors).toBeUndefined();
    await t.db.accessToken.update({ where: { id: expiring.accessToken.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await t.gql('{ mySurveys { id } }', {}, { token: expiring.token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const moved = await token();
    const elsewhere = await t.db.organization.create({ data: { name: 'Autre agence' } });
    await t.db.account.update({ where: { id: moved.account.id }, data: { organizationId: elsewhere.id } });
    expect((await t.gql('{ mySurveys { id } }', {}, { token: moved.token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A guessed token of the right shape is as unknown.
    expect((await t.gql('{ mySurveys { id } }', {}, { token: `csl_pat_0000000000_${'A'.repeat(43)}` })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('rate limit and logs', () => {
  it('limits each token: GraphQL and files together, then RATE_LIMITED; another token is not affected', async () => {
    const { token: secret, client } = await token();
    const survey = await readyReport(client);
    const limit = Math.round(120 * t.env.RATE_LIMIT_SCALE);
    for (let i = 0; i < limit - 1; i++) expect((await t.gql('{ mySurveys { id } }', {}, { token: secret })).errors, `request ${i}`).toBeUndefined();
    expect((await t.http(`/reports/${survey.id}.csv`, { token: secret })).status).toBe(200);
    const refused = await t.gql('{ mySurveys { id } }', {}, { token: secret });
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.status).toBe(429);
    const file = await t.http(`/reports/${survey.id}.csv`, { token: secret });
    expect(file.status).toBe(429);
    expect(file.headers.get('retry-after')).toBeTruthy();
    const other = await token({ client });
    expect((await t.gql('{ mySurveys { id } }', {}, { token: other.token })).errors).toBeUndefined();
  });

  it('no log line carries a token, nor its secret part', () => {
    expect(tokens.length).toBeGreaterThan(10);
    expect(t.logLines.length).toBeGreaterThan(0);
    for (const secret of tokens) {
      const part = secret.slice('csl_pat_0123456789_'.length);
      expect(t.logLines.filter((line) => line.includes(secret) || line.includes(part))).toEqual([]);
    }
  });
});
