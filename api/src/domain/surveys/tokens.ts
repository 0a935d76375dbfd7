/**
 * Eligibility tokens: a verified, targeted physician gets one blind signature per survey, under
 * the key of the label that covers their segment (see keys.ts). The server learns that this
 * account took its token (survey_token_issue: no time) and never sees the token itself: the
 * message was blinded in the physician's browser.
 */
import { isUniqueViolation } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput, forbidden } from '../../errors.ts';
import { cachedPrivateKey } from '../blind-signatures/keys.ts';
import { BlindSignError, blindSignBase64url } from '../blind-signatures/signer.ts';
import { ensureSurveyKeys, keyLabelOf } from './keys.ts';
import { isTargeted } from './segments.ts';

export async function issueSurveyToken(ctx: Context, surveyId: string, blindedMessage: string) {
  const accountId = ctx.viewer!.accountId;
  const [survey, credential] = await Promise.all([
    ctx.db.survey.findUnique({ where: { id: surveyId } }),
    ctx.db.credential.findUniqueOrThrow({ where: { accountId } }),
  ]);
  if (!survey || survey.status === 'DRAFT' || survey.status === 'SUBMITTED' || survey.status === 'REJECTED') {
    throw badInput('surveyId', 'not_found', 'No open survey has this id.');
  }
  if (!isTargeted(survey, credential)) throw forbidden('This survey does not target your verified specialty, country, region or experience.');
  const pastClosingDate = survey.closesAt !== null && survey.closesAt.getTime() <= Date.now();
  if (survey.status !== 'OPEN' || survey.responseCount >= survey.sampleSize || pastClosingDate) {
    throw badInput('surveyId', 'survey_closed', 'This survey is full or closed: it takes no more answers.');
  }
  const keys = await ensureSurveyKeys(ctx.db, ctx.env.SURVEY_KEY_SECRET, survey, ctx.env.REPORT_K);
  const segment = keyLabelOf(credential, keys);
  const key = keys.get(segment)!;
  let blindSignature: string;
  try {
    blindSignature = blindSignBase64url(cachedPrivateKey(key.id, key.sealedPrivateKey, ctx.env.SURVEY_KEY_SECRET), blindedMessage);
  } catch (err) {
    if (err instanceof BlindSignError && err.reason !== 'signing_failure') {
      throw badInput('blindedMessage', 'invalid', `blindedMessage: ${err.message}`);
    }
    throw err;
  }
  try {
    await ctx.db.$transaction([
      ctx.db.surveyTokenIssue.create({ data: { surveyId, accountId } }),
      ctx.db.survey.update({ where: { id: surveyId }, data: { tokensIssued: { increment: 1 } } }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw badInput('surveyId', 'already_taken', 'You have already taken your token for this survey.');
    }
    throw err;
  }
  return { segment, blindSignature };
}
