import type { Db } from '@consilium/db';
import { groupSegments } from '@consilium/db/segment-groups';
import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { defaultReportSettings, defineJob } from './job.ts';

/**
 * Settles survey answers, so that a thief holding the live database can tell an answer's author
 * only as one of at least k participants.
 *
 * Answers are written as they come, so their transaction ids and physical places follow the
 * submission order — which follows the order in which tokens were issued to named accounts —
 * and they carry their key label and day. For every survey with a fresh response, this job
 * rewrites **all** of the survey's responses and answers in one transaction, in random order,
 * under new ids:
 * - every row of the survey then has one transaction id: settling only the fresh batch would
 *   leave batches that can be paired with the token issues before them (a first batch of one
 *   answer, after one token, names its author);
 * - each answer's label is coarsened (`groupSegments`) until its group has at least k answers,
 *   so at least k participants: a lone specialist's answers are stored without the years band,
 *   then without the specialty. A label once coarsened is never refined (the finer one is gone):
 *   answers settled early keep it beside finer labels that later answers earn, so a coarse label
 *   covers its whole subtree, not only its rest (segment-groups.ts);
 * - its day becomes the survey's opening day: a day would split the participants by the day
 *   they took their token;
 * - the survey's place shards (`survey_place`, counts only) are rewritten too, so that none keeps
 *   the transaction id of the last answer that took a place from it; so are its quota cells
 *   (`survey_quota`, counts only).
 * A run with nothing fresh touches nothing. A report build settles its survey first, so that it
 * never reads a label below k.
 */
async function settleSurvey(db: Db, surveyId: string, k: number): Promise<number> {
  return db.$transaction(async (tx) => {
    // One settle of a survey at a time: it reads the counts it coarsens by.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`settle:${surveyId}`}))`;
    const [{ fresh } = { fresh: 0 }] = await tx.$queryRaw<Array<{ fresh: number }>>`
      SELECT count(*)::int AS fresh FROM survey_response WHERE survey_id = ${surveyId}::uuid AND NOT settled`;
    if (fresh === 0) return 0;
    await tx.$executeRaw`
      CREATE TEMP TABLE settle_map ON COMMIT DROP AS
      SELECT id AS old_id, gen_random_uuid() AS new_id, survey_id, segment
      FROM survey_response WHERE survey_id = ${surveyId}::uuid`;
    const counts = await tx.$queryRaw<Array<{ segment: string; count: number }>>`
      SELECT segment, count(*)::int AS count FROM settle_map GROUP BY segment`;
    const groups = groupSegments(new Map(counts.map((c) => [c.segment, c.count])), k);
    await tx.$executeRaw`
      INSERT INTO survey_response (id, survey_id, segment, submitted_on, settled)
      SELECT m.new_id, m.survey_id, g.value, (coalesce(s.opened_at, s.created_at) AT TIME ZONE 'UTC')::date, true
      FROM settle_map m
      JOIN jsonb_each_text(${JSON.stringify(Object.fromEntries(groups))}::jsonb) g ON g.key = m.segment
      JOIN survey s ON s.id = m.survey_id
      ORDER BY random()`;
    await tx.$executeRaw`
      INSERT INTO survey_answer (id, response_id, question_id, choice_ids, number, text)
      SELECT gen_random_uuid(), m.new_id, a.question_id, a.choice_ids, a.number, a.text
      FROM survey_answer a JOIN settle_map m ON a.response_id = m.old_id ORDER BY random()`;
    await tx.$executeRaw`DELETE FROM survey_response WHERE id IN (SELECT old_id FROM settle_map)`;
    // An open survey's place shards were last written by an answer (or a token issue): rewritten
    // here, last so that answers wait on them only for the commit, they carry the settle's
    // transaction id like every answer row.
    await tx.$executeRaw`UPDATE survey_place SET places = places WHERE survey_id = ${surveyId}::uuid`;
    // Likewise its quota cells, each last written by an answer of a label it may hold.
    await tx.$executeRaw`UPDATE survey_quota SET taken = taken WHERE survey_id = ${surveyId}::uuid`;
    return fresh;
  }, { timeout: 300_000 });
}

/**
 * Settles the given surveys, then — if anything was fresh — vacuums the answer tables: the old
 * row versions still hold the arrival order until they are vacuumed away, and the planner's
 * statistics (pg_stats) may still hold a label sampled before the settle. The sweep and a report
 * build both settle through here. Returns how many fresh responses were settled.
 */
export async function settleSurveys(db: Db, surveyIds: readonly string[], k: number): Promise<number> {
  let settled = 0;
  for (const surveyId of surveyIds) settled += await settleSurvey(db, surveyId, k);
  if (settled > 0) {
    await db.$executeRawUnsafe('VACUUM (ANALYZE) survey_answer');
    await db.$executeRawUnsafe('VACUUM (ANALYZE) survey_response');
    await db.$executeRawUnsafe('VACUUM survey_place');
    await db.$executeRawUnsafe('VACUUM survey_quota');
  }
  return settled;
}

export const responsesSettle = defineJob({
  name: 'responses:settle',
  payload: JOB_PAYLOADS['responses:settle'],
  async handle(_payload, { db, log, reports }) {
    const surveys = await db.$queryRaw<Array<{ survey_id: string }>>`
      SELECT DISTINCT survey_id::text FROM survey_response WHERE NOT settled`;
    const settled = await settleSurveys(db, surveys.map((s) => s.survey_id), (reports ?? defaultReportSettings).k);
    if (settled > 0) log.info({ job: 'responses:settle', surveys: surveys.length, settled }, 'survey responses settled');
    return { settled };
  },
});
