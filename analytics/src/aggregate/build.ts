/**
 * Builds a survey's report from the database: SQL reduces the answers to a frequency table in
 * one scan (question × segment × choices × number → count), and `composeReport` applies the
 * privacy rules to that small table. Answers never travel to Node, except the free-text answers
 * of a question that has at least k of them (they are published, shuffled).
 */
import { randomInt } from 'node:crypto';
import type { Prisma } from '@consilium/db';
import { composeReport, type ComposeOptions, type FrequencyRow, type QuestionMeta, type ReportResult } from './compose.ts';

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
 * The frequency table of a survey's answers: one scan of its answers, grouped in PostgreSQL
 * (in parallel: the `survey_answer_groups` statistics tell the planner the table is small),
 * sent back as one JSON document rather than thousands of rows.
 */
export async function frequencyTable(tx: Tx, surveyId: string, questionIds: string[]): Promise<FrequencyRow[]> {
  const [{ rows }] = await tx.$queryRaw<[{ rows: string }]>`
    SELECT coalesce(json_agg(json_build_array(f.question_id, f.segment, f.choice_ids, f.number, f.count)), '[]')::text AS rows
    FROM (
      SELECT a.question_id, r.segment, a.choice_ids, a.number, count(*) AS count
      FROM survey_answer a JOIN survey_response r ON r.id = a.response_id
      WHERE r.survey_id = ${surveyId}::uuid AND a.question_id = ANY(${questionIds}::uuid[])
      GROUP BY a.question_id, r.segment, a.choice_ids, a.number
    ) f`;
  return (JSON.parse(rows) as Array<[string, string, string[], number | null, number]>).map(([questionId, segment, choiceIds, number, count]) => ({
    questionId, segment, choiceIds, number, count,
  }));
}

export async function questionsOf(tx: Tx, surveyId: string): Promise<QuestionMeta[]> {
  const questions = await tx.surveyQuestion.findMany({
    where: { surveyId },
    orderBy: { position: 'asc' },
    include: { choices: { orderBy: { position: 'asc' }, select: { id: true, label: true } } },
  });
  return questions.map(({ id, position, kind, prompt, min, max, choices }) => ({ id, position, kind, prompt, min, max, choices }));
}

/**
 * Computes the published report of a survey inside the caller's transaction (REPEATABLE READ,
 * so that every query sees the same answers).
 */
export async function computeReport(tx: Tx, surveyId: string, options: ComposeOptions): Promise<ReportResult> {
  // A plan, not a compilation: JIT costs more than it saves on this one query.
  await tx.$executeRaw`SET LOCAL jit = off`;
  await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
  const questions = await questionsOf(tx, surveyId);
  const rows = await frequencyTable(tx, surveyId, questions.map((q) => q.id));
  const [{ respondents }] = await tx.$queryRaw<[{ respondents: number }]>`SELECT count(*)::int AS respondents FROM survey_response WHERE survey_id = ${surveyId}::uuid`;
  const texts = new Map<string, string[]>();
  for (const question of questions.filter((q) => q.kind === 'TEXT')) {
    const n = rows.filter((r) => r.questionId === question.id).reduce((sum, r) => sum + r.count, 0);
    if (n < options.k) continue;
    const found = await tx.surveyAnswer.findMany({ where: { questionId: question.id, text: { not: null } }, select: { text: true } });
    texts.set(question.id, shuffle(found.map((a) => a.text!)));
  }
  return composeReport({ respondents, questions, rows, texts }, options);
}
