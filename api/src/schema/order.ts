/** Report orders: the Order and OrderQuote types, and ordering, quoting and marking paid. */
import { OrderStatus } from '@consilium/db';
import { queryFromInfo } from '@pothos/plugin-prisma';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { defineConnection, keysetPage, LIST_BOUND } from './connection.ts';
import { requiredUuid } from '../validation.ts';
import { markOrderPaid, orderReport, priceOf, quote, visibleOrders, type Quote } from '../domain/reports/orders.ts';
import { ReportStatusEnum } from './report.ts';
import { localisedSurveyTitle, SURVEY_TITLE_SELECT } from '@consilium/db/survey-text';

export const OrderStatusEnum = builder.enumType(OrderStatus, { name: 'OrderStatus' });

const VatRegimeEnum = builder.enumType('VatRegime', {
  description: 'STANDARD: French VAT; REVERSE_CHARGE: an EU buyer outside France with a VAT number self-assesses it (article 196 of Directive 2006/112/EC); OUTSIDE_EU: outside the scope of French VAT; NOT_APPLICABLE: an order made before invoices carried VAT.',
  values: ['STANDARD', 'REVERSE_CHARGE', 'OUTSIDE_EU', 'NOT_APPLICABLE'] as const,
});

const OrderRef = builder.prismaObject('ReportOrder', {
  name: 'Order',
  description: 'An order of a closed survey’s report: invoiced at once, PAID when an admin records the payment.',
  fields: (t) => ({
    id: t.exposeID('id'),
    surveyId: t.exposeID('surveyId'),
    status: t.expose('status', { type: OrderStatusEnum }),
    amountCents: t.exposeInt('amountCents', { description: 'baseFeeCents + perRespondentCents × respondents, fixed when ordered, excluding VAT.' }),
    vatRegime: t.expose('vatRegime', { type: VatRegimeEnum }),
    vatRateBasisPoints: t.exposeInt('vatRateBasisPoints', { description: '2000 = 20 %; 0 unless vatRegime is STANDARD.' }),
    vatCents: t.exposeInt('vatCents'),
    totalCents: t.exposeInt('totalCents', { description: 'amountCents + vatCents: what the buyer pays.' }),
    dueAt: t.expose('dueAt', { type: 'DateTime', description: 'The payment’s due date (INVOICE_PAYMENT_DAYS after the invoice).' }),
    buyerName: t.exposeString('buyerName', { description: 'The organisation as invoiced (its name when ordered).' }),
    baseFeeCents: t.exposeInt('baseFeeCents'),
    perRespondentCents: t.exposeInt('perRespondentCents'),
    respondents: t.exposeInt('respondents'),
    invoiceNumber: t.exposeString('invoiceNumber'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    surveyTitle: t.string({ select: { survey: { select: SURVEY_TITLE_SELECT } }, resolve: (o, _args, ctx) => localisedSurveyTitle(o.survey, ctx.locale) }),
    organizationName: t.string({ select: { organization: { select: { name: true } } }, resolve: (o) => o.organization.name }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
    respondentFile: t.exposeBoolean('respondentFile', { description: 'The order includes the respondent-level file (answers without identity, segment generalised to k).' }),
    respondentTexts: t.exposeBoolean('respondentTexts', { description: 'With free-text answers (only for a survey whose physicians were told: Survey.textsToClient).' }),
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

const OrderQuoteRef = builder.objectRef<Quote>('OrderQuote');
OrderQuoteRef.implement({
  description: 'The price a report would be ordered at now: baseFeeCents + perRespondentCents × respondents, excluding VAT; the VAT the organisation’s billing details call for, and the total.',
  fields: (t) => ({
    surveyId: t.exposeID('surveyId'),
    respondents: t.exposeInt('respondents'),
    amountCents: t.exposeInt('amountCents'),
    baseFeeCents: t.exposeInt('baseFeeCents'),
    perRespondentCents: t.exposeInt('perRespondentCents'),
    vatRegime: t.expose('vatRegime', { type: VatRegimeEnum }),
    vatRateBasisPoints: t.exposeInt('vatRateBasisPoints'),
    vatCents: t.exposeInt('vatCents'),
    totalCents: t.exposeInt('totalCents'),
  }),
});

const ReportPriceRef = builder.objectRef<{ baseFeeCents: number; perRespondentCents: number; vatRateBasisPoints: number }>('ReportPrice');
ReportPriceRef.implement({
  description: 'How a report is priced when it is ordered: baseFeeCents + perRespondentCents × respondents, excluding VAT (French VAT at vatRateBasisPoints for buyers it applies to).',
  fields: (t) => ({
    baseFeeCents: t.exposeInt('baseFeeCents'),
    perRespondentCents: t.exposeInt('perRespondentCents'),
    vatRateBasisPoints: t.exposeInt('vatRateBasisPoints'),
  }),
});

builder.queryField('reportPrice', (t) =>
  t.field({
    type: ReportPriceRef,
    description: 'The price rules of reports, for a survey’s cost estimate (clients, admins).',
    authScopes: { client: true, finance: true },
    resolve: (_root, _args, ctx) => ({
      ...priceOf(ctx.env, 0),
      vatRateBasisPoints: Math.round(ctx.env.INVOICE_VAT_RATE_PERCENT * 100),
    }),
  }),
);

const OrderConnection = defineConnection('Order', OrderRef);
const NEWEST_FIRST = [{ createdAt: 'desc' }, { id: 'desc' }] as const;

builder.queryField('orders', (t) =>
  t.prismaField({
    type: ['ReportOrder'],
    description: `The first ${LIST_BOUND} orders in the order of ordersPage.`,
    deprecationReason: `Returns at most ${LIST_BOUND} orders: use ordersPage.`,
    authScopes: { client: true, finance: true },
    resolve: (query, _root, _args, ctx) => ctx.db.reportOrder.findMany({ ...query, where: visibleOrders(ctx), orderBy: [...NEWEST_FIRST], take: LIST_BOUND }),
  }),
);

builder.queryField('ordersPage', (t) =>
  t.field({
    type: OrderConnection,
    description: 'Client: their organisation’s orders; admin: all. Newest first, a page at a time; `surveyId` keeps those of one survey.',
    authScopes: { client: true, finance: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string(), surveyId: t.arg.id({ validate: z.uuid().nullish() }) },
    resolve: (_root, args, ctx, info) =>
      keysetPage(
        args,
        { field: 'createdAt', direction: 'desc' },
        (after, take) =>
          ctx.db.reportOrder.findMany({
            ...queryFromInfo({ context: ctx, info, typeName: 'Order', path: ['edges', 'node'] }),
            where: { ...visibleOrders(ctx), ...(args.surveyId && { surveyId: String(args.surveyId) }), ...after },
            orderBy: [...NEWEST_FIRST],
            take,
          }),
        (o) => o.createdAt,
      ),
  }),
);

builder.queryField('orderQuote', (t) =>
  t.field({
    type: OrderQuoteRef,
    description: 'The price of a CLOSED survey’s report (the owning client, admins).',
    authScopes: { client: true, finance: true },
    args: { surveyId: t.arg.id(requiredUuid()) },
    resolve: (_root, args, ctx) => quote(ctx, String(args.surveyId)),
  }),
);

builder.mutationField('orderReport', (t) =>
  t.prismaField({
    type: 'ReportOrder',
    description: 'Orders the report of the client’s CLOSED survey: INVOICED, with an invoice number. An existing INVOICED or PAID order is returned as it is, with the respondent-level file added when asked for now.',
    authScopes: { client: true },
    args: {
      surveyId: t.arg.id(requiredUuid()),
      respondentFile: t.arg.boolean({ description: 'Include the respondent-level file (CSV with SPSS, Stata and R syntax). Default false.' }),
      respondentTexts: t.arg.boolean({ description: 'With free-text answers: needs respondentFile, and a survey whose physicians were told (textsToClient). Default false.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const order = await orderReport(ctx, String(args.surveyId), new Date(), { respondentFile: args.respondentFile ?? false, respondentTexts: args.respondentTexts ?? false });
      return ctx.db.reportOrder.findUniqueOrThrow({ ...query, where: { id: order.id } });
    },
  }),
);

builder.mutationField('markOrderPaid', (t) =>
  t.prismaField({
    type: 'ReportOrder',
    description: 'INVOICED → PAID when the money has arrived (admins; audited). Queues the report if it is not built.',
    authScopes: { $all: { finance: true, adminStepUp: true } },
    args: { orderId: t.arg.id(requiredUuid()) },
    resolve: async (query, _root, args, ctx) => {
      const order = await markOrderPaid(ctx, String(args.orderId));
      return ctx.db.reportOrder.findUniqueOrThrow({ ...query, where: { id: order.id } });
    },
  }),
);
