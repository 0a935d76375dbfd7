/** The report figures of MATRIX and RANKING questions (docs/reports.md, "Matrix, ranking and other (specify)"). */
import type { MatrixItemOf, RankResult } from '@consilium/jobs/report-result';
import { builder } from '../builder.ts';
import { QuestionResultRef } from './report-figures.ts';

const MatrixItemOfRef = builder.objectRef<MatrixItemOf>('MatrixItemOf');
MatrixItemOfRef.implement({
  description: 'The matrix question a LIKERT result is an item of.',
  fields: (t) => ({
    questionId: t.exposeID('questionId'),
    prompt: t.exposeString('prompt'),
    item: t.exposeString('item', { description: 'The item’s label.' }),
  }),
});

const RankResultRef = builder.objectRef<RankResult>('RankResult');
RankResultRef.implement({
  description: 'A RANKING choice’s mean rank (1 = first).',
  fields: (t) => ({
    choiceId: t.exposeID('choiceId'),
    label: t.exposeString('label'),
    meanRank: t.exposeFloat('meanRank', { nullable: true, description: 'Over the question’s n (a choice left out of a top-N ranking counts as N + 1); null when withheld: a count of the choice × rank table is below k, a first-rank figure is hidden, or counts carry noise.' }),
  }),
});

builder.objectFields(QuestionResultRef, (t) => ({
  matrix: t.field({ type: MatrixItemOfRef, nullable: true, description: 'A matrix is reported as one LIKERT result per item: the matrix and the item this result is.', resolve: (q) => q.matrix ?? null }),
  ranks: t.field({ type: [RankResultRef], nullable: true, description: 'RANKING: each choice’s mean rank (its `choices` are who ranked it first); null for other kinds.', resolve: (q) => q.ranks ?? null }),
}));
