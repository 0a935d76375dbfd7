/** Report builds as admins follow them: the ReportJob type, `reportJobs` and `retryReport`. */
import type { Report as ReportRow } from '@consilium/db';
import { builder } from '../builder.ts';
import { requiredUuid } from '../validation.ts';
import { badInput } from '../errors.ts';
import { ReportStatusEnum } from './report.ts';


interface JobView {
  row: ReportRow;
  survey: { title: string; organization: { name: string } };
}
const ReportJobRef = builder.objectRef<JobView>('ReportJob');
ReportJobRef.implement({
  description: 'The state of a survey’s report build (admins).',
  fields: (t) => ({
    surveyId: t.id({ resolve: (j) => j.row.surveyId }),
    surveyTitle: t.string({ resolve: (j) => j.survey.title }),
    organizationName: t.string({ resolve: (j) => j.survey.organization.name }),
    status: t.field({ type: ReportStatusEnum, resolve: (j) => j.row.status }),
    attempts: t.int({ resolve: (j) => j.row.attempts }),
    failureReason: t.string({ nullable: true, resolve: (j) => j.row.failureReason }),
    updatedAt: t.field({ type: 'DateTime', resolve: (j) => j.row.updatedAt }),
    generatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.row.generatedAt }),
    dueAt: t.field({ type: 'DateTime', resolve: (j) => j.row.dueAt }),
  }),
});

const jobInclude = { survey: { select: { title: true, organization: { select: { name: true } } } } } as const;

builder.queryField('reportJobs', (t) =>
  t.field({
    type: [ReportJobRef],
    description: 'Report builds, newest first (admins); FAILED ones carry their reason.',
    authScopes: { reviewer: true },
    args: { status: t.arg({ type: ReportStatusEnum }) },
    resolve: async (_root, args, ctx) => {
      const rows = await ctx.db.report.findMany({
        where: args.status ? { status: args.status } : {},
        include: jobInclude,
        orderBy: [{ updatedAt: 'desc' }, { surveyId: 'desc' }],
        take: 200,
      });
      return rows.map((row) => ({ row, survey: row.survey }));
    },
  }),
);

builder.mutationField('retryReport', (t) =>
  t.field({
    type: ReportJobRef,
    description: 'FAILED (or READY, to rebuild) → PENDING (admins; audited); its build is queued at once (the worker’s sweep otherwise).',
    authScopes: { reviewer: true },
    args: { surveyId: t.arg.id(requiredUuid()) },
    resolve: async (_root, args, ctx) => {
      const surveyId = String(args.surveyId);
      const job = await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.report.updateMany({
          where: { surveyId, status: { in: ['FAILED', 'READY'] } },
          data: { status: 'PENDING', attempts: 0, failureReason: null, updatedAt: new Date() },
        });
        const row = await tx.report.findUnique({ where: { surveyId }, include: jobInclude });
        if (!row) throw badInput('surveyId', 'not_found', 'No report of this survey is recorded (is it closed?).');
        if (count === 0) throw badInput('surveyId', 'wrong_state', 'This report is already waiting to be built.');
        await tx.auditEntry.create({ data: { actorId: ctx.viewer!.accountId, action: 'report.retry', targetType: 'survey', targetId: surveyId } });
        return { row, survey: row.survey };
      });
      await ctx.reportBuilds.enqueueIfDue(surveyId);
      return job;
    },
  }),
);
