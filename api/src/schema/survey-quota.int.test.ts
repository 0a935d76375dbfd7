/**
 * Quotas: set with the survey (checked, naming the bad cell), a full cell refused before its
 * token, and the answers of one cell racing for its last places never overshooting it — the
 * refused ones storing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import * as kit from '../test/surveys.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '1000', SURVEY_GRACE_HOURS: '0' });
});
afterAll(() => t.close());

const ISSUE = 'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment } }';
const MINE = 'query ($id: ID!) { survey(id: $id) { myQuotaFull quotas { cell maxAnswers } } }';
const FILL = 'query ($id: ID!) { survey(id: $id) { quotas { cell maxAnswers fill { shown belowK full } } } }';
const CREATE = 'mutation ($input: SurveyInput!) { createSurvey(input: $input) { id quotas { specialty country yearsBand maxAnswers cell } } }';

/** kit.openSurvey, with its empty target lists written out (a physician's reads filter on them). */
async function openSurvey(options: Parameters<typeof kit.openSurvey>[1]) {
  const survey = await kit.openSurvey(t, options);
  await t.db.survey.update({ where: { id: survey.id }, data: { targetCountries: [], targetRegions: [] } });
  return survey;
}

const base = { title: 'Heart failure', description: '', questions: [{ kind: 'TEXT', prompt: 'Why?' }], sampleSize: 200, honorariumCents: 0 };

describe('quotas under concurrent answers', () => {
  it('takes exactly the quota of 200 answers of one cell sent at once, refuses the rest whole, and keeps other cells open', async () => {
    const CARDIOLOGISTS = 200;
    const QUOTA = 30;
    const cardiologists = [];
    for (let i = 0; i < CARDIOLOGISTS; i++) cardiologists.push(await t.make.verifiedPhysician());
    const neurologists = [];
    for (let i = 0; i < t.env.REPORT_K; i++) neurologists.push(await t.make.verifiedPhysician({ specialty: 'neurology', country: 'FR' }));
    const survey = await kit.openSurvey(t, { sampleSize: 500, specialties: [] });
    await t.db.surveyQuota.create({ data: { surveyId: survey.id, position: 0, specialty: 'cardiology', maxAnswers: QUOTA } });

    const tokens = [];
    for (const physician of cardiologists) tokens.push(await kit.takeToken(t, survey, physician));
    expect(new Set(tokens.map((x) => x.segment))).toEqual(new Set(['cardiology|FR|10-19']));
    const results = await Promise.all(tokens.map((token, i) => kit.answer(t, survey, token, kit.answersFor(survey, i % 2, i))));
    const accepted = results.filter((r) => r.res.errors === undefined);
    const refused = results.filter((r) => r.res.errors !== undefined);
    expect(accepted).toHaveLength(QUOTA);
    expect(new Set(refused.map((r) => JSON.stringify(r.res.errors![0]!.extensions)))).toEqual(
      new Set([JSON.stringify({ code: 'BAD_USER_INPUT', field: 'segment', reason: 'quota_full' })]),
    );
    expect(await kit.stored(t, survey.id)).toEqual({ responses: QUOTA, answers: QUOTA * 2, spent: QUOTA });
    expect(await t.db.surveyQuota.findMany({ where: { surveyId: survey.id }, select: { taken: true } })).toEqual([{ taken: QUOTA }]);
    expect(await kit.surveyNow(t, survey.id)).toMatchObject({ status: 'OPEN', responseCount: QUOTA });

    // A refused token was not spent; sent again, it is refused again and stores nothing.
    const again = await kit.answer(t, survey, tokens[results.indexOf(refused[0]!)]!);
    expect(again.res.errors?.[0]?.extensions).toMatchObject({ reason: 'quota_full' });
    expect(await kit.stored(t, survey.id)).toEqual({ responses: QUOTA, answers: QUOTA * 2, spent: QUOTA });

    // Another cell still answers.
    const neurologist = await kit.takeToken(t, survey, neurologists[0]!);
    expect(neurologist.segment).toBe('neurology|FR|10-19');
    expect((await kit.answer(t, survey, neurologist)).res.errors).toBeUndefined();
    expect(await kit.stored(t, survey.id)).toMatchObject({ responses: QUOTA + 1 });
  }, 240_000);

  it('tells a physician of a full cell so before a token, and gives none; others of the survey are not refused', async () => {
    const late = await t.make.verifiedPhysician();
    const survey = await openSurvey({ sampleSize: 100 });
    await t.db.surveyQuota.create({ data: { surveyId: survey.id, position: 0, country: 'FR', maxAnswers: t.env.REPORT_K, taken: t.env.REPORT_K } });
    const mine = await t.gql<{ survey: { myQuotaFull: boolean; quotas: Array<{ cell: string }> } }>(MINE, { id: survey.id }, { token: late.token });
    expect(mine.errors, JSON.stringify(mine.errors)).toBeUndefined();
    expect(mine.data?.survey).toEqual({ myQuotaFull: true, quotas: [{ cell: '*|FR|*', maxAnswers: t.env.REPORT_K }] });
    const issued = await t.db.surveyTokenIssue.count({ where: { surveyId: survey.id } });
    const res = await t.gql(ISSUE, { s: survey.id, b: 'AAAA' }, { token: late.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'surveyId', reason: 'quota_full' });
    expect(await t.db.surveyTokenIssue.count({ where: { surveyId: survey.id } })).toBe(issued);

    // Below its maximum, the same physician is told nothing is full and takes a token.
    await t.db.surveyQuota.update({ where: { surveyId_position: { surveyId: survey.id, position: 0 } }, data: { taken: t.env.REPORT_K - 1 } });
    const open = await t.gql<{ survey: { myQuotaFull: boolean } }>(MINE, { id: survey.id }, { token: late.token });
    expect(open.data?.survey.myQuotaFull).toBe(false);
    await kit.takeToken(t, survey, late);
  });
});

describe('quota fill shown to the client', () => {
  it('reads nothing below k, a multiple of k from k on, and the maximum once full', async () => {
    const k = t.env.REPORT_K;
    const survey = await openSurvey({ sampleSize: 100 });
    await t.db.surveyQuota.createMany({
      data: [
        { surveyId: survey.id, position: 0, specialty: 'cardiology', maxAnswers: 4 * k, taken: k - 1 },
        { surveyId: survey.id, position: 1, country: 'BE', maxAnswers: 4 * k, taken: 2 * k + 3 },
        { surveyId: survey.id, position: 2, yearsBand: '10-19', maxAnswers: k + 2, taken: k + 2 },
      ],
    });
    const admin = await t.make.admin();
    const res = await t.gql<{ survey: { quotas: unknown[] } }>(FILL, { id: survey.id }, { token: admin.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.survey.quotas).toEqual([
      { cell: 'cardiology|*|*', maxAnswers: 4 * k, fill: { shown: 0, belowK: true, full: false } },
      { cell: '*|BE|*', maxAnswers: 4 * k, fill: { shown: 2 * k, belowK: false, full: false } },
      { cell: '*|*|10-19', maxAnswers: k + 2, fill: { shown: k + 2, belowK: false, full: true } },
    ]);
    // A physician reads the cells, not their fill.
    const physician = await t.make.verifiedPhysician();
    const denied = await t.gql(FILL, { id: survey.id }, { token: physician.token });
    expect(denied.errors?.[0]?.extensions?.code, JSON.stringify(denied)).toBe('FORBIDDEN');
  });
});

describe('setting quotas in the builder', () => {
  it('saves the cells with the draft, normalised, and copies them with the survey', async () => {
    const client = await t.make.client();
    const quotas = [{ specialty: 'cardiology', maxAnswers: 50 }, { country: ' be ', maxAnswers: 30 }, { specialty: 'cardiology', country: 'BE', yearsBand: '0-9', maxAnswers: 20 }];
    const res = await t.gql<{ createSurvey: { id: string; quotas: unknown[] } }>(CREATE, { input: { ...base, quotas } }, { token: client.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createSurvey.quotas).toEqual([
      { specialty: 'cardiology', country: null, yearsBand: null, maxAnswers: 50, cell: 'cardiology|*|*' },
      { specialty: null, country: 'BE', yearsBand: null, maxAnswers: 30, cell: '*|BE|*' },
      { specialty: 'cardiology', country: 'BE', yearsBand: '0-9', maxAnswers: 20, cell: 'cardiology|BE|0-9' },
    ]);
    const copy = await t.gql<{ duplicateSurvey: { quotas: unknown[] } }>('mutation ($id: ID!) { duplicateSurvey(id: $id) { quotas { cell maxAnswers } } }', { id: res.data!.createSurvey.id }, { token: client.token });
    expect(copy.data!.duplicateSurvey.quotas).toEqual([
      { cell: 'cardiology|*|*', maxAnswers: 50 }, { cell: '*|BE|*', maxAnswers: 30 }, { cell: 'cardiology|BE|0-9', maxAnswers: 20 },
    ]);
  });

  it.each([
    ['below k', [{ specialty: 'cardiology', maxAnswers: 50 }, { country: 'BE', maxAnswers: 2 }], 'quotas.1.maxAnswers', /quotas\.1 \(\*\|BE\|\*\): maxAnswers must be from k/],
    ['above the sample size', [{ country: 'BE', maxAnswers: 201 }], 'quotas.0.maxAnswers', /\*\|BE\|\*/],
    ['no part', [{ maxAnswers: 20 }], 'quotas.0', /names a specialty, a country or a years band/],
    ['an unknown specialty', [{ specialty: 'astrology', maxAnswers: 20 }], 'quotas.0.specialty', /astrology\|\*\|\*/],
    ['an unknown country', [{ country: 'XX', maxAnswers: 20 }], 'quotas.0.country', /XX/],
    ['an unknown band', [{ yearsBand: '5-7', maxAnswers: 20 }], 'quotas.0.yearsBand', /\*\|\*\|5-7/],
    ['a cell twice', [{ country: 'BE', maxAnswers: 20 }, { country: 'be', maxAnswers: 30 }], 'quotas.1', /already in the list/],
  ])('refuses %s, naming the cell, and saves nothing', async (_case, quotas, field, message) => {
    const client = await t.make.client();
    const res = await t.gql(CREATE, { input: { ...base, quotas } }, { token: client.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(await t.db.survey.count({ where: { organizationId: client.account.organizationId! } })).toBe(0);
  });
});
