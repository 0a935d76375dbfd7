/**
 * Question logic through the API (docs/survey-logic.md): conditions checked at authoring,
 * answers checked against the logic (a hidden question refused if answered, a shown one
 * required), and a question's report base = the respondents who were shown it.
 */
import { buildReport } from '@consilium/analytics/reports-build';
import { defaultReportSettings } from '@consilium/analytics/job';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSurveyKey } from '../domain/blind-signatures/keys.ts';
import { ensureSurveyKeys } from '@consilium/jobs/survey-keys';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { answer, stored, takeToken } from '../test/surveys.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

const CREATE = `mutation ($input: SurveyInput!) { createSurvey(input: $input) { id questions { kind showIf { combine rules { question operator choice value upTo } } skipIf { combine rules { question operator choice } } skipTo } } }`;

const yesNo = { kind: 'SINGLE_CHOICE', prompt: 'Do you see children?', choices: ['Yes', 'No'] };
const count = { kind: 'NUMBER', prompt: 'Patients a week?', min: 0, max: 300 };
const input = (questions: unknown[]) => ({ title: 'Logic', description: '', questions, sampleSize: 50, honorariumCents: 0 });

describe('authoring logic', () => {
  it('stores and returns conditions of every operator, AND/OR, and a skip', async () => {
    const client = await t.make.client();
    const res = await t.gql<{ createSurvey: { questions: unknown[] } }>(CREATE, {
      input: input([
        { ...yesNo, skipIf: { rules: [{ question: 0, operator: 'SELECTED', choice: 1 }] }, skipTo: 3 },
        { ...count, showIf: { combine: 'ANY', rules: [{ question: 0, operator: 'NOT_SELECTED', choice: 1 }] } },
        { kind: 'TEXT', prompt: 'Why?', showIf: { combine: 'ALL', rules: [{ question: 1, operator: 'BETWEEN', value: 10, upTo: 20 }, { question: 0, operator: 'SELECTED', choice: 0 }] } },
        { kind: 'TEXT', prompt: 'Anything else?', showIf: { rules: [{ question: 1, operator: 'AT_LEAST', value: 1 }, { question: 1, operator: 'AT_MOST', value: 9 }] } },
      ]),
    }, { token: client.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createSurvey.questions).toEqual([
      { kind: 'SINGLE_CHOICE', showIf: null, skipIf: { combine: 'ALL', rules: [{ question: 0, operator: 'SELECTED', choice: 1 }] }, skipTo: 3 },
      { kind: 'NUMBER', showIf: { combine: 'ANY', rules: [{ question: 0, operator: 'NOT_SELECTED', choice: 1, value: null, upTo: null }] }, skipIf: null, skipTo: null },
      { kind: 'TEXT', showIf: { combine: 'ALL', rules: [{ question: 1, operator: 'BETWEEN', choice: null, value: 10, upTo: 20 }, { question: 0, operator: 'SELECTED', choice: 0, value: null, upTo: null }] }, skipIf: null, skipTo: null },
      { kind: 'TEXT', showIf: { combine: 'ALL', rules: [{ question: 1, operator: 'AT_LEAST', choice: null, value: 1, upTo: null }, { question: 1, operator: 'AT_MOST', choice: null, value: 9, upTo: null }] }, skipIf: null, skipTo: null },
    ]);
  });

  it('refuses a condition on a later question or of the wrong kind with BAD_USER_INPUT naming the question, storing nothing', async () => {
    const client = await t.make.client();
    const later = await t.gql(CREATE, { input: input([{ ...count, showIf: { rules: [{ question: 1, operator: 'SELECTED', choice: 0 }] } }, yesNo]) }, { token: client.token });
    expect(later.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'questions.0.showIf' });
    expect(later.errors?.[0]?.message).toContain('names question 2, which does not come before it');
    const wrongKind = await t.gql(CREATE, { input: input([yesNo, { ...count, showIf: { rules: [{ question: 0, operator: 'AT_LEAST', value: 3 }] } }]) }, { token: client.token });
    expect(wrongKind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'questions.1.showIf' });
    const badSkip = await t.gql(CREATE, { input: input([{ ...yesNo, skipIf: { rules: [{ question: 0, operator: 'SELECTED', choice: 0 }] }, skipTo: 1 }, count]) }, { token: client.token });
    expect(badSkip.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'questions.0.skipTo' });
    expect(await t.db.survey.count({ where: { organizationId: client.account.organizationId! } })).toBe(0);
  });
});

/** An OPEN survey: q0 yes/no; q1 (number) shown if yes; q2 yes/no always; q3 text skipped when q2 is "no". */
async function openLogicSurvey() {
  const client = await t.make.client();
  const receipt = await generateSurveyKey(t.env.SURVEY_KEY_SECRET);
  const choices = { create: [{ position: 0, label: 'Yes' }, { position: 1, label: 'No' }] };
  const survey = await t.db.survey.create({
    data: {
      organizationId: client.account.organizationId!, createdById: client.account.id, title: 'Logic', description: '', status: 'OPEN', openedAt: new Date(),
      sampleSize: 50, honorariumCents: 0, targetSpecialties: ['cardiology'], receiptPublicKey: receipt.publicKey, receiptSealedKey: receipt.sealedPrivateKey,
      questions: {
        create: [
          { position: 0, kind: 'SINGLE_CHOICE', prompt: 'Children?', choices },
          { position: 1, kind: 'NUMBER', prompt: 'How many a week?', min: 0, max: 300, showIf: { combine: 'ALL', rules: [{ question: 0, operator: 'SELECTED', choice: 0 }] } },
          { position: 2, kind: 'SINGLE_CHOICE', prompt: 'Comments?', choices, skipIf: { combine: 'ALL', rules: [{ question: 2, operator: 'SELECTED', choice: 1 }] }, skipTo: 4 },
          { position: 3, kind: 'TEXT', prompt: 'Your comment' },
        ],
      },
    },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
  });
  await ensureSurveyKeys(t.db, t.env.SURVEY_KEY_SECRET, survey, t.env.REPORT_K);
  return { client, survey };
}

describe('answering with logic', () => {
  it('takes the shown questions, refuses a hidden one answered or a shown one missing, storing nothing on refusal', async () => {
    const { survey } = await openLogicSurvey();
    const [q0, q1, q2, q3] = survey.questions;
    const yes = (q: typeof q0) => ({ questionId: q!.id, choiceIds: [q!.choices[0]!.id] });
    const no = (q: typeof q0) => ({ questionId: q!.id, choiceIds: [q!.choices[1]!.id] });

    const first = await takeToken(t, survey, await t.make.verifiedPhysician());
    expect((await answer(t, survey, first, [yes(q0), { questionId: q1!.id, number: 12 }, yes(q2), { questionId: q3!.id, text: 'Fine' }])).res.errors).toBeUndefined();

    const second = await takeToken(t, survey, await t.make.verifiedPhysician());
    const hiddenAnswered = await answer(t, survey, second, [no(q0), { questionId: q1!.id, number: 12 }, no(q2)]);
    expect(hiddenAnswered.res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answers.1' });
    expect(hiddenAnswered.res.errors?.[0]?.message).toContain('question 2 is not shown');
    const skippedAnswered = await answer(t, survey, second, [no(q0), no(q2), { questionId: q3!.id, text: 'Skipped' }]);
    expect(skippedAnswered.res.errors?.[0]?.message).toContain('question 4 is not shown');
    const shownMissing = await answer(t, survey, second, [yes(q0), no(q2)]);
    expect(shownMissing.res.errors?.[0]?.message).toContain('question 2 is not answered');
    expect(await stored(t, survey.id)).toEqual({ responses: 1, answers: 4, spent: 1 });

    expect((await answer(t, survey, second, [no(q0), no(q2)])).res.errors).toBeUndefined();
    expect(await stored(t, survey.id)).toEqual({ responses: 2, answers: 6, spent: 2 });
  });
});

describe('report bases', () => {
  it('gives each question the respondents who were shown it as its n', async () => {
    const { survey } = await openLogicSurvey();
    const [q0, q1, q2] = survey.questions;
    // 12 said yes (and were asked how many), 12 said no: 24 respondents, every one answered q0 and q2 ("no"). (With fewer than k
    // "no", q1's base would give back a suppressed count: it is then suppressed, disclosure.test.ts.)
    for (const [said, times] of [[0, 12], [1, 12]] as const) {
      for (let i = 0; i < times; i++) {
        await t.db.surveyResponse.create({
          data: {
            surveyId: survey.id, segment: 'cardiology|FR|10-19', submittedOn: new Date(),
            answers: { create: [
              { questionId: q0!.id, choiceIds: [q0!.choices[said]!.id] },
              ...(said === 0 ? [{ questionId: q1!.id, number: 10 + i }] : []),
              { questionId: q2!.id, choiceIds: [q2!.choices[1]!.id] },
            ] },
          },
        });
      }
    }
    await t.db.survey.update({ where: { id: survey.id }, data: { status: 'CLOSED', closedAt: new Date(Date.now() - 72 * 3_600_000), responseCount: 24, tokensIssued: 24 } });
    await t.db.report.create({ data: { surveyId: survey.id, dueAt: new Date() } });
    expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);
    const admin = await t.make.admin();
    const res = await t.gql<{ report: { respondents: number; questions: Array<{ n: number; suppressed: boolean }> } }>(
      'query ($s: ID!) { report(surveyId: $s) { respondents questions { n suppressed } } }', { s: survey.id }, { token: admin.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.report.respondents).toBe(24);
    // q1's base is the 12 shown it; q3 (skipped by everyone) was shown to nobody: nothing to publish.
    expect(res.data!.report.questions.map((q) => q.n)).toEqual([24, 12, 24, 0]);
    expect(res.data!.report.questions[3]!.suppressed).toBe(true);
  });
});
