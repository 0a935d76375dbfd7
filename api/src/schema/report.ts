import { OrderStatus, ReportStatus, type Report as ReportRow } from '@consilium/db';
import type { ChoiceResult, CrossTab, CrossTabCell, HistogramBin, QuestionResult, ReportResult } from '@consilium/analytics/reports';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { badInput, forbidden } from '../errors.ts';
import { reportAccess, signedCsvUrl } from '../domain/reports/access.ts';
import { markOrderPaid, orderReport, quote, visibleOrders } from '../domain/reports/orders.ts';
import { OrganizationTypeEnum } from './account.ts';
import { QuestionKindEnum } from './survey.ts';

const uuid = () => ({ required: true, validate: z.uuid() }) as const;

export const OrderStatusEnum = builder.enumType(OrderStatus, { name: 'OrderStatus' });
export const ReportStatusEnum = builder.enumType(ReportStatus, { name: 'ReportStatus' });

builder.prismaObject('ReportOrder', {
  name: 'Order',
  description: 'An order of a closed survey’s report: invoiced at once, PAID when an admin records the payment.',
  fields: (t) => ({
    id: t.exposeID('id'),
    surveyId: t.exposeID('surveyId'),
    status: t.expose('status', { type: OrderStatusEnum }),
    amountCents: t.exposeInt('amountCents', { description: 'baseFeeCents + perRespondentCents × respondents, fixed when ordered.' }),
    baseFeeCents: t.exposeInt('baseFeeCents'),
    perRespondentCents: t.exposeInt('perRespondentCents'),
    respondents: t.exposeInt('respondents'),
    invoiceNumber: t.exposeString('invoiceNumber'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    surveyTitle: t.string({ select: { survey: { select: { title: true } } }, resolve: (o) => o.survey.title }),
    organizationName: t.string({ select: { organization: { select: { name: true } } }, resolve: (o) => o.organization.name }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
    invoicePdfUrl: t.string({ description: 'API route; the owning client’s or an admin’s session.', resolve: (o) => `/invoices/${o.id}.pdf` }),
    invoiceHtmlUrl: t.string({ description: 'Printable page; same access as the PDF.', resolve: (o) => `/invoices/${o.id}.html` }),
    reportStatus: t.field({
      type: ReportStatusEnum,
      nullable: true,
      select: { survey: { select: { report: { select: { status: true } } } } },
      resolve: (o) => o.survey.report?.status ?? null,
    }),
  }),
});

// ---------------------------------------------------------------- report figures
const ChoiceResultRef = builder.objectRef<ChoiceResult>('ChoiceResult');
ChoiceResultRef.implement({
  fields: (t) => ({
    choiceId: t.exposeID('choiceId'),
    label: t.exposeString('label'),
    count: t.exposeInt('count'),
    share: t.exposeFloat('share'),
    ciLow: t.exposeFloat('ciLow', { description: '95% Wilson interval.' }),
    ciHigh: t.exposeFloat('ciHigh'),
    suppressed: t.exposeBoolean('suppressed', { description: 'When true, count/share/ciLow/ciHigh are 0 and carry nothing.' }),
  }),
});
const CrossTabCellRef = builder.objectRef<CrossTabCell>('CrossTabCell');
CrossTabCellRef.implement({
  fields: (t) => ({
    segment: t.exposeString('segment', { description: 'The value of the dimension: a specialty code, a country, a band of years.' }),
    n: t.exposeInt('n'),
    suppressed: t.exposeBoolean('suppressed'),
    choices: t.field({ type: [ChoiceResultRef], resolve: (c) => c.choices }),
    mean: t.exposeFloat('mean', { nullable: true }),
  }),
});
const CrossTabRef = builder.objectRef<CrossTab>('CrossTab');
CrossTabRef.implement({
  fields: (t) => ({
    dimension: t.exposeString('dimension', { description: 'specialty, country or yearsInPractice.' }),
    cells: t.field({ type: [CrossTabCellRef], resolve: (c) => c.cells }),
  }),
});
const HistogramBinRef = builder.objectRef<HistogramBin>('HistogramBin');
HistogramBinRef.implement({
  fields: (t) => ({
    low: t.exposeFloat('low'),
    high: t.exposeFloat('high'),
    count: t.exposeInt('count'),
    suppressed: t.exposeBoolean('suppressed'),
  }),
});
const QuestionResultRef = builder.objectRef<QuestionResult>('QuestionResult');
QuestionResultRef.implement({
  fields: (t) => ({
    questionId: t.exposeID('questionId'),
    prompt: t.exposeString('prompt'),
    kind: t.field({ type: QuestionKindEnum, resolve: (q) => q.kind }),
    n: t.exposeInt('n'),
    suppressed: t.exposeBoolean('suppressed', { description: 'True when n < k: no figures below.' }),
    choices: t.field({ type: [ChoiceResultRef], resolve: (q) => q.choices }),
    mean: t.exposeFloat('mean', { nullable: true }),
    median: t.exposeFloat('median', { nullable: true }),
    crossTabs: t.field({ type: [CrossTabRef], resolve: (q) => q.crossTabs }),
    texts: t.exposeStringList('texts', { description: 'TEXT questions only, only when n >= k, shuffled; [] otherwise.' }),
    histogram: t.field({ type: [HistogramBinRef], resolve: (q) => q.histogram }),
  }),
});

interface ReportView {
  row: ReportRow;
  surveyTitle: string;
  isAdmin: boolean;
}
const ReportRef = builder.objectRef<ReportView>('Report');
ReportRef.implement({
  description: 'A survey’s aggregated, privacy-safe report.',
  fields: (t) => ({
    surveyId: t.id({ resolve: (r) => r.row.surveyId }),
    status: t.field({ type: ReportStatusEnum, resolve: (r) => r.row.status }),
    respondents: t.int({ resolve: (r) => r.row.respondents }),
    k: t.int({ description: 'Minimum group size used for suppression.', resolve: (r) => r.row.k }),
    epsilon: t.float({ nullable: true, description: 'Set when counts carry differential-privacy noise.', resolve: (r) => r.row.epsilon }),
    privacyBudget: t.float({
      nullable: true,
      description: 'With epsilon: the total ε the report spends (ε per list of counts a respondent can be in, summed; see docs/reports.md). Null without epsilon or until READY.',
      resolve: (r) => (r.row.status === 'READY' && r.row.result ? ((r.row.result as unknown as ReportResult).privacyBudget ?? null) : null),
    }),
    generatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.row.generatedAt }),
    surveyTitle: t.string({ resolve: (r) => r.surveyTitle }),
    questions: t.field({
      type: [QuestionResultRef],
      description: 'Empty until the report is READY.',
      resolve: (r) => (r.row.status === 'READY' && r.row.result ? (r.row.result as unknown as ReportResult).questions : []),
    }),
    csvUrl: t.string({
      nullable: true,
      description: 'Relative signed link to the CSV export, valid REPORT_LINK_TTL_MINUTES; null until READY.',
      resolve: (r, _args, ctx) =>
        r.row.status === 'READY' ? signedCsvUrl(ctx.env.REPORT_LINK_SECRET, ctx.env.REPORT_LINK_TTL_MINUTES, r.row.surveyId) : null,
    }),
    failureReason: t.string({ nullable: true, description: 'Admins only; null for clients.', resolve: (r) => (r.isAdmin ? r.row.failureReason : null) }),
  }),
});

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

const OrderQuoteRef = builder.objectRef<{ surveyId: string; respondents: number; amountCents: number; baseFeeCents: number; perRespondentCents: number }>('OrderQuote');
OrderQuoteRef.implement({
  description: 'The price a report would be ordered at now: baseFeeCents + perRespondentCents × respondents.',
  fields: (t) => ({
    surveyId: t.exposeID('surveyId'),
    respondents: t.exposeInt('respondents'),
    amountCents: t.exposeInt('amountCents'),
    baseFeeCents: t.exposeInt('baseFeeCents'),
    perRespondentCents: t.exposeInt('perRespondentCents'),
  }),
});

interface TransparencyView {
  id: string;
  title: string;
  closedAt: Date | null;
  tokensIssued: number;
  responseCount: number;
  receiptsRedeemed: number;
  organization: { type: 'PUBLIC_AGENCY' | 'ACADEMIC' | 'NONPROFIT' | 'INDUSTRY' | 'OTHER' };
  report: { k: number; epsilon: number | null; status: string } | null;
}
const TransparencyEntryRef = builder.objectRef<TransparencyView>('TransparencyEntry');
TransparencyEntryRef.implement({
  description: 'What every verified physician may know of a closed survey.',
  fields: (t) => ({
    surveyId: t.id({ resolve: (s) => s.id }),
    title: t.exposeString('title'),
    organizationType: t.field({ type: OrganizationTypeEnum, resolve: (s) => s.organization.type }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.closedAt }),
    tokensIssued: t.exposeInt('tokensIssued'),
    responseCount: t.exposeInt('responseCount'),
    receiptsRedeemed: t.exposeInt('receiptsRedeemed'),
    k: t.int({ description: 'The k of its built report, or the one it will be built with.', resolve: (s, _a, ctx) => (s.report?.status === 'READY' ? s.report.k : ctx.env.REPORT_K) }),
    epsilon: t.float({
      nullable: true,
      resolve: (s, _a, ctx) => (s.report?.status === 'READY' ? s.report.epsilon : (ctx.env.REPORT_EPSILON ?? null)),
    }),
  }),
});

// ---------------------------------------------------------------- operations
builder.queryField('orders', (t) =>
  t.prismaField({
    type: ['ReportOrder'],
    description: 'Client: their organisation’s orders; admin: all. Newest first.',
    authScopes: { client: true, admin: true },
    resolve: (query, _root, _args, ctx) => ctx.db.reportOrder.findMany({ ...query, where: visibleOrders(ctx), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
);

builder.queryField('orderQuote', (t) =>
  t.field({
    type: OrderQuoteRef,
    description: 'The price of a CLOSED survey’s report (the owning client, admins).',
    authScopes: { client: true, admin: true },
    args: { surveyId: t.arg.id(uuid()) },
    resolve: (_root, args, ctx) => quote(ctx, String(args.surveyId)),
  }),
);

builder.mutationField('orderReport', (t) =>
  t.prismaField({
    type: 'ReportOrder',
    description: 'Orders the report of the client’s CLOSED survey: INVOICED, with an invoice number. An existing INVOICED or PAID order is returned as it is.',
    authScopes: { client: true },
    args: { surveyId: t.arg.id(uuid()) },
    resolve: async (query, _root, args, ctx) => {
      const order = await orderReport(ctx, String(args.surveyId));
      return ctx.db.reportOrder.findUniqueOrThrow({ ...query, where: { id: order.id } });
    },
  }),
);

builder.mutationField('markOrderPaid', (t) =>
  t.prismaField({
    type: 'ReportOrder',
    description: 'INVOICED → PAID when the money has arrived (admins; audited). Queues the report if it is not built.',
    authScopes: { admin: true },
    args: { orderId: t.arg.id(uuid()) },
    resolve: async (query, _root, args, ctx) => {
      const order = await markOrderPaid(ctx, String(args.orderId));
      return ctx.db.reportOrder.findUniqueOrThrow({ ...query, where: { id: order.id } });
    },
  }),
);

builder.queryField('report', (t) =>
  t.field({
    type: ReportRef,
    nullable: true,
    description: 'Admins always; the owning client once an order is PAID (FORBIDDEN before). Null for an unknown survey, another organisation’s, or one not closed.',
    authScopes: { client: true, admin: true },
    args: { surveyId: t.arg.id(uuid()) },
    resolve: async (_root, args, ctx) => {
      const surveyId = String(args.surveyId);
      const access = await reportAccess(ctx.db, ctx.viewer!, surveyId);
      if (access === 'not_found') return null;
      if (access === 'forbidden') throw forbidden('The report can be read once its order is paid.');
      const row = await ctx.db.report.findUnique({ where: { surveyId }, include: { survey: { select: { title: true } } } });
      return row && { row, surveyTitle: row.survey.title, isAdmin: ctx.viewer!.role === 'ADMIN' };
    },
  }),
);

const jobInclude = { survey: { select: { title: true, organization: { select: { name: true } } } } } as const;

builder.queryField('reportJobs', (t) =>
  t.field({
    type: [ReportJobRef],
    description: 'Report builds, newest first (admins); FAILED ones carry their reason.',
    authScopes: { admin: true },
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
    authScopes: { admin: true },
    args: { surveyId: t.arg.id(uuid()) },
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

builder.queryField('transparency', (t) =>
  t.field({
    type: [TransparencyEntryRef],
    description: 'Every CLOSED survey, most recently closed first: who commissioned it (the kind of body), tokens, answers, receipts, k and epsilon (verified physicians).',
    authScopes: { verifiedPhysician: true },
    resolve: (_root, _args, ctx) =>
      ctx.db.survey.findMany({
        where: { status: 'CLOSED' },
        select: {
          id: true, title: true, closedAt: true, tokensIssued: true, responseCount: true, receiptsRedeemed: true,
          organization: { select: { type: true } }, report: { select: { k: true, epsilon: true, status: true } },
        },
        orderBy: [{ closedAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);
