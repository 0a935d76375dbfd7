/**
 * The lean path of answers, tokens and sign-ins (lean-mutations.ts), over HTTP as clients reach
 * it: it answers what yoga answers (bodies, statuses, media types, the read-your-writes mark),
 * errors included, and under concurrency the sample size and quotas are never overshot.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareAndBlind } from '../domain/blind-signatures/client.ts';
import { ensureSurveyKeys, keyLabelOf } from '@consilium/jobs/survey-keys';
import { createTestApp, TEST_PASSWORD, type GqlResult, type TestApp } from '../test/harness.ts';
import * as kit from '../test/surveys.ts';
import { makeAccessToken } from '../test/access-tokens.ts';

let t: TestApp;
/** `t` whose `gql` goes over HTTP through koa (the lean path), not straight to yoga. */
let overHttp: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '1000', SURVEY_GRACE_HOURS: '0' });
  overHttp = { ...t, gql: (query, variables = {}, options = {}) => send(query, variables, options).then((r) => r.result) } as TestApp;
});
afterAll(() => t.close());

const ISSUE = 'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment blindSignature } }';
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt } }';

async function send(query: string, variables: Record<string, unknown> = {}, { token, headers = {} }: { token?: string; headers?: Record<string, string> } = {}) {
  const response = await t.http('/graphql', { method: 'POST', token, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as object) : {};
  const names = [...response.headers.keys()].sort();
  return { status: response.status, type: response.headers.get('content-type'), mark: response.headers.has('x-read-primary-until'), names, text, result: { status: response.status, ...json } as GqlResult<never> };
}

/** The same request straight to yoga, as if the lean path did not exist. */
async function sendToYoga(query: string, variables: Record<string, unknown> = {}, { token, headers = {} }: { token?: string; headers?: Record<string, string> } = {}) {
  const response = await t.yoga.fetch('http://api.local/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  }, { ip: '127.0.0.1' });
  return { status: response.status, type: response.headers.get('content-type'), mark: response.headers.has('x-read-primary-until'), text: await response.text() };
}

/** How many requests the lean path executed during `fn`. */
async function leanRuns<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const spy = vi.spyOn(t.lean, 'run');
  try {
    const out = await fn();
    return [out, spy.mock.calls.length];
  } finally {
    spy.mockRestore();
  }
}

describe('the lean path answers as yoga does', () => {
  it('takes a document only once yoga has executed it, and answers tokens and answers with the same bodies and headers', async () => {
    const survey = await kit.openSurvey(t, { sampleSize: 50 });
    const physicians = await Promise.all(Array.from({ length: 3 }, () => t.make.verifiedPhysician()));
    const segment = keyLabelOf(physicians[0]!.credential, await ensureSurveyKeys(t.db, t.env.SURVEY_KEY_SECRET, survey, t.env.REPORT_K));
    const key = await t.db.surveySegmentKey.findUniqueOrThrow({ where: { surveyId_segment: { surveyId: survey.id, segment } } });

    // The first token request of this text goes to yoga (and teaches the path); the next is lean.
    const issue = async (physician: (typeof physicians)[number], accept?: string) =>
      send(ISSUE, { s: survey.id, b: (await prepareAndBlind(key.publicKey)).blindedMessage }, { token: physician.token, headers: accept ? { accept } : {} });
    const [first, firstLean] = await leanRuns(() => issue(physicians[0]!));
    expect(firstLean).toBe(0);
    for (const [accept, type] of [[undefined, 'application/json; charset=utf-8'], ['application/graphql-response+json, application/json', 'application/graphql-response+json; charset=utf-8']] as const) {
      const physician = physicians[accept ? 2 : 1]!;
      const [lean, runs] = await leanRuns(() => issue(physician, accept));
      expect(runs).toBe(1);
      // The same headers as the first request's, which went through yoga.
      expect(lean.names).toEqual(first.names);
      expect(lean).toMatchObject({ status: 200, type, mark: true });
      expect(lean.text).toMatch(/^\{"data":\{"issueSurveyToken":\{"segment":"[^"]+","blindSignature":"[\w-]+"\}\}\}$/);
    }
    expect(first).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', mark: true });
    // What yoga answers the same request without errors: the same status, type and shape.
    const yoga = await sendToYoga(ISSUE, { s: survey.id, b: (await prepareAndBlind(key.publicKey)).blindedMessage }, { token: (await t.make.verifiedPhysician()).token });
    expect(yoga).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', mark: true });
    expect(yoga.text).toMatch(/^\{"data":\{"issueSurveyToken":\{"segment":"[^"]+","blindSignature":"[\w-]+"\}\}\}$/);

    // Answers: no read-your-writes mark (anonymous), a fresh request id, the receipt.
    const tokens: kit.TakenToken[] = [];
    for (const physician of [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()]) tokens.push(await kit.takeToken(t, survey, physician));
    await kit.answer(overHttp, survey, tokens[0]!);
    const [answered, runs] = await leanRuns(() => kit.answer(overHttp, survey, tokens[1]!));
    expect(runs).toBe(1);
    expect(answered.res.errors).toBeUndefined();
    expect(answered.receipt).not.toBeNull();
    expect(await kit.stored(t, survey.id)).toEqual({ responses: 2, answers: 4, spent: 2 });
  }, 120_000);

  it('gives every error the body, status and media type yoga gives it, and stores nothing', async () => {
    const survey = await kit.openSurvey(t, { sampleSize: 50 });
    const physician = await t.make.verifiedPhysician();
    const spent = await kit.takeToken(t, survey, physician);
    await kit.answer(overHttp, survey, spent);
    const receipt = (await prepareAndBlind(survey.receiptPublicKey!)).blindedMessage;
    const input = (over: Record<string, unknown>) => ({ i: { surveyId: survey.id, segment: spent.segment, token: spent.token, answers: kit.answersFor(survey), receiptBlindedMessage: receipt, ...over } });
    const forged = { message: spent.token.message, signature: spent.token.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    const cases: Array<[string, string, Record<string, unknown>, { token?: string; headers?: Record<string, string> }]> = [
      ['a spent token', kit.SUBMIT, input({}), {}],
      ['a forged token', kit.SUBMIT, input({ token: forged }), {}],
      ['an unknown survey', kit.SUBMIT, input({ surveyId: '00000000-0000-4000-8000-000000000000' }), {}],
      ['a variable of the wrong type', kit.SUBMIT, { i: { ...input({}).i, answers: 'none' } }, {}],
      ['a variable missing', kit.SUBMIT, {}, { headers: { accept: 'application/graphql-response+json' } }],
      ['a token without a session', ISSUE, { s: survey.id, b: receipt }, {}],
      ['a token twice', ISSUE, { s: survey.id, b: receipt }, { token: physician.token }],
      ['a wrong password', LOGIN, { e: physician.account.email, p: 'not-the-password-at-all' }, {}],
      ['an unknown e-mail', LOGIN, { e: 'nobody-here@example.org', p: TEST_PASSWORD }, {}],
    ];
    // Each text once through koa, so that the lean path knows it (the web's documents are sent often).
    for (const query of [kit.SUBMIT, ISSUE, LOGIN]) await send(query, {});
    for (const [name, query, variables, options] of cases) {
      const [lean, runs] = await leanRuns(() => send(query, variables, options));
      const yoga = await sendToYoga(query, variables, options);
      expect({ name, runs }).toEqual({ name, runs: 1 });
      expect({ name, status: lean.status, type: lean.type, mark: lean.mark, text: lean.text }).toEqual({ name, status: yoga.status, type: yoga.type, mark: yoga.mark, text: yoga.text });
      expect(lean.text, name).toContain('"errors"');
    }
    expect(await kit.stored(t, survey.id)).toEqual({ responses: 1, answers: 2, spent: 1 });
  }, 120_000);

  it('refuses a personal access token as yoga does (the same guard, on the context it built), and stores nothing', async () => {
    const survey = await kit.openSurvey(t, { sampleSize: 50 });
    const physician = await t.make.verifiedPhysician();
    const taken = await kit.takeToken(t, survey, physician);
    const { token: pat } = await makeAccessToken(t);
    const receipt = (await prepareAndBlind(survey.receiptPublicKey!)).blindedMessage;
    const answer = { i: { surveyId: survey.id, segment: taken.segment, token: taken.token, answers: kit.answersFor(survey), receiptBlindedMessage: receipt } };
    for (const query of [kit.SUBMIT, ISSUE, LOGIN]) await send(query, {});
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ['a token asked with an access token', ISSUE, { s: survey.id, b: receipt }, pat],
      ['an answer sent with an access token', kit.SUBMIT, answer, pat],
      ['a sign-in sent with an access token', LOGIN, { e: physician.account.email, p: TEST_PASSWORD }, pat],
      ['an unknown access token', ISSUE, { s: survey.id, b: receipt }, `${pat.slice(0, -4)}AAAA`],
    ];
    for (const [name, query, variables, token] of cases) {
      const [lean, runs] = await leanRuns(() => send(query, variables, { token }));
      const yoga = await sendToYoga(query, variables, { token });
      expect({ name, runs }).toEqual({ name, runs: 1 });
      expect({ name, status: lean.status, type: lean.type, text: lean.text }).toEqual({ name, status: yoga.status, type: yoga.type, text: yoga.text });
      expect(lean.text, name).toMatch(/"code":"(FORBIDDEN|UNAUTHENTICATED)"/);
    }
    // The answer was refused whole, the token refused before signing: nothing written, the token still unspent.
    expect(await kit.stored(t, survey.id)).toEqual({ responses: 0, answers: 0, spent: 0 });
    expect(await t.db.surveyTokenIssue.count({ where: { surveyId: survey.id } })).toBe(1);
    expect(await t.db.session.count({ where: { accountId: physician.account.id } })).toBe(1);
  }, 120_000);

  it('signs in as yoga does, and leaves to yoga what it does not take', async () => {
    const physician = await t.make.verifiedPhysician();
    await send(LOGIN, { e: physician.account.email, p: TEST_PASSWORD });
    const [lean, runs] = await leanRuns(() => send(LOGIN, { e: physician.account.email, p: TEST_PASSWORD }));
    expect(runs).toBe(1);
    expect(lean).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', mark: false });
    expect(lean.text).toMatch(/^\{"data":\{"login":\{"token":"[^"]+","expiresAt":"[^"]+"\}\}\}$/);
    const token = (JSON.parse(lean.text) as { data: { login: { token: string } } }).data.login.token;
    // The web's document: the account below the session, through its own resolvers.
    const WEB = 'mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token account { id email role } } }';
    await send(WEB, { e: physician.account.email, p: TEST_PASSWORD });
    const [web, webRuns] = await leanRuns(() => send(WEB, { e: physician.account.email, p: TEST_PASSWORD }));
    expect(webRuns).toBe(1);
    expect(web.result).toMatchObject({ status: 200, data: { login: { account: { id: physician.account.id, email: physician.account.email, role: 'PHYSICIAN' } } } });
    expect((await send('{ me { email } }', {}, { token })).result).toMatchObject({ data: { me: { email: physician.account.email } } });

    // An Idempotency-Key, an Origin, another Accept, another selection: yoga's.
    for (const headers of [{ 'idempotency-key': 'k-0123456789abcdef' }, { origin: 'http://elsewhere.example' }, { accept: 'text/event-stream' }] as Array<Record<string, string>>) {
      const [, other] = await leanRuns(() => send(LOGIN, { e: physician.account.email, p: TEST_PASSWORD }, { headers }));
      expect({ headers, other }).toEqual({ headers, other: 0 });
    }
    const [, aliased] = await leanRuns(() => send('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } me: login(email: $e, password: $p) { token } }', { e: physician.account.email, p: TEST_PASSWORD }));
    expect(aliased).toBe(0);
  }, 120_000);
});

describe('no overshoot through the lean path', () => {
  it('takes exactly sampleSize of the answers sent at once', async () => {
    const SAMPLE = 10;
    const SENT = 30;
    const survey = await kit.openSurvey(t, { sampleSize: SAMPLE });
    const taken: kit.TakenToken[] = [];
    for (let i = 0; i < SENT; i++) taken.push(await kit.takeToken(t, survey, await t.make.verifiedPhysician()));
    await send(kit.SUBMIT, {});
    const [results, runs] = await leanRuns(() => Promise.all(taken.map((token, i) => kit.answer(overHttp, survey, token, kit.answersFor(survey, i % 2, i)))));
    expect(runs).toBe(SENT);
    expect(results.filter((r) => r.res.errors === undefined)).toHaveLength(SAMPLE);
    expect(new Set(results.filter((r) => r.res.errors).map((r) => r.res.errors![0]!.extensions!.reason))).toEqual(new Set(['survey_closed']));
    expect(await kit.stored(t, survey.id)).toEqual({ responses: SAMPLE, answers: SAMPLE * 2, spent: SAMPLE });
    expect(await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).toMatchObject({ status: 'CLOSED', responseCount: SAMPLE });
  }, 180_000);

  it('takes exactly a quota cell\'s answers sent at once and refuses the rest whole', async () => {
    const QUOTA = 8;
    const SENT = 30;
    const survey = await kit.openSurvey(t, { sampleSize: 500, specialties: [] });
    await t.db.surveyQuota.create({ data: { surveyId: survey.id, position: 0, specialty: 'cardiology', maxAnswers: QUOTA } });
    const taken: kit.TakenToken[] = [];
    for (let i = 0; i < SENT; i++) taken.push(await kit.takeToken(t, survey, await t.make.verifiedPhysician()));
    await send(kit.SUBMIT, {});
    const [results, runs] = await leanRuns(() => Promise.all(taken.map((token, i) => kit.answer(overHttp, survey, token, kit.answersFor(survey, i % 2, i)))));
    expect(runs).toBe(SENT);
    expect(results.filter((r) => r.res.errors === undefined)).toHaveLength(QUOTA);
    expect(new Set(results.filter((r) => r.res.errors).map((r) => r.res.errors![0]!.extensions!.reason))).toEqual(new Set(['quota_full']));
    expect(await kit.stored(t, survey.id)).toEqual({ responses: QUOTA, answers: QUOTA * 2, spent: QUOTA });
    expect(await t.db.surveyQuota.findMany({ where: { surveyId: survey.id }, select: { taken: true } })).toEqual([{ taken: QUOTA }]);
  }, 180_000);
});
