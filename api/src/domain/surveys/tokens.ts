/**
 * Eligibility tokens: a verified, targeted physician gets one blind signature per survey, under
 * the key of the label that covers their segment (see keys.ts). The server learns that this
 * account took its token (survey_token_issue: no time) and never sees the token itself: the
 * message was blinded in the physician's browser.
 */
import { isUniqueViolation, Prisma, queryRows, type Db } from '@consilium/db';
import { ROOT } from '@consilium/db/segment-groups';
import { LRUCache } from 'lru-cache';
import type { Context } from '../../context.ts';
import { badInput, forbidden } from '../../errors.ts';
import { fromBase64url } from '../blind-signatures/base64url.ts';
import { cachedPrivateKey } from '../blind-signatures/keys.ts';
import { BlindSignError, blindSignBase64urlOffThread } from '../blind-signatures/signer.ts';
import { ensureSurveyKeys, keyLabelOf, type SurveyKeys } from '@consilium/jobs/survey-keys';
import { quotaFullFor } from './quotas.ts';
import { isTargeted, type Targeting } from '@consilium/db/segments';

/**
 * What issuing needs of a survey that cannot change once it has opened: its targeting, its closing
 * date and — once the root label has its key — its keys (never replaced). Kept per process, so
 * that a token costs no read of them; the status is a hint only (a closed survey is refused early):
 * whether the survey still issues is decided by the write (`recordIssue`).
 */
interface TokenPathSurvey extends Targeting {
  id: string;
  status: 'OPEN' | 'CLOSED';
  closesAt: Date | null;
  keys: SurveyKeys | null;
  /** Whether the survey has quota cells (fixed once it opens): only then is a token's cell read. */
  hasQuotas: boolean;
}

const surveys = new LRUCache<string, TokenPathSurvey>({ max: 500 });

async function tokenPathSurvey(db: Db, surveyId: string): Promise<TokenPathSurvey | null> {
  const cached = surveys.get(surveyId);
  if (cached) return cached;
  const survey = await db.survey.findUnique({
    where: { id: surveyId },
    select: {
      id: true, status: true, closesAt: true, targetSpecialties: true, targetCountries: true, targetRegions: true, minYearsInPractice: true,
      _count: { select: { quotas: true } },
    },
  });
  if (!survey || (survey.status !== 'OPEN' && survey.status !== 'CLOSED')) return null;
  const { _count, ...rest } = survey;
  const entry: TokenPathSurvey = { ...rest, status: survey.status, keys: null, hasQuotas: _count.quotas > 0 };
  surveys.set(surveyId, entry);
  return entry;
}

async function surveyKeys(ctx: Context, survey: TokenPathSurvey): Promise<SurveyKeys> {
  if (survey.keys) return survey.keys;
  const keys = await ensureSurveyKeys(ctx.db, ctx.env.SURVEY_KEY_SECRET, survey, ctx.env.REPORT_K);
  if (keys.has(ROOT)) survey.keys = keys;
  return keys;
}

const quotaFull = () => badInput('surveyId', 'quota_full', 'The quota of your segment is full: this survey takes no more answers from it, so no token is given.');
const surveyClosed = () => badInput('surveyId', 'survey_closed', 'This survey is full or closed: it takes no more answers.');

/** The sealed copy a browser sent with its blinded message, and the blind signature it got (see resume.ts). */
export interface IssueResume {
  sealedCopy: Uint8Array;
  blindSignature: Uint8Array;
}

/**
 * The issue's one statement (its own transaction): recorded only while the survey is open and
 * before its closing date, and counted on one of the survey's place shards that no other
 * transaction holds (or on the survey's row when none is free: every shard held, or none left),
 * so that issues do not queue on the survey's row. False when the survey no longer issues; a
 * second token of the same account violates survey_token_issue's key (the statement fails whole).
 * A resume copy is stored with the issue, in the same statement: there is no moment when the
 * token is issued and its way back not yet kept. (Exported for bench:tokens.)
 */
export async function recordIssue(db: Db, surveyId: string, accountId: string, resume: IssueResume | null = null): Promise<boolean> {
  const [row] = await queryRows<{ issued: number }>(db, issueStatement(surveyId, accountId, resume), { prepared: true });
  return (row?.issued ?? 0) > 0;
}

/** `recordIssue`'s statement (exported for bench:tokens' hand-written peer). */
export function issueStatement(surveyId: string, accountId: string, resume: IssueResume | null): Prisma.Sql {
  return Prisma.sql`
    WITH open AS (
      SELECT id FROM survey WHERE id = ${surveyId}::uuid AND status = 'OPEN' AND (closes_at IS NULL OR closes_at > now())
    ),
    issue AS (
      INSERT INTO survey_token_issue (survey_id, account_id) SELECT id, ${accountId}::uuid FROM open RETURNING survey_id
    ),
    resume AS (
      INSERT INTO survey_resume (survey_id, account_id, sealed_copy, blind_signature)
      SELECT survey_id, ${accountId}::uuid, ${resume?.sealedCopy ?? null}::bytea, ${resume?.blindSignature ?? null}::bytea
      FROM issue WHERE ${resume !== null}
    ),
    free AS (
      SELECT survey_id, shard, tokens FROM survey_place WHERE survey_id IN (SELECT survey_id FROM issue)
      ORDER BY shard DESC LIMIT 1 FOR UPDATE SKIP LOCKED
    ),
    on_shard AS (
      UPDATE survey_place p SET tokens = c.tokens + 1 FROM free c WHERE p.survey_id = c.survey_id AND p.shard = c.shard
    ),
    on_survey AS (
      UPDATE survey SET tokens_issued = tokens_issued + 1 WHERE id IN (SELECT survey_id FROM issue) AND NOT EXISTS (SELECT 1 FROM free)
    )
    SELECT count(*)::int AS issued FROM issue`;
}

/**
 * Issues the viewer's token: the survey (cached; the credential came with the session), the
 * blinded message is signed, and the issue is recorded in one statement — a signature is returned
 * only once it is — with the browser's sealed resume copy, if it sent one. A refused request
 * records nothing.
 */
export async function issueSurveyToken(ctx: Context, surveyId: string, blindedMessage: string, resumeCopy: string | null = null) {
  const { accountId, credential } = ctx.viewer!;
  // Only a verified physician reaches here (the mutation's scope): the session's statement read the credential.
  if (!credential) throw new Error('issueSurveyToken: the viewer has no credential');
  const survey = await tokenPathSurvey(ctx.db, surveyId);
  if (!survey) throw badInput('surveyId', 'not_found', 'No open survey has this id.');
  if (!isTargeted(survey, credential)) throw forbidden('This survey does not target your verified specialty, country, region or experience.');
  const pastClosingDate = survey.closesAt !== null && survey.closesAt.getTime() <= Date.now();
  if (survey.status !== 'OPEN' || pastClosingDate) throw surveyClosed();
  const keys = await surveyKeys(ctx, survey);
  const segment = keyLabelOf(credential, keys);
  const key = keys.get(segment)!;
  // Told before signing: a physician whose cell is full gets no token (an answer would be refused).
  if (survey.hasQuotas && (await quotaFullFor(ctx.db, surveyId, segment))) throw quotaFull();
  let blindSignature: string;
  try {
    blindSignature = await blindSignBase64urlOffThread(cachedPrivateKey(key.id, key.sealedPrivateKey, [ctx.env.SURVEY_KEY_SECRET, ctx.env.SURVEY_KEY_SECRET_PREVIOUS]), blindedMessage);
  } catch (err) {
    if (err instanceof BlindSignError && err.reason !== 'signing_failure') {
      throw badInput('blindedMessage', 'invalid', `blindedMessage: ${err.message}`);
    }
    throw err;
  }
  const resume = resumeCopy === null ? null : { sealedCopy: fromBase64url(resumeCopy), blindSignature: fromBase64url(blindSignature) };
  let recorded: boolean;
  try {
    recorded = await recordIssue(ctx.db, surveyId, accountId, resume);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw badInput('surveyId', 'already_taken', 'You have already taken your token for this survey.');
    }
    throw err;
  }
  if (!recorded) {
    surveys.delete(surveyId);
    throw surveyClosed();
  }
  return { segment, blindSignature };
}
