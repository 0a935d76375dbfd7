/** The figures of a built report, as stored by the worker (@consilium/jobs/report-result). */
import type { ChoiceResult, CrossTab, CrossTabCell, HistogramBin, QuestionResult, QuestionWeighting, ReportFrame, WeightedFigure } from '@consilium/jobs/report-result';
import { RAKE_MAX_ITERATIONS, RAKE_TOLERANCE, TRIM_FACTOR } from '@consilium/jobs/report-result';
import { builder } from '../builder.ts';
import { QuestionKindEnum } from './survey.ts';

export const WeightedFigureRef = builder.objectRef<WeightedFigure>('WeightedFigure');
WeightedFigureRef.implement({
  description: 'A weighted estimate (calibrated to the population frame) with its linearisation standard error, as R survey’s svymean gives it.',
  fields: (t) => ({
    estimate: t.exposeFloat('estimate'),
    se: t.exposeFloat('se', { description: 'Standard error (linearisation, with the calibration’s projections).' }),
    ciLow: t.exposeFloat('ciLow', { description: '95% interval, estimate ± 1.96 SE (a share’s clamped to [0, 1]).' }),
    ciHigh: t.exposeFloat('ciHigh'),
    deff: t.exposeFloat('deff', { nullable: true, description: 'Design effect; null when the frame is smaller than the sample.' }),
  }),
});
export const WeightingMethodEnum = builder.enumType('WeightingMethod', { values: ['POST_STRATIFICATION', 'RAKING'] as const });
export const WeightingWithheldEnum = builder.enumType('WeightingWithheld', {
  description: 'Why a question has no weighted figures (docs/reports.md).',
  values: ['NO_FRAME', 'DIFFERENTIAL_PRIVACY', 'SUPPRESSED', 'SMALL_CELLS', 'NUMBER_CELLS', 'TEXT'] as const,
});
const QuestionWeightingRef = builder.objectRef<QuestionWeighting>('QuestionWeighting');
QuestionWeightingRef.implement({
  fields: (t) => ({
    dimensions: t.exposeStringList('dimensions', { description: 'The segment parts the weights are calibrated on: specialty and country, or specialty alone.' }),
    method: t.field({ type: WeightingMethodEnum, resolve: (w) => w.method }),
    iterations: t.exposeInt('iterations', { description: 'Raking passes; 0 for post-stratification.' }),
    converged: t.exposeBoolean('converged'),
    trimmed: t.exposeInt('trimmed', { description: 'Respondents whose weight was capped.' }),
    nEffective: t.exposeFloat('nEffective', { description: 'Kish’s effective sample size, (Σw)² / Σw².' }),
  }),
});
const FrameCellRef = builder.objectRef<ReportFrame['cells'][number]>('FrameCell');
FrameCellRef.implement({
  fields: (t) => ({ specialty: t.exposeString('specialty'), country: t.exposeString('country'), count: t.exposeInt('count') }),
});
export const FrameSourceEnum = builder.enumType('FrameSource', { values: ['REGISTRY', 'MEMBERS'] as const });
export const ReportFrameRef = builder.objectRef<ReportFrame>('ReportFrame');
ReportFrameRef.implement({
  description: 'The physician population the weighted figures are calibrated to, as counted when the report was built.',
  fields: (t) => ({
    source: t.field({ type: FrameSourceEnum, resolve: (f) => f.source }),
    registries: t.exposeStringList('registries', { description: 'RPPS, NPI; empty for verified members.' }),
    date: t.exposeString('date', { description: 'The registry extract’s date, or the day members were counted (YYYY-MM-DD).' }),
    total: t.int({ resolve: (f) => f.cells.reduce((s, c) => s + c.count, 0) }),
    cells: t.field({ type: [FrameCellRef], resolve: (f) => f.cells }),
    trimFactor: t.float({ description: 'Weights are capped at this many times the mean weight.', resolve: () => TRIM_FACTOR }),
    rakeTolerance: t.float({ description: 'Raking stops when no weighted cell count moves by more than this × n…', resolve: () => RAKE_TOLERANCE }),
    rakeMaxIterations: t.int({ description: '…or after this many passes.', resolve: () => RAKE_MAX_ITERATIONS }),
  }),
});

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
    weighted: t.field({ type: WeightedFigureRef, nullable: true, description: 'The weighted share (questions only, not cross-tab cells); null when withheld.', resolve: (c) => c.weighted ?? null }),
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
export const QuestionResultRef = builder.objectRef<QuestionResult>('QuestionResult');
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
    meanCiLow: t.float({ nullable: true, description: 'The lower end of the mean’s 95% interval (Student’s t, n − 1 degrees of freedom); null when the mean is withheld (and for reports built before intervals).', resolve: (q) => (q.mean === null ? null : (q.meanCiLow ?? null)) }),
    meanCiHigh: t.float({ nullable: true, description: 'The upper end of the mean’s 95% interval; null when the mean is withheld.', resolve: (q) => (q.mean === null ? null : (q.meanCiHigh ?? null)) }),
    crossTabs: t.field({ type: [CrossTabRef], resolve: (q) => q.crossTabs }),
    texts: t.exposeStringList('texts', { description: 'TEXT questions only, only when n >= k, shuffled; [] otherwise.' }),
    histogram: t.field({ type: [HistogramBinRef], resolve: (q) => q.histogram }),
    weightedMean: t.field({ type: WeightedFigureRef, nullable: true, description: 'LIKERT: the weighted mean; null when withheld.', resolve: (q) => q.weightedMean ?? null }),
    weighting: t.field({ type: QuestionWeightingRef, nullable: true, description: 'How the weighted figures were computed; null when withheld.', resolve: (q) => q.weighting ?? null }),
    weightingWithheld: t.field({ type: WeightingWithheldEnum, nullable: true, description: 'Why there are no weighted figures; null when there are (or for reports built before weights).', resolve: (q) => q.weightingWithheld ?? null }),
  }),
});
