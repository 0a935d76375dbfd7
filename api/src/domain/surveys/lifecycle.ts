/**
 * A survey's life: DRAFT → SUBMITTED → OPEN (approved) or REJECTED → CLOSED. Each step updates
 * the row only if it is still in the state the step leaves, so that two people acting at once
 * cannot both win; the loser is told the state it found.
 */
import type { Prisma, SurveyStatus } from '@consilium/db';
import { markReportDue } from '@consilium/analytics/reports';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { generateSurveyKey } from '../blind-signatures/keys.ts';
import { ownSurveys } from './authoring.ts';

type Tx = Prisma.TransactionClient;

interface Step {
  from: SurveyStatus;
  data: Prisma.SurveyUpdateManyMutationInput;
  /** What the step does, for the refusal: "submitted", "approved" … */
  done: string;
  /** A survey whose closing date has passed must not open (nor go to review). */
  needsFutureClose?: boolean;
}

async function transition(tx: Tx, where: { id: string; organizationId?: string }, step: Step): Promise<void> {
  const now = new Date();
  const stillOpenable = step.needsFutureClose ? { OR: [{ closesAt: null }, { closesAt: { gt: now } }] } : {};
  const { count } = await tx.survey.updateMany({ where: { ...where, status: step.from, ...stillOpenable }, data: step.data });
  if (count === 1) return;
  const found = await tx.survey.findFirst({ where, select: { status: true } });
  if (!found) throw badInput('id', 'not_found', 'No survey has this id.');
  if (found.status === step.from && step.needsFutureClose) {
    throw badInput('closesAt', 'past_date', `The closing date of this survey has passed: it cannot be ${step.done}.`);
  }
  throw badInput('id', 'wrong_state', `This survey is ${found.status.toLowerCase()}, not ${step.from.toLowerCase()}: it cannot be ${step.done}.`);
}

async function audit(tx: Tx, ctx: Context, action: string, targetId: string, reason: string | null) {
  await tx.auditEntry.create({ data: { actorId: ctx.viewer!.accountId, action, targetType: 'survey', targetId, reason } });
}

/** The owning client sends its draft to the admins. */
export async function submitSurvey(ctx: Context, id: string) {
  await transition(ctx.db, { id, ...ownSurveys(ctx) }, {
    from: 'DRAFT', data: { status: 'SUBMITTED', submittedAt: new Date() }, done: 'submitted', needsFutureClose: true,
  });
  return { id };
}

/** An admin opens a submitted survey, with its receipt key pair, or rejects it with a reason. */
export async function reviewSurvey(ctx: Context, id: string, approve: boolean, reason: string | null) {
  if (!approve && !reason) throw badInput('reason', 'required', 'reason is required to reject a survey.');
  // Generated before the transaction: an RSA key pair takes tens of milliseconds, a lock should not.
  const key = approve ? await generateSurveyKey(ctx.env.SURVEY_KEY_SECRET) : null;
  await ctx.db.$transaction(async (tx) => {
    const step: Step = key
      ? {
          from: 'SUBMITTED', done: 'approved', needsFutureClose: true,
          data: { status: 'OPEN', openedAt: new Date(), reviewReason: reason, receiptPublicKey: key.publicKey, receiptSealedKey: key.sealedPrivateKey },
        }
      : { from: 'SUBMITTED', done: 'rejected', data: { status: 'REJECTED', reviewReason: reason } };
    await transition(tx, { id }, step);
    await audit(tx, ctx, key ? 'survey.approve' : 'survey.reject', id, reason);
  });
  ctx.log.info({ surveyId: id, approve }, 'survey reviewed');
  return { id };
}

/** The owning client or an admin closes an open survey; an admin's closing is audited. */
export async function closeSurvey(ctx: Context, id: string) {
  const isAdmin = ctx.viewer!.role === 'ADMIN';
  await ctx.db.$transaction(async (tx) => {
    await transition(tx, isAdmin ? { id } : { id, ...ownSurveys(ctx) }, { from: 'OPEN', data: { status: 'CLOSED', closedAt: new Date() }, done: 'closed' });
    // The report's row, in the same transaction: no closed survey is without it.
    await markReportDue(tx, id, ctx.env.SURVEY_GRACE_HOURS);
    if (isAdmin) await audit(tx, ctx, 'survey.close', id, null);
  });
  // Due at once when every issued token is spent; otherwise the sweep queues it after the grace period.
  await ctx.reportBuilds.enqueueIfDue(id);
  return { id };
}
