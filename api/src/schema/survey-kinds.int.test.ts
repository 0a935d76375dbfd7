/**
 * Matrix, ranking and "other (specify)" questions, and shuffled choices, through the API
 * (docs/reports.md, "Matrix, ranking and other (specify)"): authored and read back, refused at
 * authoring when malformed (conditions on a matrix or a ranking included), answered with every
 * rule checked (nothing stored on refusal), and reported.
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

const CREATE = `mutation ($input: SurveyInput!) { createSurvey(input: $input) { id questions { kind rankTop shuffleChoices choices { label role } items { label role } } } }`;
const input = (questions: unknown[]) => ({ title: 'Kinds', description: '', questions, sampleSize: 50, honorariumCents: 0 });
const matrix = { kind: 'MATRIX', prompt: 'How much do you agree?', items: ['Guidelines are clear', 'Patients ask for it', 'Time is short'], shuffleChoices: true };
const ranking = { kind: 'RANKING', prompt: 'Rank these sources', choices: ['Journals', 'Colleagues', 'Congresses', 'Industry'], rankTop: 3 };
const other = { kind: 'SINGLE_CHOICE', prompt: 'Main source?', choices: ['Journals', 'Colleagues'], otherChoice: 'Other (specify)', shuffleChoices: true };

describe('authoring the new kinds', () => {
  it('stores a matrix (items after its scale), a top-3 ranking and an "other (specify)" choice, and reads them back', async () => {
    const client = await t.make.client();
    const res = await t.gql<{ createSurvey: { questions: unknown[] } }>(CREATE, { input: input([matrix, ranking, other]) }, { token: client.token });
    expect(res.errors).toBeUndefined();
    const [m, r, o] = res.data!.createSurvey.questions as Array<{ choices: Array<{ label: string; role: string }>; items: Array<{ label: string; role: string }> }>;
    expect(m).toMatchObject({ kind: 'MATRIX', shuffleChoices: true, rankTop: null, items: matrix.items.map((label) => ({ label, role: 'ITEM' })) });
    expect(m!.choices.map((c) => c.label)).toEqual(['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree']);
    expect(r).toMatchObject({ kind: 'RANKING', rankTop: 3, shuffleChoices: false, items: [] });
    expect(o).toMatchObject({ kind: 'SINGLE_CHOICE', choices: [{ label: 'Journals', role: 'OPTION' }, { label: 'Colleagues', role: 'OPTION' }, { label: 'Other (specify)', role: 'OTHER' }] });
  });

  it.each([
    ['a matrix of one item', [{ ...matrix, items: ['Only'] }], 'questions.0.items', 'needs 2 to 20 items'],
    ['items on a single choice', [{ ...other, items: ['A', 'B'] }], 'questions.0.items', 'only a matrix question takes items'],
    ['"other" on a Likert question', [{ kind: 'LIKERT', prompt: 'Agree?', otherChoice: 'Other' }], 'questions.0.otherChoice', 'only a single- or multiple-choice question'],
    ['"other" repeating a choice', [{ ...other, otherChoice: 'journals' }], 'questions.0.otherChoice', 'repeats choice 1'],
    ['a ranking of more than its choices', [{ ...ranking, rankTop: 5 }], 'questions.0.rankTop', 'rankTop must be from 1 to the number of choices (4)'],
    ['a shuffled Likert scale', [{ kind: 'LIKERT', prompt: 'Agree?', shuffleChoices: true }], 'questions.0.shuffleChoices', 'keeps its order'],
    ['a condition on a matrix', [matrix, { kind: 'TEXT', prompt: 'Why?', showIf: { rules: [{ question: 0, operator: 'SELECTED', choice: 3 }] } }], 'questions.1.showIf', 'conditions on matrix and ranking answers are not supported'],
    ['a condition on a ranking', [ranking, { kind: 'TEXT', prompt: 'Why?', showIf: { rules: [{ question: 0, operator: 'SELECTED', choice: 0 }] } }], 'questions.1.showIf', 'a ranking question'],
  ])('refuses %s with BAD_USER_INPUT naming the field, storing nothing', async (_, questions, field, message) => {
    const client = await t.make.client();
    const res = await t.gql(CREATE, { input: input(questions) }, { token: client.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0]?.message).toContain(message);
    expect(await t.db.survey.count({ where: { organizationId: client.account.organizationId! } })).toBe(0);
  });

  it('accepts a condition on the "other (specify)" choice (the last choice)', async () => {
    const client = await t.make.client();
    const res = await t.gql(CREATE, { input: input([other, { kind: 'TEXT', prompt: 'Which?', showIf: { rules: [{ question: 0, operator: 'SELECTED', choice: 2 }] } }]) }, { token: client.token });
    expect(res.errors).toBeUndefined();
  });
});

/** An OPEN survey made through createSurvey's rules: q0 matrix (3 items), q1 ranking (top 3 of 4), q2 single choice with "other". */
async function openKindsSurvey() {
  const client = await t.make.client();
  const created = await t.gql<{ createSurvey: { id: string } }>(CREATE, { input: input([matrix, ranking, other]) }, { token: client.token });
  const id = created.data!.createSurvey.id;
  const receipt = await generateSurveyKey(t.env.SURVEY_KEY_SECRET);
  const survey = await t.db.survey.update({
    where: { id },
    data: { status: 'OPEN', openedAt: new Date(), targetSpecialties: ['cardiology'], receiptPublicKey: receipt.publicKey, receiptSealedKey: receipt.sealedPrivateKey },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
  });
  await ensureSurveyKeys(t.db, t.env.SURVEY_KEY_SECRET, survey, t.env.REPORT_K);
  const [m, r, o] = survey.questions;
  const points = m!.choices.filter((c) => c.role === 'OPTION');
  const items = m!.choices.filter((c) => c.role === 'ITEM');
  return { survey, m: m!, r: r!, o: o!, points, items };
}

type Kinds = Awaited<ReturnType<typeof openKindsSurvey>>;
const matrixAnswer = (s: Kinds, point = 3) => ({ questionId: s.m.id, items: s.items.map((item) => ({ itemId: item.id, choiceId: s.points[point]!.id })) });
const rankingAnswer = (s: Kinds, order = [2, 0, 1]) => ({ questionId: s.r.id, choiceIds: order.map((i) => s.r.choices[i]!.id) });
const otherAnswer = (s: Kinds) => ({ questionId: s.o.id, choiceIds: [s.o.choices[2]!.id], otherText: '  Podcasts ' });

describe('answering the new kinds', () => {
  it('stores one row per matrix item ({item, point}), the ranking in order and the "other" text', async () => {
    const s = await openKindsSurvey();
    const taken = await takeToken(t, s.survey, await t.make.verifiedPhysician());
    expect((await answer(t, s.survey, taken, [matrixAnswer(s), rankingAnswer(s), otherAnswer(s)])).res.errors).toBeUndefined();
    const rows = await t.db.surveyAnswer.findMany({ where: { response: { surveyId: s.survey.id } }, select: { questionId: true, choiceIds: true, text: true, choiceBits: true } });
    const ofMatrix = rows.filter((a) => a.questionId === s.m.id);
    expect(ofMatrix.map((a) => a.choiceIds).sort()).toEqual(s.items.map((item) => [item.id, s.points[3]!.id]).sort());
    // One bit for the point (position 3) and one for the item (positions 5, 6, 7).
    expect(ofMatrix.map((a) => a.choiceBits).sort((a, b) => a - b)).toEqual([(1 << 3) | (1 << 5), (1 << 3) | (1 << 6), (1 << 3) | (1 << 7)]);
    expect(rows.find((a) => a.questionId === s.r.id)!.choiceIds).toEqual([2, 0, 1].map((i) => s.r.choices[i]!.id));
    expect(rows.find((a) => a.questionId === s.o.id)).toMatchObject({ text: 'Podcasts' });
  });

  it('stores a matrix’s rows in the items’ own order, not the order they were sent (shown) in', async () => {
    // The page shows items in a random order per respondent: had the server kept the sent order,
    // the rows' physical order (ctid) would carry that draw, a per-respondent mark.
    const s = await openKindsSurvey();
    const taken = await takeToken(t, s.survey, await t.make.verifiedPhysician());
    const reversed = { ...matrixAnswer(s), items: [...matrixAnswer(s).items].reverse() };
    expect((await answer(t, s.survey, taken, [reversed, rankingAnswer(s), otherAnswer(s)])).res.errors).toBeUndefined();
    const rows = await t.db.$queryRaw<Array<{ item: string }>>`
      SELECT a.choice_ids[1]::text AS item FROM survey_answer a WHERE a.question_id = ${s.m.id}::uuid ORDER BY a.ctid`;
    expect(rows.map((r) => r.item)).toEqual(s.items.map((i) => i.id));
  });

  it.each([
    ['a matrix item answered off the scale', (s: Kinds) => [{ ...matrixAnswer(s), items: [{ itemId: s.items[0]!.id, choiceId: s.items[1]!.id }, ...matrixAnswer(s).items.slice(1)] }, rankingAnswer(s), otherAnswer(s)], "items.0: the answer must be one of the scale's points"],
    ['a matrix item left out', (s: Kinds) => [{ ...matrixAnswer(s), items: matrixAnswer(s).items.slice(0, 2) }, rankingAnswer(s), otherAnswer(s)], 'item 3 is not answered'],
    ['a matrix item answered twice', (s: Kinds) => [{ ...matrixAnswer(s), items: [...matrixAnswer(s).items, matrixAnswer(s).items[0]!] }, rankingAnswer(s), otherAnswer(s)], 'answers an item twice'],
    ['a matrix answered with choiceIds', (s: Kinds) => [{ questionId: s.m.id, choiceIds: [s.points[0]!.id] }, rankingAnswer(s), otherAnswer(s)], 'answered with items'],
    ['a ranking repeating a choice', (s: Kinds) => [matrixAnswer(s), rankingAnswer(s, [0, 0, 1]), otherAnswer(s)], 'rank each choice once'],
    ['a ranking of the wrong length', (s: Kinds) => [matrixAnswer(s), rankingAnswer(s, [0, 1]), otherAnswer(s)], 'rank exactly 3 choices'],
    ['a ranking naming another question’s choice', (s: Kinds) => [matrixAnswer(s), { questionId: s.r.id, choiceIds: [s.r.choices[0]!.id, s.r.choices[1]!.id, s.o.choices[0]!.id] }, otherAnswer(s)], "rank only this question's own choices"],
    ['an "other" text without the other choice', (s: Kinds) => [matrixAnswer(s), rankingAnswer(s), { questionId: s.o.id, choiceIds: [s.o.choices[0]!.id], otherText: 'Podcasts' }], 'otherText goes only with the "other (specify)" choice'],
    ['the other choice without its text', (s: Kinds) => [matrixAnswer(s), rankingAnswer(s), { questionId: s.o.id, choiceIds: [s.o.choices[2]!.id] }], 'say what the "other" answer is'],
    ['an "other" text too long', (s: Kinds) => [matrixAnswer(s), rankingAnswer(s), { ...otherAnswer(s), otherText: 'x'.repeat(201) }], 'under 200 characters'],
    ['items on a ranking', (s: Kinds) => [matrixAnswer(s), { ...rankingAnswer(s), items: matrixAnswer(s).items }, otherAnswer(s)], 'only a matrix question takes items'],
  ])('refuses %s with BAD_USER_INPUT naming the fault, storing nothing', async (_, answers, message) => {
    const s = await openKindsSurvey();
    const taken = await takeToken(t, s.survey, await t.make.verifiedPhysician());
    const { res } = await answer(t, s.survey, taken, answers(s));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'invalid_answer' });
    expect(res.errors?.[0]?.message).toContain(message);
    expect(await stored(t, s.survey.id)).toEqual({ responses: 0, answers: 0, spent: 0 });
    // The same token still answers.
    expect((await answer(t, s.survey, taken, [matrixAnswer(s), rankingAnswer(s), otherAnswer(s)])).res.errors).toBeUndefined();
  });
});

const REPORT = `query ($s: ID!) { report(surveyId: $s) { questions { questionId prompt kind n suppressed mean matrix { questionId item } choices { label count suppressed } ranks { label meanRank } texts } } }`;

describe('reports of the new kinds', () => {
  it('reports each matrix item as a Likert question, a ranking by first choices and mean ranks, and "other" as a count without its texts', async () => {
    const s = await openKindsSurvey();
    // 24 respondents: 12 rank C, J, Co (agreeing: point 3), 12 rank J, Co, C (point 4); all choose "other".
    for (let i = 0; i < 24; i++) {
      const first = i < 12;
      await t.db.surveyResponse.create({
        data: {
          surveyId: s.survey.id, segment: 'cardiology|FR|10-19', submittedOn: new Date(),
          answers: { create: [
            ...s.items.map((item) => ({ questionId: s.m.id, choiceIds: [item.id, s.points[first ? 3 : 4]!.id] })),
            { questionId: s.r.id, choiceIds: (first ? [2, 0, 1] : [0, 1, 2]).map((c) => s.r.choices[c]!.id) },
            { questionId: s.o.id, choiceIds: [s.o.choices[2]!.id], text: `secret ${i}` },
          ] },
        },
      });
    }
    await t.db.survey.update({ where: { id: s.survey.id }, data: { status: 'CLOSED', closedAt: new Date(Date.now() - 72 * 3_600_000), responseCount: 24, tokensIssued: 24 } });
    await t.db.report.create({ data: { surveyId: s.survey.id, dueAt: new Date() } });
    expect((await buildReport(t.db, s.survey.id, defaultReportSettings)).built).toBe(true);
    const admin = await t.make.admin();
    const res = await t.gql<{ report: { questions: Array<Record<string, any>> } }>(REPORT, { s: s.survey.id }, { token: admin.token });
    expect(res.errors).toBeUndefined();
    const questions = res.data!.report.questions;
    expect(questions.map((q) => q.kind)).toEqual(['LIKERT', 'LIKERT', 'LIKERT', 'RANKING', 'SINGLE_CHOICE']);
    expect(questions.slice(0, 3).map((q) => q.matrix)).toEqual(s.items.map((item) => ({ questionId: s.m.id, item: item.label })));
    expect(questions[0]).toMatchObject({ questionId: s.items[0]!.id, n: 24, mean: 4.5, prompt: `${matrix.prompt} — ${matrix.items[0]}` });
    expect(questions[0]!.choices.map((c: { count: number }) => c.count)).toEqual([0, 0, 0, 12, 12]);
    const rank = questions[3]!;
    expect(rank.choices.map((c: { count: number }) => c.count)).toEqual([12, 0, 12, 0]);
    // Journals: ranks 2 and 1 → 1.5; Colleagues 3 and 2 → 2.5; Congresses 1 and 3 → 2; Industry never ranked → 4 (N + 1).
    expect(rank.ranks.map((r: { meanRank: number }) => r.meanRank)).toEqual([1.5, 2.5, 2, 4]);
    expect(questions[4]).toMatchObject({ n: 24, texts: [] });
    expect(questions[4]!.choices.map((c: { count: number }) => c.count)).toEqual([0, 0, 24]);
    expect(JSON.stringify(await t.db.report.findUniqueOrThrow({ where: { surveyId: s.survey.id } }))).not.toContain('secret');
  });
});
