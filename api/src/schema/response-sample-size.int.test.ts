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
    expect(await kit.surveyNow(t, survey.id)).toMatchObject({ status: 'OPEN', responseCount: 12, closedAt: null });
    expect(await stored(survey.id)).toEqual({ responses: 12, answers: 24, spent: 12 });
  });

  it('gives the last places of a survey split over its shards to exactly as many of the answers racing for them', async () => {
    // 16 shards of 1 or 2 places: the first wave empties some shards and leaves the rest partly
    // taken; the second wave races — more answers than places — for the last ones.
    const SAMPLE = 24;
    const survey = await kit.openSurvey(t, { sampleSize: SAMPLE });
    expect(await t.db.surveyPlace.aggregate({ where: { surveyId: survey.id }, _sum: { places: true }, _count: true })).toEqual({ _sum: { places: SAMPLE }, _count: 16 });
    const taken = [];
    for (let i = 0; i < 40; i++) taken.push(await kit.takeToken(t, survey, await t.make.verifiedPhysician()));
    const first = await Promise.all(taken.slice(0, 17).map((token) => kit.answer(t, survey, token)));
    expect(first.every((r) => r.res.errors === undefined)).toBe(true);
    expect(await kit.surveyNow(t, survey.id)).toMatchObject({ status: 'OPEN', responseCount: 17, tokensIssued: 40 });
    const second = await Promise.all(taken.slice(17).map((token) => kit.answer(t, survey, token)));
    const accepted = second.filter((r) => r.res.errors === undefined);
    expect(accepted).toHaveLength(SAMPLE - 17);
    expect(second.filter((r) => r.res.errors !== undefined).map((r) => r.res.errors![0]!.extensions!.reason)).toEqual(Array.from({ length: 40 - SAMPLE }, () => 'survey_closed'));
    expect(await stored(survey.id)).toEqual({ responses: SAMPLE, answers: SAMPLE * 2, spent: SAMPLE });
    expect(await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).toMatchObject({ status: 'CLOSED', responseCount: SAMPLE, tokensIssued: 40 });
    expect(await t.db.surveyPlace.count({ where: { surveyId: survey.id } })).toBe(0);
    expect(await t.db.report.count({ where: { surveyId: survey.id } })).toBe(1);
  });

  it('moves what the shards counted to the survey when it is closed before it is full, and takes no answer after', async () => {
    const survey = await kit.openSurvey(t, { sampleSize: 50 });
    const taken = [];
    for (let i = 0; i < 9; i++) taken.push(await kit.takeToken(t, survey, await t.make.verifiedPhysician()));
    expect((await Promise.all(taken.slice(0, 7).map((token) => kit.answer(t, survey, token)))).every((r) => r.res.errors === undefined)).toBe(true);
    // Closed by its client, an admin or its closing date: the same update of the survey's row.
    await t.db.survey.update({ where: { id: survey.id }, data: { status: 'CLOSED', closedAt: new Date() } });
    expect(await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).toMatchObject({ status: 'CLOSED', responseCount: 7, tokensIssued: 9 });
    expect(await t.db.surveyPlace.count({ where: { surveyId: survey.id } })).toBe(0);
    const late = await kit.answer(t, survey, taken[7]!);
    expect(late.res.errors?.[0]?.extensions).toMatchObject({ reason: 'survey_closed' });
    expect(await stored(survey.id)).toEqual({ responses: 7, answers: 14, spent: 7 });
  });

  it('closes a survey while an answer holding a shard takes the survey’s row, without a deadlock', async () => {
    const survey = await kit.openSurvey(t, { sampleSize: 50 });
    const admin = await t.make.admin();
    let closing: Promise<{ errors?: unknown }> | undefined;
    // An answer taking a shard's last place: it holds the shard, then updates the survey's row.
    await t.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT shard FROM survey_place WHERE survey_id = ${survey.id}::uuid AND shard = 0 FOR UPDATE`;
      closing = t.gql('mutation ($id: ID!) { closeSurvey(id: $id) { status } }', { id: survey.id }, { token: admin.token });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.$executeRaw`UPDATE survey SET response_count = response_count + 1 WHERE id = ${survey.id}::uuid`;
    }, { timeout: 10_000 });
    expect((await closing!).errors).toBeUndefined();
    expect(await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).toMatchObject({ status: 'CLOSED', responseCount: 1 });
  });
});
