/**
 * Waves (issue 17 point 4, docs/waves.md): a draft made repeating, wave 1 approved, the worker's
 * sweep opening wave 2 as a copy, one token per physician per wave, and the trend across waves
 * with each wave's suppression — figures checked against a hand computation (scipy).
 */
import { defaultReportSettings } from '@consilium/analytics/job';
import { runJob } from '@consilium/analytics/jobs';
import { buildReport } from '@consilium/analytics/reports-build';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import * as surveys from '../test/surveys.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const worker = () => ({ db: t.db, log: pino({ level: 'silent' }), reports: defaultReportSettings });
const REPEAT = 'mutation ($s: ID!, $c: WaveCadence, $w: Int) { setSurveyRepeat(surveyId: $s, cadence: $c, waves: $w) { id waveNumber series { id cadence waveLimit status } } }';
const SERIES = `query ($id: ID!) { surveySeries(id: $id) { id status waveCount nextWaveAt startsAt waves { id waveNumber status }
  trend { csv waves { waveNumber reported respondents } questions { position kind figures { kind label choice points { waveNumber value ciLow ciHigh n suppressed } } } } } }`;
const TAKE = 'query ($id: ID!) { survey(id: $id) { id status waveNumber receiptKey tokenKeys { segment } } }';

/** Moves a series and its waves a period (7 days) into the past, as if the week had gone by. */
async function weekGoesBy(seriesId: string) {
  await t.db.$executeRaw`UPDATE survey_series SET starts_at = starts_at - interval '7 days', next_wave_at = next_wave_at - interval '7 days' WHERE id = ${seriesId}::uuid`;
  await t.db.$executeRaw`UPDATE survey SET opened_at = opened_at - interval '7 days', closes_at = closes_at - interval '7 days' WHERE series_id = ${seriesId}::uuid`;
}

describe('a series of waves', () => {
  it('opens wave 2 as a copy of wave 1 once wave 1 is approved and its week is over; one token per physician per wave', async () => {
    const client = await t.make.client();
    const admin = await t.make.admin();
    const draft = await t.make.survey({ owner: client, status: 'DRAFT', specialties: ['cardiology'], questions: ['SINGLE_CHOICE', 'NUMBER'], closesAt: new Date(Date.now() + 86_400_000) });
    await t.db.surveyQuota.create({ data: { surveyId: draft.id, position: 0, country: 'FR', maxAnswers: 40 } });
    await t.db.surveyQuestion.update({ where: { id: draft.questions[1]!.id }, data: { showIf: { combine: 'ALL', rules: [{ question: 0, operator: 'SELECTED', choice: 0 }] } } });

    const bad = await t.gql(REPEAT, { s: draft.id, c: 'WEEKLY', w: 1 }, { token: client.token });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const made = await t.gql<{ setSurveyRepeat: { waveNumber: number; series: { id: string; status: string } } }>(REPEAT, { s: draft.id, c: 'WEEKLY', w: 3 }, { token: client.token });
    expect(made.errors).toBeUndefined();
    expect(made.data!.setSurveyRepeat).toMatchObject({ waveNumber: 1, series: { status: 'DRAFT', cadence: 'WEEKLY', waveLimit: 3 } });
    const seriesId = made.data!.setSurveyRepeat.series.id;

    expect((await t.gql('mutation ($id: ID!) { submitSurvey(id: $id) { id } }', { id: draft.id }, { token: client.token })).errors).toBeUndefined();
    // Nothing opens before the admin approved wave 1.
    expect(await runJob('surveys:open-waves', {}, worker())).toEqual({ opened: 0, keyed: 0 });
    expect((await t.gql('mutation ($id: ID!) { reviewSurvey(id: $id, approve: true) { id } }', { id: draft.id }, { token: admin.token })).errors).toBeUndefined();
    const series = await t.db.surveySeries.findUniqueOrThrow({ where: { id: seriesId } });
    const wave1 = await t.db.survey.findUniqueOrThrow({ where: { id: draft.id } });
    expect(series.status).toBe('ACTIVE');
    expect(series.startsAt).toEqual(wave1.openedAt);
    expect(series.nextWaveAt!.getTime() - wave1.openedAt!.getTime()).toBe(7 * 86_400_000);
    expect(wave1.closesAt).toEqual(series.nextWaveAt);
    // Not due yet: the week of wave 1 is running.
    expect(await runJob('surveys:open-waves', {}, worker())).toEqual({ opened: 0, keyed: 0 });

    // A physician takes their token of wave 1 (and may not take a second).
    const physician = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
    const open1 = await t.db.survey.findUniqueOrThrow({ where: { id: draft.id }, include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } } });
    const token1 = await surveys.takeToken(t, open1, physician);
    expect((await surveys.answer(t, open1, token1)).res.errors).toBeUndefined();

    await weekGoesBy(seriesId);
    expect(await runJob('surveys:close-due', {}, worker())).toEqual({ closed: 1 });
    expect(await runJob('surveys:open-waves', {}, worker())).toEqual({ opened: 1, keyed: 0 });
    expect(await runJob('surveys:open-waves', {}, worker())).toEqual({ opened: 0, keyed: 0 });

    const after = await t.db.surveySeries.findUniqueOrThrow({ where: { id: seriesId }, include: { waves: { orderBy: { waveNumber: 'asc' }, include: { quotas: true, questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } } } } });
    expect(after.waveCount).toBe(2);
    const [w1, w2] = after.waves;
    expect([w1!.status, w2!.status]).toEqual(['CLOSED', 'OPEN']);
    expect(w2).toMatchObject({ waveNumber: 2, title: w1!.title, sampleSize: w1!.sampleSize, targetSpecialties: ['cardiology'], tokensIssued: 0, responseCount: 0, receiptPublicKey: null });
    // Opened at its scheduled time, closing a period later.
    expect(w2!.openedAt).toEqual(series.nextWaveAt && new Date(series.nextWaveAt.getTime() - 7 * 86_400_000));
    expect(w2!.closesAt!.getTime() - w2!.openedAt!.getTime()).toBe(7 * 86_400_000);
    const shape = (w: typeof w1) => w!.questions.map((q) => ({ kind: q.kind, prompt: q.prompt, min: q.min, max: q.max, showIf: q.showIf, choices: q.choices.map((c) => c.label) }));
    expect(shape(w2)).toEqual(shape(w1));
    expect(w2!.questions[0]!.id).not.toBe(w1!.questions[0]!.id);
    expect(w2!.quotas.map((q) => [q.country, q.maxAnswers, q.taken])).toEqual([['FR', 40, 0]]);

    // The worker made no key: the physician's page asks for them, as an opening would have made them.
    // A physician reads the wave, not its series (nor so the trend).
    const asPhysician = await t.gql<{ survey: { series: unknown } }>('query ($id: ID!) { survey(id: $id) { series { id trend { csv } } } }', { id: w2!.id }, { token: physician.token });
    expect(asPhysician.errors).toBeUndefined();
    expect(asPhysician.data!.survey.series).toBeNull();
    const before = await t.gql<{ survey: { tokenKeys: unknown[]; receiptKey: string; waveNumber: number } }>(TAKE, { id: w2!.id }, { token: physician.token });
    expect(before.data!.survey).toMatchObject({ tokenKeys: [], receiptKey: '', waveNumber: 2 });
    expect((await t.gql('mutation ($id: ID!) { prepareSurveyKeys(surveyId: $id) }', { id: w2!.id }, { token: physician.token })).errors).toBeUndefined();
    const keyed = await t.gql<{ survey: { tokenKeys: unknown[]; receiptKey: string } }>(TAKE, { id: w2!.id }, { token: physician.token });
    expect(keyed.data!.survey.tokenKeys.length).toBeGreaterThan(0);
    expect(keyed.data!.survey.receiptKey).not.toBe('');
    // Asked again, the same keys (a receipt signed under the first stays redeemable).
    await t.gql('mutation ($id: ID!) { prepareSurveyKeys(surveyId: $id) }', { id: w2!.id }, { token: physician.token });
    expect((await t.gql<{ survey: { receiptKey: string } }>(TAKE, { id: w2!.id }, { token: physician.token })).data!.survey.receiptKey).toBe(keyed.data!.survey.receiptKey);

    // A token in wave 2 too, and an answer; a second token of wave 2 is refused.
    const open2 = await t.db.survey.findUniqueOrThrow({ where: { id: w2!.id }, include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } } });
    const token2 = await surveys.takeToken(t, open2, physician);
    expect((await surveys.answer(t, open2, token2)).res.errors).toBeUndefined();
    const again = await t.gql('mutation ($s: ID!) { issueSurveyToken(surveyId: $s, blindedMessage: "AAAA") { segment } }', { s: w2!.id }, { token: physician.token });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await t.db.surveyTokenIssue.count({ where: { accountId: physician.account.id } })).toBe(2);
    expect(await surveys.stored(t, w1!.id)).toMatchObject({ responses: 1 });
    expect(await surveys.stored(t, w2!.id)).toMatchObject({ responses: 1 });

    // The last wave ends the series; a stopped or ended series opens nothing more. This sweep holds
    // SURVEY_KEY_SECRET: it makes wave 3's keys as it opens it, and the physician signs with them
    // without asking for keys first.
    await weekGoesBy(seriesId);
    await runJob('surveys:close-due', {}, worker());
    const keyMaker = { ...worker(), surveyKeys: { secret: t.env.SURVEY_KEY_SECRET, k: t.env.REPORT_K } };
    expect(await runJob('surveys:open-waves', {}, keyMaker)).toEqual({ opened: 1, keyed: 1 });
    const w3 = await t.db.survey.findFirstOrThrow({ where: { seriesId, waveNumber: 3 }, include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } } });
    const opened3 = await t.gql<{ survey: { tokenKeys: Array<{ segment: string }>; receiptKey: string } }>(TAKE, { id: w3.id }, { token: physician.token });
    expect(opened3.data!.survey.tokenKeys.map((k) => k.segment)).toContain('*|*|*');
    expect(opened3.data!.survey.receiptKey).not.toBe('');
    const token3 = await surveys.takeToken(t, w3, physician);
    expect((await surveys.answer(t, w3, token3)).res.errors).toBeUndefined();
    // The fallback finds them made and changes nothing.
    await t.gql('mutation ($id: ID!) { prepareSurveyKeys(surveyId: $id) }', { id: w3.id }, { token: physician.token });
    expect((await t.gql<{ survey: { receiptKey: string } }>(TAKE, { id: w3.id }, { token: physician.token })).data!.survey.receiptKey).toBe(opened3.data!.survey.receiptKey);
    const ended = await t.db.surveySeries.findUniqueOrThrow({ where: { id: seriesId } });
    expect(ended).toMatchObject({ status: 'ENDED', waveCount: 3, nextWaveAt: null });
    const stop = await t.gql('mutation ($id: ID!) { stopSurveySeries(id: $id) { status } }', { id: seriesId }, { token: client.token });
    expect(stop.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'wrong_state' });
  }, 120_000);

  it('refuses to make a survey that is not a draft repeat, and another organisation’s as not found', async () => {
    const client = await t.make.client();
    const open = await t.make.survey({ owner: client, status: 'OPEN' });
    const refused = await t.gql(REPEAT, { s: open.id, c: 'MONTHLY', w: 4 }, { token: client.token });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'wrong_state' });
    const other = await t.make.survey({ status: 'DRAFT' });
    const hidden = await t.gql(REPEAT, { s: other.id, c: 'MONTHLY', w: 4 }, { token: client.token });
    expect(hidden.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'not_found' });
    expect(await t.db.surveySeries.count({ where: { organizationId: client.account.organizationId! } })).toBe(0);
    // Made repeating, then a one-off again: the series is gone.
    const draft = await t.make.survey({ owner: client, status: 'DRAFT' });
    await t.gql(REPEAT, { s: draft.id, c: 'QUARTERLY', w: 4 }, { token: client.token });
    const undone = await t.gql<{ setSurveyRepeat: { waveNumber: number | null; series: unknown } }>(REPEAT, { s: draft.id, c: null }, { token: client.token });
    expect(undone.data!.setSurveyRepeat).toEqual({ id: draft.id, waveNumber: null, series: null });
    expect(await t.db.surveySeries.count({ where: { organizationId: client.account.organizationId! } })).toBe(0);
  });
});

describe('the trend across waves', () => {
  /** A closed wave with `spec` answers — [choice index, number] × count — and its built report. */
  async function closedWave(client: Awaited<ReturnType<TestApp['make']['client']>>, seriesId: string, wave: number, spec: Array<[number, number, number]>) {
    const survey = await t.make.survey({ owner: client, status: 'CLOSED', questions: ['SINGLE_CHOICE', 'NUMBER'] });
    const total = spec.reduce((s, [, , n]) => s + n, 0);
    const closedAt = new Date(Date.now() - 72 * 3_600_000);
    await t.db.survey.update({ where: { id: survey.id }, data: { seriesId, waveNumber: wave, closedAt, openedAt: new Date(closedAt.getTime() - 7 * 86_400_000), responseCount: total, tokensIssued: total } });
    const [single, number] = survey.questions;
    for (const [choice, value, count] of spec) {
      for (let i = 0; i < count; i++) {
        await t.db.surveyResponse.create({
          data: { surveyId: survey.id, segment: 'cardiology|FR|10-19', submittedOn: closedAt, answers: { create: [{ questionId: single!.id, choiceIds: [single!.choices[choice]!.id] }, { questionId: number!.id, number: value }] } },
        });
      }
    }
    await t.db.report.create({ data: { surveyId: survey.id, dueAt: closedAt } });
    expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);
    return survey;
  }

  type Point = { waveNumber: number; value: number | null; ciLow: number | null; ciHigh: number | null; n: number; suppressed: boolean };
  type Trend = { csv: string; waves: Array<{ waveNumber: number; reported: boolean; respondents: number }>; questions: Array<{ kind: string; figures: Array<{ kind: string; label: string; points: Point[] }> }> };

  it('gives each wave’s share (Wilson) and mean (t) as its report publishes them, a withheld figure staying withheld', async () => {
    const client = await t.make.client();
    const admin = await t.make.admin();
    const series = await t.db.surveySeries.create({ data: { organizationId: client.account.organizationId!, cadence: 'WEEKLY', waveLimit: 3, waveCount: 3, status: 'ENDED' } });
    // k = 11. Wave 1: 13 Yes (30), 11 No (34). Wave 2: 12 Yes (10), 8 No (14): No is under k and
    // Yes is hidden with it (else n − Yes); the mean stays (every bin shown). Wave 3: 5 answers.
    const w1 = await closedWave(client, series.id, 1, [[0, 30, 13], [1, 34, 11]]);
    await closedWave(client, series.id, 2, [[0, 10, 12], [1, 14, 8]]);
    await closedWave(client, series.id, 3, [[0, 50, 5]]);

    const asAdmin = await t.gql<{ surveySeries: { trend: Trend } }>(SERIES, { id: series.id }, { token: admin.token });
    expect(asAdmin.errors).toBeUndefined();
    const trend = asAdmin.data!.surveySeries.trend;
    expect(trend.waves).toEqual([{ waveNumber: 1, reported: true, respondents: 24 }, { waveNumber: 2, reported: true, respondents: 20 }, { waveNumber: 3, reported: true, respondents: 5 }]);
    const [choice, number] = trend.questions;
    expect(choice!.figures.map((f) => [f.kind, f.label])).toEqual([['SHARE', 'Yes'], ['SHARE', 'No'], ['SHARE', 'Unsure']]);
    const yes = choice!.figures[0]!.points;
    // Hand computation (scipy): Wilson 95% of 13/24 is [0.350749, 0.721087].
    expect(yes[0]!.value).toBeCloseTo(13 / 24, 9);
    expect(yes[0]!.ciLow).toBeCloseTo(0.3507486536, 6);
    expect(yes[0]!.ciHigh).toBeCloseTo(0.7210866627, 6);
    expect(yes[0]!.n).toBe(24);
    const no = choice!.figures[1]!.points;
    expect(no[0]!.ciLow).toBeCloseTo(0.2789133373, 6);
    // Wave 2 hides Yes and No; wave 3 publishes nothing of the question.
    for (const point of [yes[1]!, no[1]!, yes[2]!, no[2]!]) expect(point).toMatchObject({ value: null, ciLow: null, ciHigh: null, suppressed: true });
    const mean = number!.figures[0]!;
    expect(mean.kind).toBe('MEAN');
    // Hand computation (scipy, t with n − 1 degrees of freedom): 31.8333 [30.973644, 32.693023]; 11.6 [10.659058, 12.540942].
    expect(mean.points[0]!.value).toBeCloseTo(31.8333333333, 6);
    expect(mean.points[0]!.ciLow).toBeCloseTo(30.9736441438, 4);
    expect(mean.points[0]!.ciHigh).toBeCloseTo(32.6930225229, 4);
    expect(mean.points[1]!.value).toBeCloseTo(11.6, 9);
    expect(mean.points[1]!.ciLow).toBeCloseTo(10.6590576163, 4);
    expect(mean.points[1]!.ciHigh).toBeCloseTo(12.5409423837, 4);
    expect(mean.points[2]).toMatchObject({ value: null, suppressed: true });
    // Nothing pooled across waves: a reader cannot add waves up and subtract the published ones.
    expect(trend.csv.split('\n')[0]).toBe('question,prompt,figure,choice,wave,opens_on,n,value,ci_low,ci_high');
    expect(trend.csv).toContain('"Question 1",share,"Yes",2,');
    expect(trend.csv.split('\n').filter((l) => l.includes(',share,"Yes",2,'))[0]).toContain(',withheld,');
    expect(trend.csv).not.toMatch(/total|pooled|all_waves/);

    // A client reads only the waves it has a paid order for.
    const asClient = await t.gql<{ surveySeries: { trend: Trend } }>(SERIES, { id: series.id }, { token: client.token });
    expect(asClient.data!.surveySeries.trend.waves.map((w) => w.reported)).toEqual([false, false, false]);
    const order = await t.gql<{ orderReport: { id: string } }>('mutation ($s: ID!) { orderReport(surveyId: $s) { id } }', { s: w1.id }, { token: client.token });
    expect(order.errors).toBeUndefined();
    expect((await t.gql('mutation ($o: ID!) { markOrderPaid(orderId: $o) { id } }', { o: order.data!.orderReport.id }, { token: admin.token })).errors).toBeUndefined();
    const paid = await t.gql<{ surveySeries: { trend: Trend } }>(SERIES, { id: series.id }, { token: client.token });
    const paidTrend = paid.data!.surveySeries.trend;
    expect(paidTrend.waves.map((w) => w.reported)).toEqual([true, false, false]);
    expect(paidTrend.questions[1]!.figures[0]!.points.map((p) => p.value === null)).toEqual([false, true, true]);
    expect(paidTrend.csv).toContain(',not_reported,');
    // The wave's report serves the same interval beside its mean; withheld with the mean (wave 3, as an admin reads it).
    const REPORT_MEAN = 'query ($s: ID!) { report(surveyId: $s) { questions { kind mean meanCiLow meanCiHigh } } }';
    type MeanReport = { report: { questions: Array<{ kind: string; mean: number | null; meanCiLow: number | null; meanCiHigh: number | null }> } };
    const w1Number = (await t.gql<MeanReport>(REPORT_MEAN, { s: w1.id }, { token: client.token })).data!.report.questions[1]!;
    expect(w1Number.kind).toBe('NUMBER');
    expect(w1Number.mean).toBeCloseTo(31.8333333333, 6);
    expect(w1Number.meanCiLow).toBeCloseTo(30.9736441438, 4);
    expect(w1Number.meanCiHigh).toBeCloseTo(32.6930225229, 4);
    const w3 = await t.db.survey.findFirstOrThrow({ where: { seriesId: series.id, waveNumber: 3 }, select: { id: true } });
    expect((await t.gql<MeanReport>(REPORT_MEAN, { s: w3.id }, { token: admin.token })).data!.report.questions[1]).toMatchObject({ mean: null, meanCiLow: null, meanCiHigh: null });

    // Another organisation's client is told nothing.
    const stranger = await t.make.client();
    expect((await t.gql<{ surveySeries: unknown }>(SERIES, { id: series.id }, { token: stranger.token })).data!.surveySeries).toBeNull();
  }, 120_000);
});
