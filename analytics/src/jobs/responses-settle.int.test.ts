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

  it("keeps each answer's choice bits and gives it its response's coarsened label (written by the trigger)", async () => {
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
    // Three answers, fewer than k: all in the root group, segment and answer alike.
    expect(await stored()).toEqual(expected.map((e) => ({ ...e, segment: '*|*|*', answer_segment: '*|*|*' })));
  });

  it('rewrites the whole survey when one answer is fresh: every row of it under one new transaction id', async () => {
    const survey = await surveyWithResponses(12);
    await responsesSettle.handle({}, t.deps);
    const first = await physicalOrder(survey.id);
    // One late answer: settling it alone would give it a transaction id of its own.
    await t.db.surveyResponse.create({
      data: { surveyId: survey.id, segment: 'cardiology|FR|10-19', submittedOn: new Date('2026-11-24'), answers: { create: [{ questionId: survey.questions[0]!.id, number: 99 }] } },
    });
    expect(await responsesSettle.handle({}, t.deps)).toEqual({ settled: 1 });
    const second = await physicalOrder(survey.id);
    expect(second).toHaveLength(13);
    expect(new Set(second.map((r) => r.xmin)).size).toBe(1);
    expect(second[0]!.xmin).not.toBe(first[0]!.xmin);
    expect(second.some((r) => first.some((f) => f.id === r.id))).toBe(false);
  });

  it('stores a segment of fewer than k answers at a coarser label, and no day but the opening day', async () => {
    const survey = await surveyWithResponses(12);
    await t.db.survey.update({ where: { id: survey.id }, data: { openedAt: new Date('2026-11-20T09:30:00Z') } });
    const q = survey.questions[0]!.id;
    const add = (segment: string, day: string) =>
      t.db.surveyResponse.create({ data: { surveyId: survey.id, segment, submittedOn: new Date(day), answers: { create: [{ questionId: q, number: 1 }] } } });
    // A lone cardiologist of another band, and a lone Belgian neurologist.
    await add('cardiology|FR|30+', '2026-11-25');
    await add('neurology|BE|0-9', '2026-11-26');
    await responsesSettle.handle({}, t.deps);
    const rows = await t.db.$queryRaw<Array<{ segment: string; n: number; day: string }>>`
      SELECT segment, count(*)::int AS n, min(submitted_on)::text AS day FROM survey_response WHERE survey_id = ${survey.id}::uuid GROUP BY segment ORDER BY segment`;
    // 12 + 1 in France, 1 in Belgium: the 13 French answers cannot leave a group of one behind,
    // so all 14 share the root label.
    expect(rows).toEqual([{ segment: '*|*|*', n: 14, day: '2026-11-20' }]);
    expect(await t.db.surveyAnswer.count({ where: { response: { surveyId: survey.id }, segment: '*|*|*' } })).toBe(14);
  });

  it('keeps a segment of k answers or more, and groups only the small ones', async () => {
    const survey = await surveyWithResponses(12);
    for (let i = 0; i < 11; i++) {
      await t.db.surveyResponse.create({
        data: { surveyId: survey.id, segment: i < 6 ? 'cardiology|FR|30+' : 'cardiology|FR|20-29', submittedOn: new Date('2026-11-23'), answers: { create: [{ questionId: survey.questions[0]!.id, number: 5 }] } },
      });
    }
    await responsesSettle.handle({}, t.deps);
    const rows = await t.db.$queryRaw<Array<{ segment: string; n: number }>>`
      SELECT segment, count(*)::int AS n FROM survey_response WHERE survey_id = ${survey.id}::uuid GROUP BY segment ORDER BY segment`;
    expect(rows).toEqual([{ segment: 'cardiology|FR|*', n: 11 }, { segment: 'cardiology|FR|10-19', n: 12 }]);
  });
});
