/**
 * Anonymous answers. The request carries no session (and one sent is never read here): the
 * token is the credential. What is stored: the survey, the segment, the day, the answers —
 * and the spent token's message, so that it cannot be used twice. Nothing else.
 */
import { isUniqueViolation, Prisma, queryRows } from '@consilium/db';
import { insertDueReports } from '@consilium/jobs/report-state';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { limitKey, rateLimitedBy } from '../rate-limits.ts';
import { fromBase64url } from '../blind-signatures/base64url.ts';
import { cachedPrivateKey } from '../blind-signatures/keys.ts';
import { BlindSignError, blindSignBase64urlOffThread, checkBlindedMessageBase64url, verifyTokenBase64url } from '../blind-signatures/signer.ts';
import { type AnswerInput, type CleanAnswer, checkAnswers } from './answers.ts';
import { quotaMayHold } from './quotas.ts';
import { answerPathSurvey, segmentPublicKey, surveyStatusSeen } from './answer-path.ts';

export interface ResponseInput {
  surveyId: string;
  segment: string;
  token: { message: string; signature: string };
  answers: AnswerInput[];
  receiptBlindedMessage: string;
}

const surveyClosed = () => badInput('surveyId', 'survey_closed', 'This survey takes no answers (closed, or no such survey).');
const quotaFull = () => badInput('segment', 'quota_full', 'The quota of your segment is full: this survey takes no more answers from it. Nothing was recorded.');
const invalidToken = () => badInput('token', 'invalid_token', 'The token is not valid for this survey and segment.');

function acceptsAnswers(survey: { status: string; closedAt: Date | null }, graceHours: number): boolean {
  if (survey.status === 'OPEN') return true;
  return survey.status === 'CLOSED' && survey.closedAt !== null && Date.now() < survey.closedAt.getTime() + graceHours * 3_600_000;
}

/** Blind-signs the receipt: the answer path's one private-key operation, and its costliest step. */
export type ReceiptSigner = (ctx: Context, survey: { id: string; receiptSealedKey: string }, blinded: string) => Promise<string>;

/** What the receipt's signing would refuse (BAD_USER_INPUT), checked before the write without signing. */
function checkReceipt(ctx: Context, survey: { id: string; receiptSealedKey: string }, blinded: string) {
  try {
    checkBlindedMessageBase64url(cachedPrivateKey(`receipt:${survey.id}`, survey.receiptSealedKey, [ctx.env.SURVEY_KEY_SECRET, ctx.env.SURVEY_KEY_SECRET_PREVIOUS]), blinded);
  } catch (err) {
    if (err instanceof BlindSignError) throw badInput('receiptBlindedMessage', 'invalid', `receiptBlindedMessage: ${err.message}`);
    throw err;
  }
}

export const signReceipt: ReceiptSigner = async (ctx, survey, blinded) => {
  try {
    return await blindSignBase64urlOffThread(cachedPrivateKey(`receipt:${survey.id}`, survey.receiptSealedKey, [ctx.env.SURVEY_KEY_SECRET, ctx.env.SURVEY_KEY_SECRET_PREVIOUS]), blinded);
  } catch (err) {
    if (err instanceof BlindSignError && err.reason !== 'signing_failure') {
      throw badInput('receiptBlindedMessage', 'invalid', `receiptBlindedMessage: ${err.message}`);
    }
    throw err;
  }
};

/**
 * A token is spent in the same statement that stores its answers: spent means counted. A
 * physician whose first send got no reply (a process killed, a connection cut) and who sends
 * again is told so, not that something went wrong.
 */
const tokenSpent = () => badInput('token', 'token_spent', 'This token has already been used: the answers sent with it are recorded, once.');

/** What the one statement of an answer returns when it was taken. */
interface Taken {
  status: 'OPEN' | 'CLOSED' | 'QUOTA_FULL' | 'SPENT';
  closed_at: Date | null;
}

/**
 * An answer's whole write, as one statement (one round trip, its own transaction). While the
 * survey is OPEN, the answer takes one of its free places (`survey_place`, up to 16 shards): the
 * first shard no other transaction holds (SKIP LOCKED), or — when every shard with places left is
 * held — the first one, once free (its latest version is re-read after the wait). Answers thus
 * never queue on the survey's row, and never take more than the places the opening made
 * (sampleSize). The answer that takes a shard's last place deletes the shard and adds its counts
 * to the survey's row; when that fills the sample it closes the survey (the survey's row
 * serializes these at most 16 updates, and its latest version is the one counted). With no place
 * left — the survey closed, by this rule or another — only an answer within the grace period is
 * taken, counted on the survey's row as before. Every other row is written from what was taken,
 * so a refusal stores nothing. A closed survey has its report row (`insertDueReports`), and a
 * report built without this late answer goes back to PENDING, as `reportMissesAnAnswer` does. A
 * token already spent is seen first (`fresh`): nothing is locked or written and the statement says
 * SPENT; one spent by a concurrent answer violates spent_token's key: the statement fails whole.
 * Then the quota cells
 * the answer's label may fall in (quotas.ts) are locked, in one order; when one is full nothing
 * else is touched and the statement says QUOTA_FULL, otherwise each is counted with the answer —
 * so concurrent answers of one cell queue on its row and never overshoot it. (Exported for
 * bench:answers.)
 */
export function answerStatement(input: Pick<ResponseInput, 'surveyId' | 'segment'>, message: Uint8Array, answers: CleanAnswer[], graceHours: number): Prisma.Sql {
  const graceSeconds = graceHours * 3600;
  const rows = answers.map((a) => ({ question_id: a.questionId, choice_ids: a.choiceIds, number: a.number, text: a.text }));
  return Prisma.sql`
    WITH fresh AS (SELECT NOT EXISTS (SELECT 1 FROM spent_token WHERE message = ${message}) AS ok),
    quota AS (
      SELECT survey_id, position, taken, max_answers FROM survey_quota q
      WHERE q.survey_id = ${input.surveyId}::uuid AND ${quotaMayHold(Prisma.sql`${input.segment}::text`)} AND (SELECT ok FROM fresh)
      ORDER BY position FOR UPDATE
    ),
    quota_ok AS (SELECT (SELECT ok FROM fresh) AND NOT EXISTS (SELECT 1 FROM quota WHERE taken >= max_answers) AS ok),
    free AS (
      SELECT survey_id, shard, places, taken, tokens FROM survey_place WHERE survey_id = ${input.surveyId}::uuid AND (SELECT ok FROM quota_ok)
      ORDER BY shard LIMIT 1 FOR UPDATE SKIP LOCKED
    ),
    waited AS (
      SELECT survey_id, shard, places, taken, tokens FROM survey_place
      WHERE survey_id = ${input.surveyId}::uuid AND NOT EXISTS (SELECT 1 FROM free) AND (SELECT ok FROM quota_ok)
      ORDER BY shard LIMIT 1 FOR UPDATE
    ),
    place AS (SELECT * FROM free UNION ALL SELECT * FROM waited),
    took AS (
      UPDATE survey_place p SET places = c.places - 1, taken = c.taken + 1
      FROM place c WHERE p.survey_id = c.survey_id AND p.shard = c.shard AND c.places > 1
      RETURNING p.survey_id
    ),
    emptied AS (
      DELETE FROM survey_place p USING place c WHERE p.survey_id = c.survey_id AND p.shard = c.shard AND c.places <= 1
      RETURNING p.survey_id, c.taken + 1 AS taken, c.tokens
    ),
    filled AS (
      UPDATE survey s SET
        response_count = s.response_count + e.taken,
        tokens_issued = s.tokens_issued + e.tokens,
        status = CASE WHEN s.response_count + e.taken >= s.sample_size THEN 'CLOSED'::"SurveyStatus" ELSE s.status END,
        closed_at = CASE WHEN s.response_count + e.taken >= s.sample_size THEN now() ELSE s.closed_at END
      FROM emptied e WHERE s.id = e.survey_id AND s.status = 'OPEN'
      RETURNING s.id, s.status, s.closed_at
    ),
    late AS (
      UPDATE survey SET response_count = response_count + 1
      WHERE id = ${input.surveyId}::uuid AND NOT EXISTS (SELECT 1 FROM place) AND (SELECT ok FROM quota_ok)
        AND status = 'CLOSED' AND closed_at + make_interval(secs => ${graceSeconds}::float8) > clock_timestamp()
      RETURNING id, status, closed_at
    ),
    counted AS (SELECT survey_id AS id FROM took UNION ALL SELECT survey_id FROM emptied UNION ALL SELECT id FROM late),
    closing AS (SELECT id, closed_at FROM filled WHERE status = 'CLOSED' UNION ALL SELECT id, closed_at FROM late),
    quota_took AS (
      UPDATE survey_quota q SET taken = q.taken + 1 FROM quota c
      WHERE q.survey_id = c.survey_id AND q.position = c.position AND EXISTS (SELECT 1 FROM counted)
    ),
    spent AS (
      INSERT INTO spent_token (message, survey_id) SELECT ${message}, id FROM counted
    ),
    response AS (
      INSERT INTO survey_response (survey_id, segment, submitted_on) SELECT id, ${input.segment}, (now() AT TIME ZONE 'UTC')::date FROM counted
      RETURNING id
    ),
    answer AS (
      INSERT INTO survey_answer (response_id, question_id, choice_ids, number, text)
      SELECT response.id, a.question_id, a.choice_ids, a.number, a.text
      FROM response, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS a(question_id uuid, choice_ids uuid[], number float8, text text)
    ),
    report_due AS (${insertDueReports(Prisma.sql`closing AS closed`, graceHours)}),
    report_stale AS (
      UPDATE report SET status = 'PENDING', updated_at = now()
      WHERE survey_id IN (SELECT id FROM closing) AND status = 'READY'
    )
    SELECT coalesce((SELECT 'CLOSED' FROM closing), 'OPEN') AS status, (SELECT closed_at FROM closing) AS closed_at FROM counted
    UNION ALL SELECT 'QUOTA_FULL', NULL FROM quota_ok WHERE NOT ok AND (SELECT ok FROM fresh)
    UNION ALL SELECT 'SPENT', NULL FROM fresh WHERE NOT ok`;
}

// The answer's two statements go straight to the pool (`queryRows`), prepared: Prisma's pipeline
// around a raw statement cost more Node CPU than anything on this path but the receipt's
// signature, and PostgreSQL parsed and planned the write's CTE afresh for every answer.
async function writeAnswer(ctx: Context, input: ResponseInput, message: Uint8Array, answers: CleanAnswer[]): Promise<Taken | null> {
  const [taken] = await queryRows<Taken>(ctx.db, answerStatement(input, message, answers, ctx.env.SURVEY_GRACE_HOURS), { prepared: true });
  return taken ?? null;
}

/**
 * Per token first, so that one token replayed (say with a receipt that cannot be signed) cannot
 * use up the survey's ceiling: both are asked of Redis at once, and a point the one-by-one order
 * would not have taken is given back — the survey's when the token's limit refuses, the token's
 * when the survey's ceiling refuses (so that an honest answer caught in a burst can simply be
 * sent again). The token's key is keyed-hashed: Redis does not hold the message that spent_token
 * will.
 */
async function consumeAnswerLimits(ctx: Context, surveyId: string, message: Uint8Array) {
  const tokenKey = limitKey(ctx.env.RATE_LIMIT_KEY_SECRET, 'answer-token', message);
  const [perToken, perSurvey] = await Promise.allSettled([
    ctx.rateLimits.answersPerToken.consume(tokenKey),
    ctx.rateLimits.answersPerSurvey.consume(surveyId),
  ]);
  const took = (r: PromiseSettledResult<unknown>) => r.status === 'fulfilled' || r.reason instanceof RateLimiterRes;
  if (perToken.status === 'rejected') {
    if (took(perSurvey)) await ctx.rateLimits.answersPerSurvey.reward(surveyId, 1);
    if (await isSpent(ctx, message)) throw tokenSpent();
    rateLimitedBy(perToken.reason);
  }
  if (perSurvey.status === 'rejected') {
    await ctx.rateLimits.answersPerToken.reward(tokenKey, 1);
    if (await isSpent(ctx, message)) throw tokenSpent();
    rateLimitedBy(perSurvey.reason);
  }
}

/**
 * The survey's point a spent token took, given back: replays never use up the survey's ceiling.
 * The token's own point is kept, so that the per-token limit stops a flood of one spent token's
 * replays before they reach the survey's counter (a spent token can never answer again anyway).
 */
async function giveBackSurveyPoint(ctx: Context, surveyId: string) {
  await ctx.rateLimits.answersPerSurvey.reward(surveyId, 1);
}

/** Only on a refusal by a limit: a spent token is told it is spent, whatever the limits say. */
async function isSpent(ctx: Context, message: Uint8Array): Promise<boolean> {
  return (await queryRows(ctx.db, Prisma.sql`SELECT 1 FROM spent_token WHERE message = ${message}`, { prepared: true })).length > 0;
}

/**
 * Takes an answer. Each step costs more than the one before, and junk is refused at the
 * cheapest step that sees it: the survey and its segment keys are cached per process, a forged
 * token fails a public-key check (microseconds). A valid token then asks the rate limits, and the
 * write — one statement, one round trip — first looks whether the token is spent. A replayed
 * token therefore keeps no point of the survey's ceiling (given back when the write says SPENT; it
 * keeps the point of its own per-token limit, which stops a flood of its replays before the
 * survey's counter; when a limit refuses, the token is looked up before the refusal is told: a
 * spent one is told so) and costs no signature: the receipt's private-key signing comes after the write (its input is
 * checked before it, so that a receipt that cannot be signed stores nothing). A token spent by a
 * concurrent request fails the write whole (spent_token's key).
 */
export async function submitSurveyResponse(ctx: Context, input: ResponseInput, sign: ReceiptSigner = signReceipt) {
  const survey = await answerPathSurvey(ctx.db, input.surveyId);
  if (!survey || !acceptsAnswers(survey, ctx.env.SURVEY_GRACE_HOURS)) throw surveyClosed();
  const key = await segmentPublicKey(ctx.db, survey.id, input.segment);
  if (!key || !verifyTokenBase64url(key, input.token)) throw invalidToken();
  const message = fromBase64url(input.token.message);
  await consumeAnswerLimits(ctx, survey.id, message);
  const answers = checkAnswers(survey.questions, input.answers);
  checkReceipt(ctx, survey, input.receiptBlindedMessage);
  let taken: Taken | null;
  try {
    taken = await writeAnswer(ctx, input, message, answers);
  } catch (err) {
    if (isUniqueViolation(err)) throw tokenSpent();
    throw err;
  }
  if (!taken) {
    surveyStatusSeen(survey.id, null);
    throw surveyClosed();
  }
  if (taken.status === 'SPENT') {
    await giveBackSurveyPoint(ctx, survey.id);
    throw tokenSpent();
  }
  if (taken.status === 'QUOTA_FULL') throw quotaFull();
  const receiptBlindSignature = await sign(ctx, survey, input.receiptBlindedMessage);
  if (taken.status === 'CLOSED') {
    surveyStatusSeen(survey.id, { status: 'CLOSED', closedAt: taken.closed_at! });
    // Closed by this answer, or a late one that may have spent the last token: the build is
    // queued now if no issued token is left unspent (else the sweep does it after the grace period).
    await ctx.reportBuilds.enqueueIfDue(survey.id);
  }
  return { receiptBlindSignature };
}
