/** The free preview of a report before it is ordered: the ReportPreview type and its query. */
import { builder } from '../builder.ts';
import { requiredUuid } from '../validation.ts';
import { previewReport } from '../domain/reports/orders.ts';
import type { CountBand, CrossTabPreview, QuestionPreview, ReportPreviewResult } from '../domain/reports/preview.ts';
import { QuestionKindEnum } from './survey.ts';

const OutlookEnum = builder.enumType('ReportOutlook', {
  description: 'NOTHING: no figure would be published (ordering is refused); PARTIAL: some are withheld; FULL: none is; UNKNOWN: the report is not built yet.',
  values: ['NOTHING', 'PARTIAL', 'FULL', 'UNKNOWN'] as const,
});
const BandEnum = builder.enumType('CountBandKind', {
  description: 'FEWER_THAN_K; WITHHELD (suppressed, whatever its size); ABOUT (see `about`).',
  values: ['FEWER_THAN_K', 'WITHHELD', 'ABOUT'] as const,
});

const CountBandRef = builder.objectRef<CountBand>('CountBand');
CountBandRef.implement({
  description: 'A count as a preview tells it: never exact.',
  fields: (t) => ({
    band: t.field({ type: BandEnum, resolve: (b) => b.band }),
    about: t.int({ nullable: true, description: 'ABOUT: rounded to two significant figures (never finer than ten), never below k.', resolve: (b) => (b.band === 'ABOUT' ? b.about : null) }),
  }),
});

const CrossTabPreviewRef = builder.objectRef<CrossTabPreview>('CrossTabPreview');
CrossTabPreviewRef.implement({
  fields: (t) => ({
    dimension: t.exposeString('dimension'),
    segmentsPublished: t.exposeInt('segmentsPublished'),
    segmentsWithheld: t.exposeInt('segmentsWithheld'),
    figuresPublished: t.exposeInt('published', { description: 'Cells published.' }),
    figuresWithheld: t.exposeInt('withheld', { description: 'Cells withheld.' }),
  }),
});

const QuestionPreviewRef = builder.objectRef<QuestionPreview>('QuestionPreview');
QuestionPreviewRef.implement({
  fields: (t) => ({
    questionId: t.exposeID('questionId'),
    prompt: t.exposeString('prompt'),
    kind: t.field({ type: QuestionKindEnum, resolve: (q) => q.kind }),
    answers: t.field({ type: CountBandRef, resolve: (q) => q.answers }),
    publishes: t.exposeBoolean('publishes', { description: 'A figure of the question itself that tells something (a non-zero choice or bin, the mean, the texts) is published.' }),
    figuresPublished: t.exposeInt('published', { description: 'With its cross-tabs.' }),
    figuresWithheld: t.exposeInt('withheld', { description: 'With its cross-tabs.' }),
    crossTabs: t.field({ type: [CrossTabPreviewRef], resolve: (q) => q.crossTabs }),
  }),
});

const ReportPreviewRef = builder.objectRef<ReportPreviewResult>('ReportPreview');
ReportPreviewRef.implement({
  description: 'What a report will publish, told before it is ordered; a function of the built report and of the respondent count only (docs/reports.md).',
  fields: (t) => ({
    surveyId: t.exposeID('surveyId'),
    k: t.exposeInt('k'),
    epsilon: t.exposeFloat('epsilon', { nullable: true }),
    outlook: t.field({ type: OutlookEnum, resolve: (p) => p.outlook }),
    built: t.exposeBoolean('built', { description: 'Whether the figures come from the built report (else from the respondent count alone).' }),
    availableBy: t.expose('availableBy', { type: 'DateTime', nullable: true, description: 'UNKNOWN: when the report will be built, at the latest.' }),
    figuresPublished: t.exposeInt('figuresPublished'),
    figuresWithheld: t.exposeInt('figuresWithheld'),
    questions: t.field({ type: [QuestionPreviewRef], description: 'Empty while UNKNOWN.', resolve: (p) => p.questions }),
  }),
});

builder.queryField('reportPreview', (t) =>
  t.field({
    type: ReportPreviewRef,
    description: 'Free: what the report of a CLOSED survey will publish (the owning client, admins).',
    authScopes: { client: true, reviewer: true },
    args: { surveyId: t.arg.id(requiredUuid()) },
    resolve: (_root, args, ctx) => previewReport(ctx, String(args.surveyId)),
  }),
);
