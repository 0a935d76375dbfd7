/**
 * Document routes of reports and orders, beside /graphql:
 *   GET /invoices/<orderId>.pdf | .html — Authorization: Bearer <session>; the owning client or a FINANCE staff member
 *     (401 without a valid session, 403 for other roles, 404 for an unknown order or another organisation's);
 *     in French or English after Accept-Language (see language.ts);
 *   GET /reports/<surveyId>.<format> — Authorization: Bearer <personal access token> with READ_REPORTS
 *     (docs/access-tokens.md): 401 for a token unknown, revoked or expired, 403 without the scope or
 *     before the order is paid, 404 for another organisation's survey or a report not READY, 429 past
 *     the token's rate limit. A session's bearer opens no file here: the web hands out signed links.
 *   GET /reports/<surveyId>.csv|.xlsx|.fr.pdf|.en.pdf|.respondents.zip?expires=&sig= — no session: the signed
 *     link is the credential, one per format (403 when expired, tampered or signed for another format, 404 when
 *     the report is not READY, or the worker has not built that file yet; the respondent-level file also
 *     404 unless a PAID order of the survey includes it).
 *     CSV and XLSX label questions and choices in the language of Accept-Language, else of the survey's
 *     author (docs/survey-languages.md).
 */
import type Router from '@koa/router';
import type { Context as KoaContext } from 'koa';
import type { ReportResult } from '@consilium/jobs/report-result';
import type { Db } from '@consilium/db';
import type { Services } from '../context.ts';
import { emailNotConfirmed } from '../domain/email-confirmation.ts';
import { viewerOfAuthorization } from '../domain/sessions.ts';
import { staffHas } from '../domain/staff.ts';
import { bearerOf, isAccessToken, resolveAccessToken } from '../domain/access-tokens.ts';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { reportAccess, STORED_FILE, verifyCsvLink, type ReportFormat } from '../domain/reports/access.ts';
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

/**
 * A report file asked for with a personal access token: whether it may be served. When not, the
 * answer (401, 403, 404 or 429) is already set. Every report file route takes tokens through this.
 */
export async function reportFileByToken(ctx: KoaContext, { db, rateLimits }: Pick<Services, 'db' | 'rateLimits'>, token: string, surveyId: string): Promise<boolean> {
  const viewer = await resolveAccessToken(db, token);
  if (!viewer) return (fail(ctx, 401, 'UNAUTHENTICATED', 'This access token is unknown, revoked or expired.'), false);
  if (!viewer.accessToken!.scopes.includes('READ_REPORTS')) {
    return (fail(ctx, 403, 'FORBIDDEN', 'This access token\'s scopes do not allow reading reports (it needs READ_REPORTS).'), false);
  }
  try {
    await rateLimits.accessTokenRequests.consume(viewer.accessToken!.id);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    ctx.set('Retry-After', String(seconds));
    return (fail(ctx, 429, 'RATE_LIMITED', `Too many requests with this access token. Try again in ${seconds} seconds.`), false);
  }
  const access = await reportAccess(db, viewer, surveyId);
  if (access === 'not_found') return (fail(ctx, 404, 'NOT_FOUND', 'No such report.'), false);
  if (access === 'forbidden') return (fail(ctx, 403, 'FORBIDDEN', 'The report can be read once its order is paid.'), false);
  return true;
}

/** A file the worker built (reports:files), served as stored. */
async function storedFile(ctx: KoaContext, db: Db, surveyId: string, format: keyof typeof STORED_FILE) {
  if (format === 'respondents.zip') {
    const ordered = await db.reportOrder.count({ where: { surveyId, status: 'PAID', respondentFile: true } });
    if (ordered === 0) return fail(ctx, 404, 'NOT_FOUND', 'No paid order of this survey includes the respondent-level file.');
  }
  const file = await db.reportFile.findUnique({ where: { surveyId_name: { surveyId, name: STORED_FILE[format] } }, select: { content: true } });
  if (!file) return fail(ctx, 404, 'NOT_FOUND', 'This file is being prepared: try again in a minute.');
  ctx.type = format === 'respondents.zip' ? 'application/zip' : 'application/pdf';
  ctx.set('Content-Disposition', `attachment; filename="${format === 'respondents.zip' ? `respondents-${surveyId}.zip` : `report-${surveyId}-${format}`}"`);
  ctx.body = Buffer.from(file.content);
}

export function reportRoutes(router: Router, { db, env, rateLimits }: Pick<Services, 'db' | 'env' | 'rateLimits'>) {
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
    const match = new RegExp(`^(${UUID})\\.(csv|xlsx|fr\\.pdf|en\\.pdf|respondents\\.zip)$`).exec(ctx.params.file ?? '');
    if (!match) return fail(ctx, 404, 'NOT_FOUND', 'No such report.');
    const surveyId = match[1]!;
    const format = match[2] as ReportFormat;
    const { expires, sig } = ctx.query;
    const bearer = bearerOf(ctx.get('authorization'));
    if (expires === undefined && sig === undefined && isAccessToken(bearer)) {
      if (!(await reportFileByToken(ctx, { db, rateLimits }, bearer!, surveyId))) return;
    } else if (!verifyCsvLink([env.REPORT_LINK_SECRET, env.REPORT_LINK_SECRET_PREVIOUS], surveyId, typeof expires === 'string' ? expires : undefined, typeof sig === 'string' ? sig : undefined, Date.now(), format)) {
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
    if (format === 'fr.pdf' || format === 'en.pdf' || format === 'respondents.zip') return storedFile(ctx, db, surveyId, format);
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
