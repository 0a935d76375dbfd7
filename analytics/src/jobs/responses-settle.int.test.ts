import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/harness.ts';
import { responsesSettle } from './responses-settle.ts';

const t = useTestDatabase();

/** A survey with one NUMBER question and `n` responses answered 0, 1, 2 … in that order. */
async function surveyWithResponses(n: number) {
  const { db } = t;
  const org = await db.organization.create({ data: { name: 'Agence' } });
  const client = await db.account.create({ data: { email: `c-${Math.random()}@example.org`, passwordHash: 'x', role: 'CLIENT', organizationId: org.id } });
  const survey = await db.survey.create({
    data: {
      organizationId: org.id, createdById: client.id, title: 'Order', description: '', status: 'OPEN', sampleSize: 100, honorariumCents: 0,
      questions: { create: [{ position: 0, kind: 'NUMBER', prompt: 'n?', min: 0, max: 1000 }] },
    },
    include: { questions: true },
  });
  for (let i = 0; i < n; i++) {
    await db.surveyResponse.create({
      data: { surveyId: survey.id, segment: 'cardiology|FR|10-19', submittedOn: new Date('2026-11-23'), answers: { create: [{ questionId: survey.questions[0]!.id, number: i }] } },
    });
  }
  return survey;
}

/** The answers in the physical order of their responses, with each response's transaction id. */
async function physicalOrder(surveyId: string) {
  return t.db.$queryRaw<Array<{ id: string; xmin: string; n: number }>>`
    SELECT r.id::text, r.xmin::text AS xmin, a.number AS n
    FROM survey_response r JOIN survey_answer a ON a.response_id = r.id
    WHERE r.survey_id = ${surveyId}::uuid ORDER BY r.ctid`;
}

describe('responses:settle', () => {
  it('rewrites fresh responses in random order under new ids and one transaction id, answers intact', async () => {
    const survey = await surveyWithResponses(30);
    const before = await physicalOrder(survey.id);
    expect(before.map((r) => r.n)).toEqual([...Array(30).keys()]);
    expect(new Set(before.map((r) => r.xmin)).size).toBe(30);

    expect(await responsesSettle.handle({}, t.deps)).toEqual({ settled: 30 });
    const after = await physicalOrder(survey.id);
    expect(after.map((r) => r.n).sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
    expect(new Set(after.map((r) => r.xmin)).size).toBe(1);
    expect(after.some((r) => before.some((b) => b.id === r.id))).toBe(false);
    // 30 rows back in arrival order by chance: 1 in 30!.
    expect(after.map((r) => r.n)).not.toEqual([...Array(30).keys()]);
    expect(await t.db.surveyResponse.count({ where: { surveyId: survey.id, settled: false } })).toBe(0);
  });

  it('is idempotent: settled rows are left alone', async () => {
    const survey = await surveyWithResponses(3);
    await responsesSettle.handle({}, t.deps);
    const once = await physicalOrder(survey.id);
    expect(await responsesSettle.handle({}, t.deps)).toEqual({ settled: 0 });
    expect(await physicalOrder(survey.id)).toEqual(once);
  });

  it("keeps each answer's segment and choice bits (written by the trigger) through the rewrite", async () => {
    const { db } = t;
    const org = await db.organization.create({ data: { name: 'Agence' } });
    const client = await db.account.create({ data: { email: `c-${Math.random()}@example.org`, passwordHash: 'x', role: 'CLIENT', organizationId: org.id } });
    const survey = await db.survey.create({
      data: {
        organizationId: org.id, createdById: client.id, title: 'Bits', description: '', status: 'OPEN', sampleSize: 100, honorariumCents: 0,
        questions: { create: [{ position: 0, kind: 'MULTIPLE_CHOICE', prompt: 'Which?', choices: { create: ['w', 'x', 'y'].map((label, position) => ({ position, label })) } }] },
      },
      include: { questions: { include: { choices: { orderBy: { position: 'asc' } } } } },
    });
    const [w, x, y] = survey.questions[0]!.choices.map((c) => c.id);
    const given: Array<[string, string[], number]> = [['cardiology|FR|10-19', [w!, y!], 0b101], ['pediatrics|BE|0-9', [x!], 0b010], ['pediatrics|BE|0-9', [y!, x!, w!], 0b111]];
    for (const [segment, choiceIds] of given) {
      await db.surveyResponse.create({ data: { surveyId: survey.id, segment, submittedOn: new Date('2026-11-23'), answers: { create: [{ questionId: survey.questions[0]!.id, choiceIds }] } } });
    }
    const stored = () => db.$queryRaw<Array<{ segment: string; answer_segment: string; choice_bits: number }>>`
      SELECT r.segment, a.segment AS answer_segment, a.choice_bits FROM survey_answer a JOIN survey_response r ON r.id = a.response_id
      WHERE r.survey_id = ${survey.id}::uuid ORDER BY a.choice_bits`;
    const expected = given.map(([segment, , bits]) => ({ segment, answer_segment: segment, choice_bits: bits })).sort((a, b) => a.choice_bits - b.choice_bits);
    expect(await stored()).toEqual(expected);
    expect(await responsesSettle.handle({}, t.deps)).toEqual({ settled: 3 });
    expect(await stored()).toEqual(expected);
  });
});
