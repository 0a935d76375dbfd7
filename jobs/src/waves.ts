/**
 * Waves of a repeating survey (docs/waves.md): the schedule that the API starts when an admin
 * approves wave 1, and the opening of each wave after it, which the worker's `surveys:open-waves`
 * sweep does. A wave is a survey of its own, copied whole from the wave before it, so that tokens,
 * quotas, answers and the report are per wave with nothing new to them.
 */
import { Prisma, type Db } from '@consilium/db';

type Tx = Prisma.TransactionClient;

/**
 * In the transaction that opens wave 1 (`reviewSurvey`): the series goes ACTIVE, its schedule is
 * anchored on the opening, and wave 1 closes at the end of its period (when wave 2 opens).
 * Nothing for a survey outside a series.
 */
export async function startSeriesOf(tx: Tx, surveyId: string): Promise<void> {
  await tx.$executeRaw`
    WITH started AS (
      UPDATE survey_series r SET status = 'ACTIVE', starts_at = s.opened_at, next_wave_at = s.opened_at + wave_period(r.cadence)
      FROM survey s
      WHERE s.id = ${surveyId}::uuid AND s.wave_number = 1 AND r.id = s.series_id AND r.status = 'DRAFT'
      RETURNING r.id, r.next_wave_at
    )
    UPDATE survey SET closes_at = started.next_wave_at FROM started WHERE survey.id = ${surveyId}::uuid`;
}

/**
 * The columns a copy takes from the wave before it, every column otherwise: a column added to
 * `survey`, `survey_question`, `survey_choice` or `survey_quota` later is copied without a change here.
 */
function copyOf(table: string, alias: string, overrides: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(jsonb_populate_record(NULL::${Prisma.raw(table)}, to_jsonb(${Prisma.raw(alias)}) || ${overrides})).*`;
}

/**
 * Opens the next wave of a series if it is due (by the database clock): the survey, its questions
 * with their choices and logic (which name questions and choices by position), its quotas (empty),
 * its targeting, size and honorarium. The wave is OPEN from its scheduled time, without a second
 * review: the admin approved the series with wave 1, and nothing in a wave can differ from it.
 * Returns the new wave's id (its keys are the sweep's or, failing it, the API's: docs/waves.md),
 * null when nothing was due.
 */
export async function openDueWave(db: Db, seriesId: string): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const [series] = await tx.$queryRaw<Array<{ wave_count: number; wave_limit: number }>>`
      SELECT wave_count, wave_limit FROM survey_series
      WHERE id = ${seriesId}::uuid AND status = 'ACTIVE' AND next_wave_at <= now() FOR UPDATE SKIP LOCKED`;
    if (!series) return null;
    const wave = series.wave_count + 1;
    const [previous] = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM survey WHERE series_id = ${seriesId}::uuid AND wave_number = ${series.wave_count}::int`;
    if (!previous) throw new Error(`series ${seriesId}: wave ${series.wave_count} is missing`);
    const [created] = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO survey
      SELECT ${copyOf('survey', 's', Prisma.sql`jsonb_build_object(
        'id', gen_random_uuid(), 'wave_number', ${wave}::int, 'status', 'OPEN', 'review_reason', NULL,
        'created_at', now(), 'opened_at', r.next_wave_at, 'closes_at', r.starts_at + wave_period(r.cadence) * ${wave}::int, 'closed_at', NULL,
        'tokens_issued', 0, 'response_count', 0, 'receipts_redeemed', 0, 'receipt_public_key', NULL, 'receipt_sealed_key', NULL)`)}
      FROM survey s JOIN survey_series r ON r.id = s.series_id
      WHERE s.id = ${previous.id}::uuid
      RETURNING id`;
    await copyQuestions(tx, previous.id, created!.id);
    await tx.$executeRaw`
      UPDATE survey_series SET wave_count = ${wave}::int,
        status = CASE WHEN ${wave}::int >= wave_limit THEN 'ENDED'::"SeriesStatus" ELSE status END,
        next_wave_at = CASE WHEN ${wave}::int >= wave_limit THEN NULL ELSE starts_at + wave_period(cadence) * ${wave}::int END
      WHERE id = ${seriesId}::uuid`;
    return created!.id;
  });
}

async function copyQuestions(tx: Tx, from: string, to: string): Promise<void> {
  await tx.$executeRaw`
    CREATE TEMP TABLE wave_question_map ON COMMIT DROP AS
    SELECT id AS old_id, gen_random_uuid() AS new_id FROM survey_question WHERE survey_id = ${from}::uuid`;
  await tx.$executeRaw`
    INSERT INTO survey_question
    SELECT ${copyOf('survey_question', 'q', Prisma.sql`jsonb_build_object('id', m.new_id, 'survey_id', ${to}::uuid)`)}
    FROM survey_question q JOIN wave_question_map m ON m.old_id = q.id`;
  await tx.$executeRaw`
    INSERT INTO survey_choice
    SELECT ${copyOf('survey_choice', 'c', Prisma.sql`jsonb_build_object('id', gen_random_uuid(), 'question_id', m.new_id)`)}
    FROM survey_choice c JOIN wave_question_map m ON m.old_id = c.question_id`;
  await tx.$executeRaw`
    INSERT INTO survey_quota
    SELECT ${copyOf('survey_quota', 'u', Prisma.sql`jsonb_build_object('survey_id', ${to}::uuid, 'taken', 0)`)}
    FROM survey_quota u WHERE u.survey_id = ${from}::uuid`;
}
