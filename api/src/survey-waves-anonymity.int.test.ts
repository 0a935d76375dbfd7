/**
 * Waves against the database thief (docs/waves.md, "What a thief learns"): the same physicians
 * answer wave 1 and wave 2 of a series in the same order — the worst case, a habit ("first thing
 * on Monday") — and the thief, with the live database after the worker's sweep, tries to pair
 * each wave-1 answer with the same physician's wave-2 answer by physical order, transaction ids
 * and row ids. The test knows the truth (each physician's NUMBER answer is their index in both
 * waves) and holds every pairing to "no better than chance".
 */
import { defaultReportSettings } from '@consilium/analytics/job';
import { runJob } from '@consilium/analytics/jobs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/harness.ts';
import { answer, type OpenSurvey, takeToken } from './test/surveys.ts';

const K = 5;
/** With 20 answers a rank correlation of two random orders has a spread of 1/√19: |ρ| ≥ 0.8 is a 3.5-sigma event. */
const ACTORS = 20;

let t: TestApp;
const waves: OpenSurvey[] = [];
const worker = () => ({ db: t.db, log: pino({ level: 'silent' }), reports: { ...defaultReportSettings, k: K } });

function rankCorrelation(a: number[], b: number[]): number {
  const rank = new Map(b.map((x, i) => [x, i]));
  const n = a.length;
  const d2 = a.reduce((sum, x, i) => sum + (i - rank.get(x)!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

const fetchWave = (id: string) =>
  t.db.survey.findUniqueOrThrow({ where: { id }, include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } } }) as Promise<OpenSurvey>;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100', REPORT_K: String(K) });
  const physicians: Array<Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>> = [];
  for (let i = 0; i < ACTORS; i++) physicians.push(await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR', practiceStartYear: 2015 }));
  const client = await t.make.client();
  const admin = await t.make.admin();
  const draft = await t.make.survey({ owner: client, status: 'DRAFT', specialties: ['cardiology'], questions: ['SINGLE_CHOICE', 'NUMBER'], closesAt: new Date(Date.now() + 86_400_000) });
  await t.gql('mutation ($s: ID!) { setSurveyRepeat(surveyId: $s, cadence: WEEKLY, waves: 4) { id } }', { s: draft.id }, { token: client.token });
  await t.gql('mutation ($id: ID!) { submitSurvey(id: $id) { id } }', { id: draft.id }, { token: client.token });
  expect((await t.gql('mutation ($id: ID!) { reviewSurvey(id: $id, approve: true) { id } }', { id: draft.id }, { token: admin.token })).errors).toBeUndefined();
  const order = physicians.map((_, i) => i).sort(() => Math.random() - 0.5);

  const answerAll = async (wave: OpenSurvey) => {
    for (const i of order) {
      const taken = await takeToken(t, wave, physicians[i]! as never);
      const res = await answer(t, wave, taken, [
        { questionId: wave.questions[0]!.id, choiceIds: [wave.questions[0]!.choices[i % 3]!.id] },
        { questionId: wave.questions[1]!.id, number: i },
      ]);
      expect(res.res.errors).toBeUndefined();
    }
  };
  waves.push(await fetchWave(draft.id));
  await answerAll(waves[0]!);
  await runJob('responses:settle', {}, worker());

  // The week goes by: wave 1 closes, wave 2 opens, its keys made on the first physician's visit.
  const { seriesId } = await t.db.survey.findUniqueOrThrow({ where: { id: draft.id }, select: { seriesId: true } });
  await t.db.$executeRaw`UPDATE survey_series SET starts_at = starts_at - interval '7 days', next_wave_at = next_wave_at - interval '7 days' WHERE id = ${seriesId}::uuid`;
  await t.db.$executeRaw`UPDATE survey SET opened_at = opened_at - interval '7 days', closes_at = closes_at - interval '7 days' WHERE series_id = ${seriesId}::uuid`;
  await runJob('surveys:close-due', {}, worker());
  expect(await runJob('surveys:open-waves', {}, worker())).toEqual({ opened: 1, keyed: 0 });
  const wave2 = await t.db.survey.findFirstOrThrow({ where: { seriesId, waveNumber: 2 } });
  await t.gql('mutation ($id: ID!) { prepareSurveyKeys(surveyId: $id) }', { id: wave2.id }, { token: physicians[0]!.token });
  waves.push(await fetchWave(wave2.id));
  await answerAll(waves[1]!);
  await runJob('responses:settle', {}, worker());
}, 300_000);
afterAll(() => t.close());

/** The physicians (their NUMBER answer) of a wave's answers, in the order `orderBy` gives. */
async function answersBy(wave: OpenSurvey, orderBy: 'ctid' | 'xmin' | 'id'): Promise<number[]> {
  const rows = await t.db.$queryRawUnsafe<Array<{ number: number }>>(
    `SELECT a.number FROM survey_answer a WHERE a.question_id = $1::uuid ORDER BY ${orderBy === 'xmin' ? 'a.xmin::text::bigint, a.ctid' : `a.${orderBy}`}`,
    wave.questions[1]!.id,
  );
  return rows.map((r) => r.number);
}

describe('waves, against a thief with the live database', () => {
  it('do not pair a physician’s answers of two waves by physical order, transaction id or row id', async () => {
    for (const by of ['ctid', 'xmin', 'id'] as const) {
      const [first, second] = [await answersBy(waves[0]!, by), await answersBy(waves[1]!, by)];
      expect(first).toHaveLength(ACTORS);
      expect(second).toHaveLength(ACTORS);
      const rho = rankCorrelation(first, second);
      console.info(`red team (waves): rank correlation of wave 1 and wave 2 answers ordered by ${by}: ${rho.toFixed(2)}`);
      expect(Math.abs(rho)).toBeLessThan(0.8);
    }
  });

  it('leave each wave’s answers under one transaction id of their own, and no identifier shared between waves', async () => {
    const [xmins] = await t.db.$queryRaw<Array<{ w1: number; w2: number; shared: number }>>`
      WITH a AS (
        SELECT r.survey_id, x.xmin::text AS xmin FROM survey_answer x JOIN survey_response r ON r.id = x.response_id
        WHERE r.survey_id IN (${waves[0]!.id}::uuid, ${waves[1]!.id}::uuid)
      )
      SELECT count(DISTINCT xmin) FILTER (WHERE survey_id = ${waves[0]!.id}::uuid)::int AS w1,
             count(DISTINCT xmin) FILTER (WHERE survey_id = ${waves[1]!.id}::uuid)::int AS w2,
             (SELECT count(*) FROM (SELECT xmin FROM a WHERE survey_id = ${waves[0]!.id}::uuid INTERSECT SELECT xmin FROM a WHERE survey_id = ${waves[1]!.id}::uuid) s)::int AS shared
      FROM a`;
    expect(xmins).toEqual({ w1: 1, w2: 1, shared: 0 });
    // A wave's answers name its own questions and choices, none of the wave before.
    const [{ shared }] = await t.db.$queryRaw<[{ shared: number }]>`
      SELECT count(*)::int AS shared FROM survey_answer a2 JOIN survey_response r2 ON r2.id = a2.response_id AND r2.survey_id = ${waves[1]!.id}::uuid
      WHERE a2.question_id IN (SELECT id FROM survey_question WHERE survey_id = ${waves[0]!.id}::uuid)
         OR a2.choice_ids && (SELECT array_agg(c.id) FROM survey_choice c JOIN survey_question q ON q.id = c.question_id WHERE q.survey_id = ${waves[0]!.id}::uuid)`;
    expect(shared).toBe(0);
  });
});
