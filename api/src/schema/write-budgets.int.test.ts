/**
 * Statement budgets of the write paths issue #12 measures (docs/performance.md, "Writes"): each
 * statement is a round trip that every token, answer or login waits for, and under load a turn on
 * the pool. Counted with every statement the API sends (the session check included), after the
 * survey's questions and keys are cached, as they are after the first answer of a process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';
import { answer, openSurvey, stored, takeToken } from '../test/surveys.ts';

let t: TestApp;
let counting = false;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp({}, { onQuery: (sql) => void (counting && statements.push(sql)) });
});
afterAll(() => t.close());

async function counted<T>(op: () => Promise<T>): Promise<T> {
  statements.length = 0;
  counting = true;
  try {
    return await op();
  } finally {
    counting = false;
  }
}

describe('write statement budgets', () => {
  it('issues a token in two statements: the session (with the credential) and the issue', async () => {
    const survey = await openSurvey(t);
    const [first, second] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
    await takeToken(t, survey, first);
    const taken = await counted(() => takeToken(t, survey, second));
    // takeToken's own reads of the key (the browser's side) are counted too: two of them.
    const api = statements.filter((sql) => !sql.includes('FROM "public"."survey_segment_key"'));
    expect(statements.length - api.length).toBe(2);
    expect(api, api.join('\n')).toHaveLength(2);
    expect((await answer(t, survey, taken)).res.errors).toBeUndefined();
    expect(await t.db.surveyTokenIssue.count({ where: { surveyId: survey.id } })).toBe(2);
  });

  it('takes an answer in one statement, the spent-token check its first step, and refuses a replay in one', async () => {
    const survey = await openSurvey(t);
    const tokens = [await takeToken(t, survey, await t.make.verifiedPhysician()), await takeToken(t, survey, await t.make.verifiedPhysician())];
    expect((await answer(t, survey, tokens[0]!)).res.errors).toBeUndefined();
    const { res } = await counted(() => answer(t, survey, tokens[1]!));
    expect(res.errors).toBeUndefined();
    expect(statements, statements.join('\n')).toHaveLength(1);
    const replay = await counted(() => answer(t, survey, tokens[1]!));
    expect(replay.res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'token_spent' });
    expect(statements, statements.join('\n')).toHaveLength(1);
    expect(await stored(t, survey.id)).toMatchObject({ responses: 2, spent: 2 });
  });

  it('signs a physician in with three statements, and the session and the tally both hold', async () => {
    const p = await t.make.verifiedPhysician();
    const res = await counted(() => t.gql<{ login: { token: string } }>('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: p.account.email, p: TEST_PASSWORD }));
    expect(res.errors).toBeUndefined();
    // The account with its factor, the attempt's count (beside argon2), the session with the success's count.
    expect(statements, statements.join('\n')).toHaveLength(3);
    const me = await t.gql<{ me: { id: string } }>('{ me { id } }', {}, { token: res.data!.login.token });
    expect(me.data?.me.id).toBe(p.account.id);
    expect(await t.db.signInTally.findMany({ where: { accountId: p.account.id }, select: { attempts: true, successes: true } })).toEqual([{ attempts: 1, successes: 1 }]);
  });
});
