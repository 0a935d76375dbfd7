/**
 * A survey's life: DRAFT → SUBMITTED → OPEN (approved) or REJECTED → CLOSED. Each step updates
 * the row only if it is still in the state the step leaves, so that two people acting at once
 * cannot both win; the loser is told the state it found.
 */
import type { Prisma, SurveyStatus } from '@consilium/db';
import { markReportDue } from '@consilium/jobs/report-state';
import { startSeriesOf } from '@consilium/jobs/waves';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { generateSurveyKey } from '../blind-signatures/keys.ts';
import { ownSurveys } from './authoring.ts';
import { generateSegmentKeys, keyLabelsFor } from '@consilium/jobs/survey-keys';

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

/**
 * The keys a survey opens with: its receipt key and one eligibility key per key label, chosen
 * from the physicians eligible now (see keys.ts). Generated before the transaction: an RSA key
 * pair takes tens of milliseconds, a lock should not.
 */
async function openingKeys(ctx: Context, id: string) {
  const survey = await ctx.db.survey.findUnique({
    where: { id },
    select: { targetSpecialties: true, targetCountries: true, targetRegions: true, minYearsInPractice: true },
  });
  const labels = survey ? await keyLabelsFor(ctx.db, survey, ctx.env.REPORT_K) : [];
  const [receipt, segments] = await Promise.all([generateSurveyKey(ctx.env.SURVEY_KEY_SECRET), generateSegmentKeys(labels, ctx.env.SURVEY_KEY_SECRET)]);
  return { receipt, segments };
}

/** An admin opens a submitted survey, with its keys, or rejects it with a reason. */
export async function reviewSurvey(ctx: Context, id: string, approve: boolean, reason: string | null) {
  if (!approve && !reason) throw badInput('reason', 'required', 'reason is required to reject a survey.');
  const keys = approve ? await openingKeys(ctx, id) : null;
  await ctx.db.$transaction(async (tx) => {
    const step: Step = keys
      ? {
          from: 'SUBMITTED', done: 'approved', needsFutureClose: true,
          data: { status: 'OPEN', openedAt: new Date(), reviewReason: reason, receiptPublicKey: keys.receipt.publicKey, receiptSealedKey: keys.receipt.sealedPrivateKey },
        }
      : { from: 'SUBMITTED', done: 'rejected', data: { status: 'REJECTED', reviewReason: reason } };
    await transition(tx, { id }, step);
    if (keys) await tx.surveySegmentKey.createMany({ data: keys.segments.map((key) => ({ surveyId: id, ...key })), skipDuplicates: true });
    // Approving wave 1 approves its series: the worker opens the waves after it (docs/waves.md).
    if (keys) await startSeriesOf(tx, id);
    await audit(tx, ctx, keys ? 'survey.approve' : 'survey.reject', id, reason);
  });
  ctx.log.info({ surveyId: id, approve }, 'survey reviewed');
  return { id };
}

/** The owning client or an admin closes an open survey; an admin's closing is audited. */
export async function closeSurvey(ctx: Context, id: string) {
  const isAdmin = ctx.viewer!.role === 'ADMIN';
  await ctx.db.$transaction(async (tx) => {
    // The place shards before the survey's row, in the order an answer takes them: an answer that
    // holds a shard and then updates the row finishes first instead of deadlocking with the close.
    await tx.$queryRaw`SELECT shard FROM survey_place WHERE survey_id = ${id}::uuid ORDER BY shard FOR UPDATE`;
    await transition(tx, isAdmin ? { id } : { id, ...ownSurveys(ctx) }, { from: 'OPEN', data: { status: 'CLOSED', closedAt: new Date() }, done: 'closed' });
    // The report's row, in the same transaction: no closed survey is without it.
    await markReportDue(tx, id, ctx.env.SURVEY_GRACE_HOURS);
    if (isAdmin) await audit(tx, ctx, 'survey.close', id, null);
  });
  // Due at once when every issued token is spent; otherwise the sweep queues it after the grace period.
  await ctx.reportBuilds.enqueueIfDue(id);
  return { id };
}
