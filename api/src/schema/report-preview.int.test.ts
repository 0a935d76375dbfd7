/**
 * The free preview of a report before it is ordered: rounded counts only, what each question and
 * cross-tab will publish, and an order refused when nothing would be published.
 */
import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PREVIEW = `query ($s: ID!) { reportPreview(surveyId: $s) { surveyId k epsilon outlook built availableBy figuresPublished figuresWithheld
  questions { prompt kind publishes figuresPublished figuresWithheld answers { band about }
    crossTabs { dimension segmentsPublished segmentsWithheld figuresPublished figuresWithheld } } } }`;
const ORDER = 'mutation ($s: ID!) { orderReport(surveyId: $s) { id invoiceNumber } }';

interface Preview {
  outlook: string;
  built: boolean;
  k: number;
  availableBy: string | null;
  figuresPublished: number;
  figuresWithheld: number;
  questions: Array<{ prompt: string; kind: string; publishes: boolean; figuresPublished: number; figuresWithheld: number; answers: { band: string; about: number | null }; crossTabs: Array<Record<string, unknown>> }>;
}

/** A CLOSED survey (single choice, number) whose answers are [segment, choice, number, how many]; its report row PENDING and due. */
async function closedSurvey(spec: Array<[string, number, number, number]>, dueHoursFromNow = -1) {
  const client = await t.make.client();
  const survey = await t.make.survey({ owner: client, status: 'CLOSED', questions: ['SINGLE_CHOICE', 'NUMBER'] });
  const total = spec.reduce((s, [, , , n]) => s + n, 0);
  await t.db.survey.update({ where: { id: survey.id }, data: { responseCount: total, tokensIssued: total } });
  const [single, number] = survey.questions;
  for (const [segment, choice, value, count] of spec) {
    for (let i = 0; i < count; i++) {
      await t.db.surveyResponse.create({
        data: { surveyId: survey.id, segment, submittedOn: new Date(), answers: { create: [{ questionId: single!.id, choiceIds: [single!.choices[choice]!.id] }, { questionId: number!.id, number: value }] } },
      });
    }
  }
  const dueAt = new Date(Date.now() + dueHoursFromNow * 3_600_000);
  await t.db.report.create({ data: { surveyId: survey.id, dueAt } });
  return { client, survey, dueAt };
}

async function preview(surveyId: string, token: string) {
  const res = await t.gql<{ reportPreview: Preview }>(PREVIEW, { s: surveyId }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.reportPreview;
}

async function expectRefused(surveyId: string, token: string) {
  const counterBefore = await t.db.invoiceCounter.findMany();
  const res = await t.gql(ORDER, { s: surveyId }, { token });
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'surveyId', reason: 'nothing_publishable' });
  expect(res.errors?.[0]?.message).toMatch(/Nothing in this report could be published/);
  expect(await t.db.reportOrder.count({ where: { surveyId } })).toBe(0);
  expect(await t.db.invoiceCounter.findMany()).toEqual(counterBefore);
}

describe('report preview', () => {
  it('one respondent with k = 11: every question "fewer than k", nothing published, and the order is refused', async () => {
    const { client, survey } = await closedSurvey([['cardiology|FR|10-19', 0, 20, 1]], 47);
    const p = await preview(survey.id, client.token);
    expect(p).toMatchObject({ outlook: 'NOTHING', built: false, k: 11, figuresPublished: 0 });
    expect(p.questions.map((q) => [q.prompt, q.publishes, q.answers])).toEqual([
      ['Question 1', false, { band: 'FEWER_THAN_K', about: null }],
      ['Question 2', false, { band: 'FEWER_THAN_K', about: null }],
    ]);
    await expectRefused(survey.id, client.token);
  });

  it('before the report is built: outlook UNKNOWN until its due time; the order is taken', async () => {
    const { client, survey, dueAt } = await closedSurvey([['cardiology|FR|10-19', 0, 20, 12]], 30);
    const p = await preview(survey.id, client.token);
    expect(p).toMatchObject({ outlook: 'UNKNOWN', built: false, questions: [], availableBy: dueAt.toISOString() });
    expect((await t.gql(ORDER, { s: survey.id }, { token: client.token })).errors).toBeUndefined();
  });

  it('built: which questions and cross-tabs publish, from rounded counts; the exact counts are not told', async () => {
    // 47 respondents: Yes 23, No 17, Unsure 7 (small: hidden, and No with it); numbers 20 ×23, 40 ×17, 60 ×7.
    const { client, survey } = await closedSurvey([
      ['cardiology|FR|10-19', 0, 20, 23], ['pediatrics|FR|0-9', 1, 40, 17], ['pediatrics|FR|0-9', 2, 60, 7],
    ]);
    expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);
    const p = await preview(survey.id, client.token);
    expect(p).toMatchObject({ outlook: 'PARTIAL', built: true, k: 11, availableBy: null });
    const [single, number] = p.questions;
    expect(single).toMatchObject({ kind: 'SINGLE_CHOICE', publishes: true, answers: { band: 'ABOUT', about: 50 } });
    // Yes shows; No and Unsure are withheld. Specialty: cardiology 23, pediatrics 24 (both shown).
    expect(single!.crossTabs.find((c) => c.dimension === 'specialty')).toEqual({ dimension: 'specialty', segmentsPublished: 2, segmentsWithheld: 0, figuresPublished: expect.any(Number), figuresWithheld: expect.any(Number) });
    expect(number).toMatchObject({ kind: 'NUMBER', publishes: true });
    expect(p.figuresWithheld).toBeGreaterThan(0);
    expect(p.figuresPublished).toBe(p.questions.reduce((s, q) => s + q.figuresPublished, 0));
    const told = JSON.stringify(p.questions.map((q) => q.answers));
    for (const exact of ['47', '23', '17', '24']) expect(told).not.toContain(exact);
    // The same answer every time: the report is built once, from answers that can no longer change.
    expect(await preview(survey.id, client.token)).toEqual(p);
    expect((await t.gql(ORDER, { s: survey.id }, { token: client.token })).errors).toBeUndefined();
  });

  it('built with k or more respondents but every figure withheld: NOTHING, and the order is refused', async () => {
    // 12 respondents: 6 Yes and 6 No (both under k); the numbers 6 × 10 and 6 × 90 (two small bins).
    const { client, survey } = await closedSurvey([['cardiology|FR|10-19', 0, 10, 6], ['cardiology|FR|10-19', 1, 90, 6]]);
    expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);
    const p = await preview(survey.id, client.token);
    expect(p.outlook).toBe('NOTHING');
    expect(p.questions.map((q) => [q.publishes, q.answers.band])).toEqual([[false, 'ABOUT'], [false, 'ABOUT']]);
    expect(p.figuresPublished).toBeGreaterThan(0); // segment counts in cross-tabs are not a finding
    await expectRefused(survey.id, client.token);
  });

  it('admins read any preview; another organisation’s survey is not found, an open one not ready', async () => {
    const { survey } = await closedSurvey([['cardiology|FR|10-19', 0, 20, 2]]);
    const admin = await t.make.admin();
    expect((await preview(survey.id, admin.token)).outlook).toBe('NOTHING');
    const stranger = await t.make.client();
    expect((await t.gql(PREVIEW, { s: survey.id }, { token: stranger.token })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'surveyId', reason: 'not_found' });
    const open = await t.make.survey({ owner: stranger, status: 'OPEN' });
    expect((await t.gql(PREVIEW, { s: open.id }, { token: stranger.token })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'surveyId', reason: 'wrong_state' });
  });
});
