import type { Db } from '@consilium/db';
import { z } from 'zod';
import { defineJob } from './job.ts';

/**
 * Hides the order in which survey answers arrived. Answers are written as they come, so their
 * transaction ids and physical places follow the submission order — which follows the order in
 * which tokens were issued to named accounts. This job rewrites every batch of fresh responses
 * (and their answers) in one transaction, in random order, under new ids: afterwards all rows of
 * a batch share one transaction id and sit in random order. VACUUM then removes the old row
 * versions. Idempotent: settled rows are never touched again.
 */
async function settleSurvey(db: Db, surveyId: string): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`
      CREATE TEMP TABLE settle_map ON COMMIT DROP AS
      SELECT id AS old_id, gen_random_uuid() AS new_id, survey_id, segment, submitted_on
      FROM survey_response WHERE survey_id = ${surveyId}::uuid AND NOT settled
      FOR UPDATE SKIP LOCKED`;
    const moved = await tx.$executeRaw`
      INSERT INTO survey_response (id, survey_id, segment, submitted_on, settled)
      SELECT new_id, survey_id, segment, submitted_on, true FROM settle_map ORDER BY random()`;
    await tx.$executeRaw`
      INSERT INTO survey_answer (id, response_id, question_id, choice_ids, number, text)
      SELECT gen_random_uuid(), m.new_id, a.question_id, a.choice_ids, a.number, a.text
      FROM survey_answer a JOIN settle_map m ON a.response_id = m.old_id ORDER BY random()`;
    await tx.$executeRaw`DELETE FROM survey_response WHERE id IN (SELECT old_id FROM settle_map)`;
    return moved;
  });
}

export const responsesSettle = defineJob({
  name: 'responses:settle',
  payload: z.object({}),
  async handle(_payload, { db, log }) {
    const surveys = await db.$queryRaw<Array<{ survey_id: string }>>`
      SELECT DISTINCT survey_id::text FROM survey_response WHERE NOT settled`;
    let settled = 0;
    for (const { survey_id } of surveys) settled += await settleSurvey(db, survey_id);
    if (settled > 0) {
      // The old row versions still hold the arrival order until they are vacuumed away.
      await db.$executeRawUnsafe('VACUUM survey_answer');
      await db.$executeRawUnsafe('VACUUM survey_response');
      log.info({ job: 'responses:settle', surveys: surveys.length, settled }, 'survey responses settled');
    }
    return { settled };
  },
});
