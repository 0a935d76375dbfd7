/**
 * Document routes of reports and orders, beside /graphql:
 *   GET /invoices/<orderId>.pdf | .html — Authorization: Bearer <session>; the owning client or a FINANCE staff member
 *     (401 without a valid session, 403 for other roles, 404 for an unknown order or another organisation's);
 *     in French or English after Accept-Language (see language.ts);
 *   GET /reports/<surveyId>.csv|.xlsx?expires=&sig= — no session: the signed link is the credential, one
 *     per format (403 when expired, tampered or signed for the other format, 404 when the report is not READY);
 *     questions and choices labelled in the language of Accept-Language, else of the survey's author
 *     (docs/survey-languages.md).
 */
import type Router from '@koa/router';
import type { Context as KoaContext } from 'koa';
import type { ReportResult } from '@consilium/jobs/report-result';
import type { Db } from '@consilium/db';
import type { Env } from '../env.ts';
import { emailNotConfirmed } from '../domain/email-confirmation.ts';
import { viewerOfAuthorization } from '../domain/sessions.ts';
import { staffHas } from '../domain/staff.ts';
import { verifyCsvLink } from '../domain/reports/access.ts';
import { reportCsv } from '../domain/reports/documents.ts';
import { reportWorkbook } from '../domain/reports/workbook.ts';
import { invoiceHtml, invoicePdf } from '../domain/invoicing/invoice-document.ts';
import { sellerOf, type SellerSnapshot } from '../domain/invoicing/parties.ts';
import { negotiateLanguage } from '../language.ts';
import { SURVEY_TEXTS_SELECT } from '@consilium/db/survey-text';
import { localiseReport } from '@consilium/jobs/report-language';

/** An Accept-Language naming French or English (not merely "*", which fetch clients send by default). */
const NAMES_OUR_LANGUAGE = /(^|,)\s*(fr|en)\b/i;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function fail(ctx: KoaContext, status: number, code: string, message: string) {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}

export function reportRoutes(router: Router, { db, env }: { db: Db; env: Env }) {
  router.get('/invoices/:file', async (ctx) => {
    const match = new RegExp(`^(${UUID})\\.(pdf|html)$`).exec(ctx.params.file ?? '');
    if (!match) return fail(ctx, 404, 'NOT_FOUND', 'No such invoice.');
    const viewer = await viewerOfAuthorization(db, ctx.get('authorization'));
    if (!viewer) return fail(ctx, 401, 'UNAUTHENTICATED', 'You must be logged in.');
    if (viewer.role !== 'CLIENT' && !staffHas(viewer, 'FINANCE')) return fail(ctx, 403, 'FORBIDDEN', 'You are not allowed to do this.');
    if (!viewer.emailConfirmed) return fail(ctx, 403, 'EMAIL_NOT_CONFIRMED', emailNotConfirmed().message);
    const order = await db.reportOrder.findUnique({
      where: { id: match[1]! },
      include: { survey: { select: { title: true } } },
    });
    if (!order || (viewer.role === 'CLIENT' && order.organizationId !== viewer.organizationId)) return fail(ctx, 404, 'NOT_FOUND', 'No such invoice.');
    // Orders made before the seller was kept on them print today's configuration.
    const seller = (order.seller as SellerSnapshot | null) ?? sellerOf(env);
    const data = { ...order, seller, surveyTitle: order.survey.title };
    const lang = negotiateLanguage(ctx.get('accept-language'));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Language', lang);
    ctx.vary('Accept-Language');
    if (match[2] === 'pdf') {
      ctx.type = 'application/pdf';
      ctx.set('Content-Disposition', `inline; filename="${order.invoiceNumber}.pdf"`);
      ctx.body = await invoicePdf(data, lang);
    } else {
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      ctx.body = invoiceHtml(data, lang);
    }
  });

  router.get('/reports/:file', async (ctx) => {
    const match = new RegExp(`^(${UUID})\\.(csv|xlsx)$`).exec(ctx.params.file ?? '');
    if (!match) return fail(ctx, 404, 'NOT_FOUND', 'No such report.');
    const surveyId = match[1]!;
    const format = match[2] as 'csv' | 'xlsx';
    const { expires, sig } = ctx.query;
    if (!verifyCsvLink([env.REPORT_LINK_SECRET, env.REPORT_LINK_SECRET_PREVIOUS], surveyId, typeof expires === 'string' ? expires : undefined, typeof sig === 'string' ? sig : undefined, Date.now(), format)) {
      return fail(ctx, 403, 'FORBIDDEN', 'This link is not valid, or has expired.');
    }
    const report = await db.report.findUnique({ where: { surveyId }, include: { survey: { select: { ...SURVEY_TEXTS_SELECT, createdBy: { select: { language: true } } } } } });
    if (!report || report.status !== 'READY' || !report.result) return fail(ctx, 404, 'NOT_FOUND', 'The report is not ready.');
    // In the client's language: the one it reads in (Accept-Language, which the web app sends), else its author's account language.
    const asked = ctx.get('accept-language');
    const lang = NAMES_OUR_LANGUAGE.test(asked) ? negotiateLanguage(asked) : report.survey.createdBy.language;
    const { title, result } = localiseReport(report.result as unknown as ReportResult, report.survey, lang);
    ctx.set('Content-Language', lang);
    ctx.vary('Accept-Language');
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Disposition', `attachment; filename="report-${surveyId}.${format}"`);
    if (format === 'xlsx') {
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.body = await reportWorkbook(title, result);
      return;
    }
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = reportCsv(title, result);
  });
}
