/**
 * The sample size under concurrent answers: the survey closes in the statement that takes its
 * sampleSize-th answer, and — without a grace period — no answer beyond it is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import * as kit from '../test/surveys.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100', SURVEY_GRACE_HOURS: '0' });
});
afterAll(() => t.close());

const stored = (surveyId: string) => kit.stored(t, surveyId);

describe('sample size under concurrent answers', () => {
  it('takes exactly sampleSize answers sent at once, closes once, and stores nothing of the refused ones', async () => {
    const SAMPLE = 5;
    const SENT = 14;
    const survey = await kit.openSurvey(t, { sampleSize: SAMPLE });
    const physicians = await Promise.all(Array.from({ length: SENT }, () => t.make.verifiedPhysician()));
    const taken = [];
    for (const physician of physicians) taken.push(await kit.takeToken(t, survey, physician));
    const results = await Promise.all(taken.map((token, i) => kit.answer(t, survey, token, kit.answersFor(survey, i % 2, i))));
    const accepted = results.filter((r) => r.res.errors === undefined);
    const refused = results.filter((r) => r.res.errors !== undefined);
    expect(accepted).toHaveLength(SAMPLE);
    expect(accepted.every((r) => r.receipt !== null)).toBe(true);
    expect(refused.map((r) => r.res.errors![0]!.extensions)).toEqual(
      Array.from({ length: SENT - SAMPLE }, () => expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'surveyId', reason: 'survey_closed' })),
    );
    expect(await stored(survey.id)).toEqual({ responses: SAMPLE, answers: SAMPLE * 2, spent: SAMPLE });
    const closed = await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } });
    expect(closed).toMatchObject({ status: 'CLOSED', responseCount: SAMPLE, tokensIssued: SENT });
    // The report's row was written with the close, due at once (no grace period).
    const report = await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } });
    expect(report).toMatchObject({ status: 'PENDING' });
    expect(report.dueAt.getTime()).toBe(closed.closedAt!.getTime());

    // A refused token was not spent, but the survey stays closed to it.
    const again = await kit.answer(t, survey, taken[results.indexOf(refused[0]!)]!);
    expect(again.res.errors?.[0]?.extensions).toMatchObject({ reason: 'survey_closed' });
    expect(await stored(survey.id)).toEqual({ responses: SAMPLE, answers: SAMPLE * 2, spent: SAMPLE });
  });

  it('counts every answer taken before the close exactly once', async () => {
    const survey = await kit.openSurvey(t, { sampleSize: 50 });
    const taken = [];
    for (let i = 0; i < 12; i++) taken.push(await kit.takeToken(t, survey, await t.make.verifiedPhysician()));
    const results = await Promise.all(taken.map((token) => kit.answer(t, survey, token)));
    expect(results.every((r) => r.res.errors === undefined)).toBe(true);
    expect(await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).toMatchObject({ status: 'OPEN', responseCount: 12, closedAt: null });
    expect(await stored(survey.id)).toEqual({ responses: 12, answers: 24, spent: 12 });
  });
});
