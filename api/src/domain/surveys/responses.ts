/**
 * Anonymous answers. The request carries no session (and one sent is never read here): the
 * token is the credential. What is stored: the survey, the segment, the day, the answers —
 * and the spent token's message, so that it cannot be used twice. Nothing else.
 */
import { isUniqueViolation } from '@consilium/db';
import { markReportDue, reportMissesAnAnswer } from '@consilium/analytics/reports';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { fromBase64url } from '../blind-signatures/base64url.ts';
import { cachedPrivateKey, importPublicKey } from '../blind-signatures/keys.ts';
import { BlindSignError, blindSignBase64url, verifyTokenBase64url } from '../blind-signatures/signer.ts';
import { type AnswerInput, checkAnswers } from './answers.ts';
import { today } from './tokens.ts';

export interface ResponseInput {
  surveyId: string;
  segment: string;
  token: { message: string; signature: string };
  answers: AnswerInput[];
  receiptBlindedMessage: string;
}

const invalidToken = () => badInput('token', 'invalid_token', 'The token is not valid for this survey and segment.');

function acceptsAnswers(survey: { status: string; closedAt: Date | null }, graceHours: number): boolean {
  if (survey.status === 'OPEN') return true;
  return survey.status === 'CLOSED' && survey.closedAt !== null && Date.now() < survey.closedAt.getTime() + graceHours * 3_600_000;
}

function signReceipt(ctx: Context, survey: { id: string; receiptSealedKey: string | null }, blinded: string): string {
  try {
    return blindSignBase64url(cachedPrivateKey(`receipt:${survey.id}`, survey.receiptSealedKey!, ctx.env.SURVEY_KEY_SECRET), blinded);
  } catch (err) {
    if (err instanceof BlindSignError && err.reason !== 'signing_failure') {
      throw badInput('receiptBlindedMessage', 'invalid', `receiptBlindedMessage: ${err.message}`);
    }
    throw err;
  }
}

export async function submitSurveyResponse(ctx: Context, input: ResponseInput) {
  const survey = await ctx.db.survey.findUnique({
    where: { id: input.surveyId },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { select: { id: true } } } } },
  });
  if (!survey || !acceptsAnswers(survey, ctx.env.SURVEY_GRACE_HOURS)) {
    throw badInput('surveyId', 'survey_closed', 'This survey takes no answers (closed, or no such survey).');
  }
  const key = await ctx.db.surveySegmentKey.findUnique({ where: { surveyId_segment: { surveyId: survey.id, segment: input.segment } } });
  if (!key || !verifyTokenBase64url(importPublicKey(key.publicKey), input.token)) throw invalidToken();
  const answers = checkAnswers(survey.questions, input.answers);
  const receiptBlindSignature = signReceipt(ctx, survey, input.receiptBlindedMessage);
  /** Closed by this answer, or a late answer that may have spent the last token: the report may be due now. */
  let reportMayBeDue = false;
  try {
    await ctx.db.$transaction(async (tx) => {
      await tx.spentToken.create({ data: { message: fromBase64url(input.token.message), surveyId: survey.id } });
      await tx.surveyResponse.create({
        data: { surveyId: survey.id, segment: input.segment, submittedOn: today(), answers: { create: answers } },
      });
      const { responseCount, sampleSize, status } = await tx.survey.update({
        where: { id: survey.id },
        data: { responseCount: { increment: 1 } },
        select: { responseCount: true, sampleSize: true, status: true },
      });
      if (status === 'OPEN' && responseCount >= sampleSize) {
        await tx.survey.update({ where: { id: survey.id }, data: { status: 'CLOSED', closedAt: new Date() } });
        await markReportDue(tx, survey.id, ctx.env.SURVEY_GRACE_HOURS);
        reportMayBeDue = true;
      } else if (status === 'CLOSED') {
        // A late answer (its token was issued before the close): the sweep finds the report due
        // once every token is spent; one already built without this answer is built again.
        await reportMissesAnAnswer(tx, survey.id);
        reportMayBeDue = true;
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw badInput('token', 'token_spent', 'This token has already been used.');
    }
    throw err;
  }
  // The build is queued now if no issued token is left unspent (else the sweep does it after the grace period).
  if (reportMayBeDue) await ctx.reportBuilds.enqueueIfDue(survey.id);
  return { receiptBlindSignature };
}
