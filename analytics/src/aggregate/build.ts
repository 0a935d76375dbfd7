/**
 * Builds a survey's report from the database: SQL reduces the answers to a frequency table in
 * one scan (question × segment × choices → count and sum of numbers), plus the value counts of
 * NUMBER questions from an index, and `composeReport` applies the
 * privacy rules to that small table; the weighted figures are computed from the same table
 * (representative.ts) against the population frame (frame.ts). Answers never travel to Node, except the free-text answers
 * of a question that has at least k of them (they are published, shuffled).
 */
import { randomInt } from 'node:crypto';
import { SPECIALTIES, YEAR_BANDS, type Prisma } from '@consilium/db';
import { ANY } from '@consilium/db/segment-groups';
import type { Weighted } from './stats.ts';
import type { ReportResult } from '@consilium/jobs/report-result';
import { frameOf } from './frame.ts';
import { withWeights } from './representative.ts';
import { composeReport, type ComposeInput, type ComposeOptions, type FrequencyRow, type QuestionMeta } from './compose.ts';
import { expandKinds, rankResults, type RankRow } from './kinds.ts';

type Tx = Prisma.TransactionClient;

/** Fisher–Yates with the cryptographic generator: the order of free texts says nothing about their arrival. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * The frequency table of a survey's answers: one scan of its answers grouped in PostgreSQL by
 * question, segment and choices — all three on the answer row itself (the segment and the
 * choices' bit set are written there by a trigger at insert), so there is no join and no array
 * to hash — with the sum of the numbers. Sent back as one JSON document rather than thousands of
 * rows. The `survey_answer_groups` statistics tell the planner the result is small (hashed, in
 * parallel).
 */
export async function frequencyTable(tx: Tx, questions: readonly QuestionMeta[]): Promise<FrequencyRow[]> {
  if (questions.length === 0) return [];
  const [{ rows }] = await tx.$queryRaw<[{ rows: string }]>`
    SELECT coalesce(json_agg(json_build_array(f.question_id, f.segment, f.choice_bits, f.count, f.sum)), '[]')::text AS rows
    FROM (
      SELECT question_id, segment, choice_bits, count(*) AS count, sum(number) AS sum
      FROM survey_answer
      WHERE question_id = ANY(${questions.map((q) => q.id)}::uuid[])
      GROUP BY question_id, segment, choice_bits
    ) f`;
  // In position order: a matrix's items come after its scale points.
  const choicesOf = new Map(questions.map((q) => [q.id, [...q.choices, ...(q.items ?? [])]]));
  return (JSON.parse(rows) as Array<[string, string, number, number, number | null]>).map(([questionId, segment, bits, count, sum]) => ({
    questionId,
    segment,
    choiceIds: (choicesOf.get(questionId) ?? []).filter((_, position) => (bits & (1 << position)) !== 0).map((c) => c.id),
    count,
    sum,
  }));
}

/**
 * The ranks given by the RANKING questions' answers (choice_ids in rank order): how many in each
 * segment ranked each choice at each rank. Only these questions' rows are unnested.
 */
export async function rankTable(tx: Tx, questions: readonly QuestionMeta[]): Promise<RankRow[]> {
  const ids = questions.filter((q) => q.kind === 'RANKING').map((q) => q.id);
  if (ids.length === 0) return [];
  const [{ rows }] = await tx.$queryRaw<[{ rows: string }]>`
    SELECT coalesce(json_agg(json_build_array(f.question_id, f.segment, f.rank, f.choice_id, f.count)), '[]')::text AS rows
    FROM (
      SELECT a.question_id, a.segment, r.rank, r.choice_id, count(*) AS count
      FROM survey_answer a CROSS JOIN LATERAL unnest(a.choice_ids) WITH ORDINALITY AS r(choice_id, rank)
      WHERE a.question_id = ANY(${ids}::uuid[])
      GROUP BY a.question_id, a.segment, r.rank, r.choice_id
    ) f`;
  return (JSON.parse(rows) as Array<[string, string, number, string, number]>).map(([questionId, segment, rank, choiceId, count]) => ({ questionId, segment, rank, choiceId, count }));
}

/**
 * How many answers gave each value of the NUMBER questions (for medians and histograms), read
 * from the (question_id, number) index alone.
 */
export async function numberDistributions(tx: Tx, questions: readonly QuestionMeta[]): Promise<Map<string, Weighted[]>> {
  const ids = questions.filter((q) => q.kind === 'NUMBER').map((q) => q.id);
  const distributions = new Map<string, Weighted[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return distributions;
  const [{ rows }] = await tx.$queryRaw<[{ rows: string }]>`
    SELECT coalesce(json_agg(json_build_array(f.question_id, f.number, f.count)), '[]')::text AS rows
    FROM (
      SELECT question_id, number, count(*) AS count FROM survey_answer
      WHERE question_id = ANY(${ids}::uuid[]) AND number IS NOT NULL
      GROUP BY question_id, number
    ) f`;
  for (const [questionId, value, count] of JSON.parse(rows) as Array<[string, number, number]>) distributions.get(questionId)!.push({ value, count });
  return distributions;
}

/** A survey's questions; choices in the order of their positions (bit i of choice_bits). */
export async function questionsOf(tx: Tx, surveyId: string): Promise<QuestionMeta[]> {
  const questions = await tx.surveyQuestion.findMany({
    where: { surveyId },
    orderBy: { position: 'asc' },
    include: { choices: { orderBy: { position: 'asc' }, select: { id: true, label: true, position: true, role: true } } },
  });
  const deps = conditionalDependencies(questions);
  return questions.map(({ id, position, kind, prompt, min, max, rankTop, choices }, i) => {
    // Positions are 0..n-1 (see the authoring rules); a gap would shift the bits, so refuse it.
    if (choices.some((c, i) => c.position !== i)) throw new Error(`question ${id}: choice positions are not 0..n-1`);
    const items = choices.filter((c) => c.role === 'ITEM').map(({ id, label }) => ({ id, label }));
    const answerChoices = choices.filter((c) => c.role !== 'ITEM').map(({ id, label }) => ({ id, label }));
    return { id, position, kind, prompt, min, max, choices: answerChoices, dependsOn: deps[i]!, ...(kind === 'MATRIX' && { items }), ...(kind === 'RANKING' && { rankTop }) };
  });
}

/** The questions (positions) named by a stored condition (docs/survey-logic.md: rules name questions by position). */
function namedIn(condition: unknown): number[] {
  const rules = (condition as { rules?: Array<{ question?: unknown }> } | null)?.rules ?? [];
  return rules.map((r) => r.question).filter((q): q is number => typeof q === 'number');
}

/**
 * For each question (in position order), the positions whose answers decide whether it is shown:
 * those its showIf names, the questions whose skip can hide it and what their skipIf names, and,
 * transitively, what decides whether those were shown.
 */
export function conditionalDependencies(questions: ReadonlyArray<{ position: number; showIf: unknown; skipIf: unknown; skipTo: number | null }>): number[][] {
  const deps: Set<number>[] = [];
  questions.forEach((q, i) => {
    const direct = new Set(namedIn(q.showIf));
    questions.slice(0, i).forEach((earlier) => {
      if (earlier.skipIf && earlier.skipTo !== null && q.position > earlier.position && q.position < earlier.skipTo) {
        direct.add(earlier.position);
        for (const p of namedIn(earlier.skipIf)) direct.add(p);
      }
    });
    const all = new Set(direct);
    for (const p of direct) for (const t of deps[questions.findIndex((x) => x.position === p)] ?? []) all.add(t);
    deps.push(all);
  });
  return deps.map((d) => [...d].sort((a, b) => a - b));
}

/**
 * The segments a differentially private report may list, fixed before reading any answer: the
 * survey's targeted specialties (else every specialty), its targeted countries (with no country
 * targeting there is no fixed list, so no country cross-tab), every band of years — each with
 * `*`, the answers settled without that part of their segment (their group was below k).
 */
export async function domainsOf(tx: Tx, surveyId: string): Promise<NonNullable<ComposeInput['domains']>> {
  const { targetSpecialties, targetCountries } = await tx.survey.findUniqueOrThrow({ where: { id: surveyId }, select: { targetSpecialties: true, targetCountries: true } });
  return {
    specialty: [...(targetSpecialties.length > 0 ? targetSpecialties : SPECIALTIES.map((s) => s.code)), ANY],
    ...(targetCountries.length > 0 && { country: [...targetCountries, ANY] }),
    yearsInPractice: [...YEAR_BANDS.map((b) => b.label), ANY],
  };
}

/**
 * Computes the published report of a survey inside the caller's transaction (REPEATABLE READ,
 * so that every query sees the same answers).
 */
export async function computeReport(tx: Tx, surveyId: string, options: ComposeOptions): Promise<ReportResult> {
  // A plan, not a compilation: JIT costs more than it saves on this one query.
  await tx.$executeRaw`SET LOCAL jit = off`;
  await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
  const stored = await questionsOf(tx, surveyId);
  const ranks = await rankTable(tx, stored);
  // Matrix items as LIKERT questions, rankings on their first choices (kinds.ts).
  const { questions, rows } = expandKinds(stored, await frequencyTable(tx, stored), ranks);
  // The one scan of every answer is done: what follows reads an index range or a few hundred
  // rows, where starting parallel workers costs more than it saves (several times more on a
  // loaded machine: docs/reports.md, "Performance").
  await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
  const numbers = await numberDistributions(tx, questions);
  const [{ respondents }] = await tx.$queryRaw<[{ respondents: number }]>`SELECT count(*)::int AS respondents FROM survey_response WHERE survey_id = ${surveyId}::uuid`;
  const texts = new Map<string, string[]>();
  // Under differential privacy free texts are never published: they are not even read.
  for (const question of questions.filter((q) => q.kind === 'TEXT' && options.epsilon === null)) {
    const n = rows.filter((r) => r.questionId === question.id).reduce((sum, r) => sum + r.count, 0);
    if (n < options.k) continue;
    const found = await tx.surveyAnswer.findMany({ where: { questionId: question.id, text: { not: null } }, select: { text: true } });
    texts.set(question.id, shuffle(found.map((a) => a.text!)));
  }
  const domains = options.epsilon === null ? undefined : await domainsOf(tx, surveyId);
  const composed = composeReport({ respondents, questions, rows, numbers, texts, ...(domains && { domains }) }, options);
  const metas = new Map(questions.map((q) => [q.id, q]));
  const report = {
    ...composed,
    questions: composed.questions.map((r) => (r.kind === 'RANKING' ? { ...r, ranks: rankResults(metas.get(r.questionId)!, r, ranks, options.k, options.epsilon !== null) } : r)),
  };
  // Weighted figures (never under differential privacy): calibrated to the population frame.
  const countries = new Set(rows.map((r) => r.segment.split('|')[1] ?? ''));
  const frame = options.epsilon === null ? await frameOf(tx, surveyId, countries) : null;
  return withWeights(report, questions, rows, frame, options.k);
}
