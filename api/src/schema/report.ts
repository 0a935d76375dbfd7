/** A survey's report: the Report type and the `report` query (who may read it, and when). */
import { ReportStatus, type Report as ReportRow } from '@consilium/db';
import type { ReportResult } from '@consilium/jobs/report-result';
import { builder } from '../builder.ts';
import { requiredUuid } from '../validation.ts';
import { forbidden } from '../errors.ts';
import { reportAccess, signedCsvUrl } from '../domain/reports/access.ts';
import { QuestionResultRef, ReportFrameRef } from './report-figures.ts';
import { Targeting } from './survey.ts';
import { figuresOf } from '../domain/reports/preview.ts';
import { localisedSurveyText, SURVEY_TEXTS_SELECT, type SurveyTexts } from '@consilium/db/survey-text';
import { localiseReportQuestions } from '@consilium/jobs/report-language';


export const ReportStatusEnum = builder.enumType(ReportStatus, { name: 'ReportStatus' });

export interface ReportView {
  row: ReportRow;
  surveyTitle: string;
  /** The survey's texts in both languages: figures are labelled in the reader's (docs/survey-languages.md). */
  texts: SurveyTexts;
  survey: SurveyFacts;
  isAdmin: boolean;
}

/** What the report's method statement tells of its survey: when it was fielded, and for whom. */
const SURVEY_FACTS = { title: true, openedAt: true, closedAt: true, targetSpecialties: true, targetCountries: true, targetRegions: true, minYearsInPractice: true } as const;
interface SurveyFacts {
  openedAt: Date | null;
  closedAt: Date | null;
  targetSpecialties: string[];
  targetCountries: string[];
  targetRegions: string[];
  minYearsInPractice: number | null;
}
const ReportFiguresRef = builder.objectRef<ReturnType<typeof figuresOf>>('ReportFigures');
ReportFiguresRef.implement({
  fields: (t) => ({
    published: t.exposeInt('published'),
    withheld: t.exposeInt('withheld', { description: 'Fewer than k, or hidden by complementary suppression; with means withheld.' }),
    questionsWithout: t.exposeInt('questionsWithout', { description: 'Questions that publish no figure of their own.' }),
  }),
});

export const ReportRef = builder.objectRef<ReportView>('Report');
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
    figures: t.field({
      type: ReportFiguresRef,
      nullable: true,
      description: 'How many figures the report publishes and withholds (over its questions and cross-tabs); null until READY.',
      resolve: (r) => (r.row.status === 'READY' && r.row.result ? figuresOf(r.row.result as unknown as ReportResult) : null),
    }),
    frame: t.field({
      type: ReportFrameRef,
      nullable: true,
      description: 'The population frame of the weighted figures; null without one, under differential privacy, or until READY.',
      resolve: (r) => (r.row.status === 'READY' && r.row.result ? ((r.row.result as unknown as ReportResult).frame ?? null) : null),
    }),
    generatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.row.generatedAt }),
    surveyTitle: t.string({ description: 'In the reader’s language when the survey is written in it, else in the survey’s.', resolve: (r, _args, ctx) => localisedSurveyText(r.texts.title, r.texts.titleTranslation, r.texts.language, ctx.locale) }),
    fieldedFrom: t.field({ type: 'DateTime', nullable: true, description: 'When the survey opened to physicians.', resolve: (r) => r.survey.openedAt }),
    fieldedUntil: t.field({ type: 'DateTime', nullable: true, description: 'When the survey closed.', resolve: (r) => r.survey.closedAt }),
    targeting: t.field({ type: Targeting, description: 'Whom the survey was addressed to.', resolve: (r) => r.survey }),
    questions: t.field({
      type: [QuestionResultRef],
      description: 'Empty until the report is READY. Prompts and choice labels in the reader’s language when the survey is written in it, else in the survey’s: the same figures either way.',
      resolve: (r, _args, ctx) => (r.row.status === 'READY' && r.row.result ? localiseReportQuestions((r.row.result as unknown as ReportResult).questions, r.texts, ctx.locale) : []),
    }),
    csvUrl: t.string({
      nullable: true,
      description: 'Relative signed link to the CSV export, valid REPORT_LINK_TTL_MINUTES; null until READY.',
      resolve: (r, _args, ctx) =>
        r.row.status === 'READY' ? signedCsvUrl(ctx.env.REPORT_LINK_SECRET, ctx.env.REPORT_LINK_TTL_MINUTES, r.row.surveyId) : null,
    }),
    xlsxUrl: t.string({
      nullable: true,
      description: 'Relative signed link to the XLSX workbook (one sheet per question and per cross-tab, a method sheet), valid REPORT_LINK_TTL_MINUTES; null until READY.',
      resolve: (r, _args, ctx) =>
        r.row.status === 'READY' ? signedCsvUrl(ctx.env.REPORT_LINK_SECRET, ctx.env.REPORT_LINK_TTL_MINUTES, r.row.surveyId, Date.now(), 'xlsx') : null,
    }),
    failureReason: t.string({ nullable: true, description: 'Admins only; null for clients.', resolve: (r) => (r.isAdmin ? r.row.failureReason : null) }),
  }),
});

builder.queryField('report', (t) =>
  t.field({
    type: ReportRef,
    nullable: true,
    description: 'Admins always; the owning client once an order is PAID (FORBIDDEN before). Null for an unknown survey, another organisation’s, or one not closed.',
    authScopes: { client: true, reviewer: true },
    args: { surveyId: t.arg.id(requiredUuid()) },
    resolve: async (_root, args, ctx) => {
      const surveyId = String(args.surveyId);
      const access = await reportAccess(ctx.db, ctx.viewer!, surveyId);
      if (access === 'not_found') return null;
      if (access === 'forbidden') throw forbidden('The report can be read once its order is paid.');
      const found = await ctx.db.report.findUnique({ where: { surveyId }, include: { survey: { select: { ...SURVEY_FACTS, ...SURVEY_TEXTS_SELECT } } } });
      if (!found) return null;
      const { survey, ...row } = found;
      return { row, surveyTitle: survey.title, texts: survey, survey, isAdmin: ctx.viewer!.role === 'ADMIN' };
    },
  }),
);
