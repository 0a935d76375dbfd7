/**
 * Orders and invoices. A client orders the report of its CLOSED survey; the price is fixed then:
 *
 *   amount = REPORT_BASE_FEE_CENTS + REPORT_FEE_PER_RESPONDENT_CENTS × respondents
 *
 * (respondents = the survey's answers received). The invoice number comes from a counter row of
 * the year, taken with a row lock inside the order's transaction: a failed order gives its number
 * back (no gap), and concurrent orders get consecutive numbers. The invoice carries the buyer's billing
 * details, the VAT (domain/invoicing/vat.ts), its due date and the seller's details as they are when
 * it is made. Public agencies pay by transfer;
 * an admin marks the order PAID when the money arrives, which lets the client read the report and
 * puts a failed (or missing) report back to PENDING.
 */
import { reopenFailedReport } from '@consilium/jobs/report-state';
import type { Prisma } from '@consilium/db';
import type { ReportResult } from '@consilium/jobs/report-result';
import { surveyTextsIn, type SurveyLanguage, type SurveyTexts } from '@consilium/db/survey-text';
import type { Context } from '../../context.ts';
import type { Env } from '../../env.ts';
import { badInput, forbidden } from '../../errors.ts';
import { BILLING_SELECT, buyerAddressOf, sellerOf, type BillingDetails } from '../invoicing/parties.ts';
import { vatBreakdown, type VatRegime } from '../invoicing/vat.ts';
import { reportPreview, type ReportPreviewResult } from './preview.ts';

type Tx = Prisma.TransactionClient;

export interface Quote {
  surveyId: string;
  respondents: number;
  baseFeeCents: number;
  perRespondentCents: number;
  amountCents: number;
  vatRegime: VatRegime;
  vatRateBasisPoints: number;
  vatCents: number;
  totalCents: number;
}

export function priceOf(env: Pick<Env, 'REPORT_BASE_FEE_CENTS' | 'REPORT_FEE_PER_RESPONDENT_CENTS'>, respondents: number) {
  const baseFeeCents = env.REPORT_BASE_FEE_CENTS;
  const perRespondentCents = env.REPORT_FEE_PER_RESPONDENT_CENTS;
  return { respondents, baseFeeCents, perRespondentCents, amountCents: baseFeeCents + perRespondentCents * respondents };
}

/** "CONS-2026-000042". */
export function formatInvoiceNumber(year: number, n: number): string {
  return `CONS-${year}-${String(n).padStart(6, '0')}`;
}

/** The next number of the year; the counter row stays locked until the transaction ends. */
export async function nextInvoiceNumber(tx: Tx, year: number): Promise<string> {
  const [{ last }] = await tx.$queryRaw<[{ last: number }]>`
    INSERT INTO invoice_counter (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = invoice_counter.last + 1
    RETURNING last`;
  return formatInvoiceNumber(year, last);
}

/** The CLOSED survey a caller may order or price: a client's own, or any for an admin. */
async function orderableSurvey(ctx: Context, db: Tx | Context['db'], surveyId: string, lock = false) {
  if (lock) await db.$queryRaw`SELECT 1 FROM survey WHERE id = ${surveyId}::uuid FOR UPDATE`;
  const survey = await db.survey.findUnique({
    where: { id: surveyId },
    select: {
      id: true, status: true, organizationId: true, responseCount: true, textsToClient: true, organization: { select: BILLING_SELECT },
      questions: { orderBy: { position: 'asc' }, select: { id: true, prompt: true, promptTranslation: true, kind: true, choices: { orderBy: { position: 'asc' }, select: { id: true, label: true, labelTranslation: true } } } },
      language: true, title: true, titleTranslation: true,
      report: { select: { status: true, dueAt: true, k: true, epsilon: true, result: true } },
    },
  });
  const viewer = ctx.viewer!;
  if (!survey || (viewer.role === 'CLIENT' && survey.organizationId !== viewer.organizationId)) {
    throw badInput('surveyId', 'not_found', 'No survey of yours has this id.');
  }
  if (survey.status !== 'CLOSED') {
    throw badInput('surveyId', 'wrong_state', `This survey is ${survey.status.toLowerCase()}: a report can be ordered once it is closed.`);
  }
  return survey;
}

type OrderableSurvey = Awaited<ReturnType<typeof orderableSurvey>>;

function previewOfSurvey(ctx: Context, survey: OrderableSurvey): ReportPreviewResult {
  const report = survey.report && { ...survey.report, result: survey.report.result as unknown as ReportResult | null };
  return reportPreview({ id: survey.id, respondents: survey.responseCount, questions: survey.questions }, report, ctx.env.REPORT_K, ctx.env.REPORT_EPSILON ?? null);
}

/** What the report of a CLOSED survey will publish, for free (see preview.ts). */
export async function previewReport(ctx: Context, surveyId: string): Promise<ReportPreviewResult> {
  const survey = await orderableSurvey(ctx, ctx.db, surveyId);
  return localisePreview(previewOfSurvey(ctx, survey), survey, ctx.locale);
}

/** The preview's prompts in the reader's language (docs/survey-languages.md). */
function localisePreview(preview: ReportPreviewResult, texts: SurveyTexts, language: SurveyLanguage): ReportPreviewResult {
  const text = surveyTextsIn(texts, language);
  return { ...preview, questions: preview.questions.map((q) => ({ ...q, prompt: text.prompt(q.questionId, q.prompt) })) };
}

export async function quote(ctx: Context, surveyId: string): Promise<Quote> {
  const survey = await orderableSurvey(ctx, ctx.db, surveyId);
  const price = priceOf(ctx.env, survey.responseCount);
  return { surveyId, ...price, ...vatBreakdown(survey.organization, price.amountCents, ctx.env.INVOICE_VAT_RATE_PERCENT) };
}

/** What an order made now writes besides its price: the buyer, the VAT, the due date, the seller. */
export function invoiceTerms(env: Env, buyer: BillingDetails, amountCents: number, now: Date) {
  const seller = sellerOf(env);
  return {
    buyerName: buyer.name,
    buyerAddress: buyerAddressOf(buyer),
    buyerCountry: buyer.country,
    buyerVatNumber: buyer.vatNumber,
    ...vatBreakdown(buyer, amountCents, env.INVOICE_VAT_RATE_PERCENT),
    dueAt: new Date(now.getTime() + seller.paymentDays * 24 * 3600 * 1000),
    seller: { ...seller },
  };
}

/** What an order includes besides the report: the respondent-level file, with or without free texts. */
export interface OrderProducts {
  respondentFile: boolean;
  respondentTexts: boolean;
}

function checkProducts(products: OrderProducts, textsToClient: boolean, epsilon: number | null | undefined): void {
  // Exact rows would escape the noise of a differentially private report.
  if (products.respondentFile && epsilon != null) throw badInput('respondentFile', 'wrong_state', 'Reports here are differentially private (REPORT_EPSILON): no respondent-level file is released.');
  if (products.respondentTexts && !products.respondentFile) throw badInput('respondentTexts', 'needs_respondent_file', 'Free texts come only within the respondent-level file: order it too (respondentFile).');
  if (products.respondentTexts && !textsToClient) {
    throw badInput('respondentTexts', 'not_announced', 'The physicians were not told that their free-text answers could reach you: they are not released.');
  }
}

/**
 * Orders the report (clients). Ordering twice is safe: an INVOICED or PAID order of the survey
 * is returned as it is, with no second invoice — with the respondent-level file (and its free
 * texts) added if asked for now; a product once ordered is never taken away. The file is in the
 * price (docs/reports.md).
 */
export async function orderReport(ctx: Context, surveyId: string, now = new Date(), products: OrderProducts = { respondentFile: false, respondentTexts: false }) {
  const order = await ctx.db.$transaction(async (tx) => {
    // The survey's row lock serialises two orders of the same survey.
    const survey = await orderableSurvey(ctx, tx, surveyId, true);
    checkProducts(products, survey.textsToClient, ctx.env.REPORT_EPSILON);
    const existing = await tx.reportOrder.findFirst({ where: { surveyId, status: { in: ['INVOICED', 'PAID'] } } });
    if (existing) {
      const adds = (products.respondentFile && !existing.respondentFile) || (products.respondentTexts && !existing.respondentTexts);
      if (!adds) return existing;
      // A file built without the texts now asked for is rebuilt by the worker's sweep.
      await tx.reportFile.deleteMany({ where: { surveyId, name: 'respondents.zip' } });
      return tx.reportOrder.update({
        where: { id: existing.id },
        data: { respondentFile: existing.respondentFile || products.respondentFile, respondentTexts: existing.respondentTexts || products.respondentTexts },
      });
    }
    if (previewOfSurvey(ctx, survey).outlook === 'NOTHING') {
      throw badInput('surveyId', 'nothing_publishable', 'Nothing in this report could be published: every figure would describe fewer than k respondents, or be withheld to protect one that does. It is not sold.');
    }
    const price = priceOf(ctx.env, survey.responseCount);
    return tx.reportOrder.create({
      data: {
        surveyId, organizationId: survey.organizationId, ...price,
        ...invoiceTerms(ctx.env, survey.organization, price.amountCents, now),
        invoiceNumber: await nextInvoiceNumber(tx, now.getUTCFullYear()),
        createdAt: now, ...products,
      },
    });
  });
  // Added to a PAID order of a READY report: built now rather than at the next sweep.
  if (order.status === 'PAID' && order.respondentFile) await ctx.reportBuilds.enqueueFiles(surveyId);
  return order;
}

/** An admin records the payment (audited); the report is (re)queued if it is not built, and its build queued if it is due. */
export async function markOrderPaid(ctx: Context, orderId: string) {
  const order = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.reportOrder.updateMany({
      where: { id: orderId, status: 'INVOICED' },
      data: { status: 'PAID', paidAt: new Date(), paidById: ctx.viewer!.accountId },
    });
    const order = await tx.reportOrder.findUnique({ where: { id: orderId } });
    if (!order) throw badInput('orderId', 'not_found', 'No order has this id.');
    if (count === 0) throw badInput('orderId', 'wrong_state', `This order is ${order.status.toLowerCase()}, not invoiced: it cannot be marked paid.`);
    await reopenFailedReport(tx, order.surveyId, ctx.env.SURVEY_GRACE_HOURS);
    await tx.auditEntry.create({ data: { actorId: ctx.viewer!.accountId, action: 'order.paid', targetType: 'order', targetId: order.id, reason: order.invoiceNumber } });
    return order;
  });
  // After the commit: the worker must find the report PENDING when it takes the job.
  await ctx.reportBuilds.enqueueIfDue(order.surveyId);
  // A report already READY gets the respondent-level file now rather than at the next sweep.
  if (order.respondentFile) await ctx.reportBuilds.enqueueFiles(order.surveyId);
  return order;
}

/** Orders a caller may see: a client's organisation's, or all for admins. */
export function visibleOrders(ctx: Context): Prisma.ReportOrderWhereInput {
  const viewer = ctx.viewer;
  if (viewer?.role === 'ADMIN') return {};
  if (viewer?.role === 'CLIENT' && viewer.organizationId) return { organizationId: viewer.organizationId };
  throw forbidden();
}
