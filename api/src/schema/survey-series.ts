/** Repeating surveys: a series of waves and its trend (docs/waves.md). */
import { SeriesStatus, WaveCadence } from '@consilium/db';
import type { TrendFigure, TrendPoint, TrendQuestion, TrendWave } from '@consilium/jobs/wave-trend';
import { waveTrendCsv } from '@consilium/jobs/wave-trend';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { requiredUuid } from '../validation.ts';
import { prepareWaveKeys } from '@consilium/jobs/survey-keys';
import { MAX_WAVES, MIN_WAVES, readableSeries, seriesTrend, setSurveyRepeat, stopSeries } from '../domain/surveys/waves.ts';
import { QuestionKindEnum } from './survey.ts';

export const WaveCadenceEnum = builder.enumType(WaveCadence, { name: 'WaveCadence' });
export const SeriesStatusEnum = builder.enumType(SeriesStatus, { name: 'SeriesStatus' });
const TrendFigureKindEnum = builder.enumType('TrendFigureKind', { values: ['SHARE', 'MEAN'] as const, description: 'A choice’s share, or a question’s mean (NUMBER, LIKERT).' });

const TrendPointRef = builder.objectRef<TrendPoint>('TrendPoint');
TrendPointRef.implement({
  description: 'One wave’s value of a figure with its 95% interval (Wilson for a share, t for a mean), as that wave’s report publishes it.',
  fields: (t) => ({
    waveNumber: t.exposeInt('waveNumber'),
    value: t.exposeFloat('value', { nullable: true, description: 'Null when the wave has no report to read, or withholds the figure.' }),
    ciLow: t.exposeFloat('ciLow', { nullable: true }),
    ciHigh: t.exposeFloat('ciHigh', { nullable: true }),
    n: t.exposeInt('n', { description: 'The question’s published n in that wave (0 when unknown).' }),
    suppressed: t.exposeBoolean('suppressed', { description: 'The wave’s report withholds this figure (fewer than k, complementary suppression, a withheld mean).' }),
  }),
});

const TrendFigureRef = builder.objectRef<TrendFigure>('TrendFigure');
TrendFigureRef.implement({
  fields: (t) => ({
    kind: t.field({ type: TrendFigureKindEnum, resolve: (f) => f.kind }),
    label: t.exposeString('label', { description: 'The choice’s label for a share; empty for a mean.' }),
    choice: t.exposeInt('choice', { nullable: true, description: 'The choice’s position (0-based) for a share.' }),
    points: t.field({ type: [TrendPointRef], resolve: (f) => f.points }),
  }),
});

const TrendQuestionRef = builder.objectRef<TrendQuestion>('TrendQuestion');
TrendQuestionRef.implement({
  fields: (t) => ({
    position: t.exposeInt('position'),
    prompt: t.exposeString('prompt'),
    kind: t.field({ type: QuestionKindEnum, resolve: (q) => q.kind }),
    figures: t.field({ type: [TrendFigureRef], resolve: (q) => q.figures }),
  }),
});

const TrendWaveRef = builder.objectRef<TrendWave>('TrendWave');
TrendWaveRef.implement({
  fields: (t) => ({
    waveNumber: t.exposeInt('waveNumber'),
    opensAt: t.field({ type: 'DateTime', nullable: true, resolve: (w) => w.opensAt }),
    closesAt: t.field({ type: 'DateTime', nullable: true, resolve: (w) => w.closesAt }),
    reported: t.exposeBoolean('reported', { description: 'Whether the wave’s report is built and readable by the viewer (a client: once its order is paid).' }),
    respondents: t.exposeInt('respondents'),
  }),
});

const WaveTrendRef = builder.objectRef<Awaited<ReturnType<typeof seriesTrend>>>('WaveTrend');
WaveTrendRef.implement({
  description: 'Each question’s figures wave by wave, from the waves’ built reports: nothing pooled across waves, a withheld figure stays withheld.',
  fields: (t) => ({
    waves: t.field({ type: [TrendWaveRef], resolve: (tr) => tr.waves }),
    questions: t.field({ type: [TrendQuestionRef], resolve: (tr) => tr.questions }),
    csv: t.string({ description: 'The trend as CSV (one row per question, figure and wave).', resolve: (tr) => waveTrendCsv(tr) }),
  }),
});

const SurveySeriesRef = builder.prismaObject('SurveySeries', {
  description: 'A repeating survey: its waves are surveys of their own, opened one after the other.',
  fields: (t) => ({
    id: t.exposeID('id'),
    cadence: t.expose('cadence', { type: WaveCadenceEnum }),
    waveLimit: t.exposeInt('waveLimit', { description: 'How many waves the series runs in all.' }),
    waveCount: t.exposeInt('waveCount', { description: 'How many waves have opened (or wait for approval).' }),
    status: t.expose('status', { type: SeriesStatusEnum }),
    startsAt: t.expose('startsAt', { type: 'DateTime', nullable: true }),
    nextWaveAt: t.expose('nextWaveAt', { type: 'DateTime', nullable: true }),
    waves: t.relation('waves', { query: { orderBy: { waveNumber: 'asc' } } }),
    trend: t.field({ type: WaveTrendRef, resolve: (s, _args, ctx) => seriesTrend(ctx, s.id) }),
  }),
});

builder.prismaObjectFields('Survey', (t) => ({
  waveNumber: t.exposeInt('waveNumber', { nullable: true, description: 'The wave of a repeating survey (1, 2 …); null for a one-off.' }),
  series: t.field({
    type: SurveySeriesRef,
    nullable: true,
    description: 'The series of a wave, for the owning client and admins; null for anyone else (a physician reads no trend).',
    select: { seriesId: true },
    resolve: (survey, _args, ctx) => {
      const where = readableSeries(ctx);
      return where && survey.seriesId ? ctx.db.surveySeries.findFirst({ where: { AND: [{ id: survey.seriesId }, where] } }) : null;
    },
  }),
}));

builder.queryField('surveySeries', (t) =>
  t.prismaField({
    type: 'SurveySeries',
    nullable: true,
    description: 'A series of the client’s organisation (any for admins); null for anyone else.',
    authScopes: { client: true, reviewer: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid() }) },
    resolve: (query, _root, args, ctx) => {
      const where = readableSeries(ctx);
      return where && ctx.db.surveySeries.findFirst({ ...query, where: { AND: [{ id: String(args.id) }, where] } });
    },
  }),
);

builder.mutationField('setSurveyRepeat', (t) =>
  t.prismaField({
    type: 'Survey',
    description: `Makes the client’s DRAFT survey wave 1 of a series repeating at cadence, ${MIN_WAVES}–${MAX_WAVES} waves in all; cadence null makes it a one-off again.`,
    authScopes: { client: true },
    args: {
      surveyId: t.arg.id(requiredUuid()),
      cadence: t.arg({ type: WaveCadenceEnum }),
      waves: t.arg.int({ validate: z.number().int().min(MIN_WAVES).max(MAX_WAVES).optional().nullable() }),
    },
    resolve: async (query, _root, args, ctx) => {
      await setSurveyRepeat(ctx, String(args.surveyId), args.cadence ?? null, args.waves ?? null);
      return ctx.db.survey.findUniqueOrThrow({ ...query, where: { id: String(args.surveyId) } });
    },
  }),
);

builder.mutationField('stopSurveySeries', (t) =>
  t.prismaField({
    type: 'SurveySeries',
    description: 'ACTIVE → ENDED: the open wave runs to its end, no other opens (the owning client or an admin).',
    authScopes: { client: true, reviewer: true },
    args: { id: t.arg.id(requiredUuid()) },
    resolve: async (query, _root, args, ctx) => {
      await stopSeries(ctx, String(args.id));
      return ctx.db.surveySeries.findUniqueOrThrow({ ...query, where: { id: String(args.id) } });
    },
  }),
);

builder.mutationField('prepareSurveyKeys', (t) =>
  t.boolean({
    description: 'Makes the keys of an open wave if the worker’s opening sweep has not (it does only when it holds the key secret), as an opening does; idempotent. A physician’s page calls it before reading tokenKeys.',
    authScopes: { verifiedPhysician: true },
    args: { surveyId: t.arg.id(requiredUuid()) },
    resolve: async (_root, args, ctx) => {
      await prepareWaveKeys(ctx.db, ctx.env.SURVEY_KEY_SECRET, String(args.surveyId), ctx.env.REPORT_K);
      return true;
    },
  }),
);
