/** The figures of a built report, as stored by the worker (@consilium/jobs/report-result). */
import type { ChoiceResult, CrossTab, CrossTabCell, HistogramBin, QuestionResult } from '@consilium/jobs/report-result';
import { builder } from '../builder.ts';
import { QuestionKindEnum } from './survey.ts';

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
    crossTabs: t.field({ type: [CrossTabRef], resolve: (q) => q.crossTabs }),
    texts: t.exposeStringList('texts', { description: 'TEXT questions only, only when n >= k, shuffled; [] otherwise.' }),
    histogram: t.field({ type: [HistogramBinRef], resolve: (q) => q.histogram }),
  }),
});
