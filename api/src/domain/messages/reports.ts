/**
 * Reporting a private message to the moderators. A moderator sees the reported message and the
 * two messages before it, never the rest of the conversation: a report opens one window, not
 * the whole exchange.
 */
import { isUniqueViolation } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { chargeWriter } from '../discussion/actor.ts';
import { today } from './conversations.ts';

/** How many messages before the reported one a moderator sees. */
export const CONTEXT_BEFORE = 2;

/** Reports a message of a conversation the viewer is in; a second report by the same pseudonym replaces the first. */
export async function reportMessage(ctx: Context, messageId: string, reason: string): Promise<void> {
  const reporter = await chargeWriter(ctx, ctx.rateLimits.reports);
  const message = await ctx.db.message.findFirst({ where: { id: messageId, conversation: { members: { some: { pseudonymId: reporter.id } } } }, select: { id: true } });
  if (!message) throw badInput('messageId', 'not_found', 'messageId: no message of your conversations has this id.');
  const data = { reason, day: today(), resolved: false };
  try {
    await ctx.db.messageReport.upsert({ where: { messageId_reporterId: { messageId, reporterId: reporter.id } }, create: { messageId, reporterId: reporter.id, ...data }, update: data });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

/**
 * The messages a moderator may see around each reported one: up to CONTEXT_BEFORE before it,
 * oldest first, for a whole page of reports in one statement.
 */
export async function contextsBefore(ctx: Context, messages: Array<{ id: string; conversationId: string; seq: number }>) {
  const rows = messages.length === 0 ? [] : await ctx.db.message.findMany({
    where: { OR: messages.map((m) => ({ conversationId: m.conversationId, seq: { gte: m.seq - CONTEXT_BEFORE, lt: m.seq } })) },
    orderBy: [{ conversationId: 'asc' }, { seq: 'asc' }],
    include: { author: true },
  });
  return new Map(messages.map((m) => [m.id, rows.filter((r) => r.conversationId === m.conversationId && r.seq < m.seq && r.seq >= m.seq - CONTEXT_BEFORE)]));
}

/** Marks a report resolved, with a reason (audited: the entry names the report, not the conversation). */
export async function resolveMessageReport(ctx: Context, reportId: string, reason: string): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.messageReport.updateMany({ where: { id: reportId }, data: { resolved: true } });
    if (count === 0) throw badInput('reportId', 'not_found', 'reportId: no message report has this id.');
    await tx.auditEntry.create({ data: { actorId: ctx.viewer!.accountId, action: 'message_report.resolve', targetType: 'message_report', targetId: reportId, reason } });
  });
  ctx.log.info({ reportId }, 'message report resolved');
}
