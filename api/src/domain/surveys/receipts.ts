/**
 * Honoraria, paid through a completion receipt blind-signed when the answers were accepted.
 * Redeemed later, under the account: the server sees a valid receipt for the survey, not which
 * answers it came with. Credits go to an append-only ledger; a balance is their sum.
 */
import { type Db, isUniqueViolation } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { fromBase64url } from '../blind-signatures/base64url.ts';
import { importPublicKey } from '../blind-signatures/keys.ts';
import { verifyTokenBase64url } from '../blind-signatures/signer.ts';

function startOfDayUtc(): Date {
  return new Date(new Date().toISOString().slice(0, 10));
}

export async function balanceOf(db: Pick<Db, 'honorariumEntry'>, accountId: string): Promise<number> {
  const { _sum } = await db.honorariumEntry.aggregate({ where: { accountId }, _sum: { amountCents: true } });
  return _sum.amountCents ?? 0;
}

export async function redeemSurveyReceipt(ctx: Context, surveyId: string, receipt: { message: string; signature: string }) {
  const accountId = ctx.viewer!.accountId;
  const survey = await ctx.db.survey.findUnique({ where: { id: surveyId }, select: { id: true, receiptPublicKey: true, honorariumCents: true } });
  if (!survey?.receiptPublicKey || !verifyTokenBase64url(importPublicKey(survey.receiptPublicKey), receipt)) {
    throw badInput('receipt', 'invalid_token', 'The receipt is not valid for this survey.');
  }
  try {
    return await ctx.db.$transaction(async (tx) => {
      await tx.spentReceipt.create({ data: { message: fromBase64url(receipt.message), surveyId } });
      // The day only: the ledger says who was paid for which survey, not at which moment.
      await tx.honorariumEntry.create({ data: { accountId, surveyId, amountCents: survey.honorariumCents, createdAt: startOfDayUtc() } });
      await tx.survey.update({ where: { id: surveyId }, data: { receiptsRedeemed: { increment: 1 } } });
      // Paid: the survey was answered, and its way back is of no more use. Deleted with the
      // credit, which already says who was paid for the survey, rather than with the answer.
      await tx.surveyResume.deleteMany({ where: { surveyId, accountId } });
      return { surveyId, amountCents: survey.honorariumCents, balanceCents: await balanceOf(tx, accountId) };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const target = String(('meta' in err ? (err.meta as { target?: unknown } | undefined)?.target : undefined) ?? '');
    if (target.includes('message') || (await ctx.db.spentReceipt.count({ where: { message: fromBase64url(receipt.message) } })) > 0) {
      throw badInput('receipt', 'receipt_spent', 'This receipt has already been redeemed.');
    }
    throw badInput('surveyId', 'already_redeemed', 'The honorarium of this survey has already been credited to you.');
  }
}
