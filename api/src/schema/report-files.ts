/**
 * The files the worker builds from a READY report (analytics/src/files/): the PDF in French or
 * English, and the respondent-level file of an order that includes it. Each is served behind its
 * own signed link, like the CSV and the workbook; the field is null until the file is built.
 */
import { z } from 'zod';
import { builder } from '../builder.ts';
import { signedCsvUrl, STORED_FILE, type ReportFormat } from '../domain/reports/access.ts';
import type { Context } from '../context.ts';
import { ReportRef, type ReportView } from './report.ts';

async function linkIfBuilt(r: ReportView, ctx: Context, format: keyof typeof STORED_FILE): Promise<string | null> {
  if (r.row.status !== 'READY') return null;
  const file = await ctx.db.reportFile.findUnique({ where: { surveyId_name: { surveyId: r.row.surveyId, name: STORED_FILE[format] } }, select: { builtAt: true } });
  // A file older than the report (a rebuilt report) is stale until the worker builds it again.
  if (!file || (r.row.generatedAt && file.builtAt < r.row.generatedAt)) return null;
  return signedCsvUrl(ctx.env.REPORT_LINK_SECRET, ctx.env.REPORT_LINK_TTL_MINUTES, r.row.surveyId, Date.now(), format satisfies ReportFormat);
}

builder.objectFields(ReportRef, (t) => ({
  pdfUrl: t.string({
    nullable: true,
    description: 'Relative signed link to the PDF report (cover, method statement, each question’s chart and table), valid REPORT_LINK_TTL_MINUTES; null until the worker has built it (a minute or so after READY).',
    args: { language: t.arg.string({ description: '"fr" or "en"; default: the caller’s language.', validate: z.enum(['fr', 'en']).nullish() }) },
    resolve: (r, args, ctx) => linkIfBuilt(r, ctx, `${(args.language as 'fr' | 'en' | null | undefined) ?? ctx.locale}.pdf`),
  }),
  respondentFileOrdered: t.boolean({
    description: 'Whether a PAID order of the survey includes the respondent-level file.',
    resolve: async (r, _args, ctx) => (await ctx.db.reportOrder.count({ where: { surveyId: r.row.surveyId, status: 'PAID', respondentFile: true } })) > 0,
  }),
  respondentFileUrl: t.string({
    nullable: true,
    description: 'Relative signed link to the respondent-level file (a zip: CSV with SPSS, Stata and R syntax; one row per response, no identity, segment generalised to k); null unless a PAID order includes it and the worker has built it.',
    resolve: async (r, _args, ctx) => {
      const ordered = await ctx.db.reportOrder.count({ where: { surveyId: r.row.surveyId, status: 'PAID', respondentFile: true } });
      return ordered > 0 ? linkIfBuilt(r, ctx, 'respondents.zip') : null;
    },
  }),
}));
