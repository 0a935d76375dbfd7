/**
 * MATRIX and RANKING questions in the report (docs/reports.md, "Matrix, ranking and other
 * (specify)"). A matrix's items are answered on one Likert scale, one answer row per item whose
 * choice_ids are {item, point}: each item becomes a LIKERT question of its own before
 * composition, so it gets the Likert figures, suppression and means unchanged. A ranking is
 * composed as the single-choice question "ranked first" (its choices' first-rank counts add up
 * to n, with the same suppression and cross-tabs), and gets each choice's mean rank afterwards,
 * published only where no count it is computed from is small. Pure.
 */
import type { QuestionResult, RankResult } from '@consilium/jobs/report-result';
import type { FrequencyRow, QuestionMeta } from './compose.ts';
import { isSmall } from './privacy.ts';

/** One group of a ranking's answers: how many in a segment ranked a choice at a rank (1 = first). */
export interface RankRow {
  questionId: string;
  segment: string;
  rank: number;
  choiceId: string;
  count: number;
}

/** The questions and frequency rows as composed: each matrix item a LIKERT question, each ranking its first choices. */
export function expandKinds(questions: readonly QuestionMeta[], rows: readonly FrequencyRow[], ranks: readonly RankRow[]): { questions: QuestionMeta[]; rows: FrequencyRow[] } {
  const itemOf = new Map<string, string>();
  const expanded = questions.flatMap((q): QuestionMeta[] => {
    if (q.kind !== 'MATRIX') return [q];
    return (q.items ?? []).map((item) => {
      itemOf.set(item.id, q.id);
      return { id: item.id, position: q.position, kind: 'LIKERT', prompt: `${q.prompt} — ${item.label}`, min: null, max: null, choices: q.choices, dependsOn: q.dependsOn ?? [], matrix: { questionId: q.id, prompt: q.prompt, item: item.label } };
    });
  });
  const rankings = new Set(questions.filter((q) => q.kind === 'RANKING').map((q) => q.id));
  const kept = rows.flatMap((row): FrequencyRow[] => {
    if (rankings.has(row.questionId)) return [];
    const item = row.choiceIds.find((id) => itemOf.has(id));
    if (item === undefined) return [row];
    // The row's other choice is the item's scale point.
    return [{ ...row, questionId: item, choiceIds: row.choiceIds.filter((id) => id !== item) }];
  });
  const firsts = ranks.filter((r) => r.rank === 1).map((r) => ({ questionId: r.questionId, segment: r.segment, choiceIds: [r.choiceId], count: r.count, sum: null }));
  return { questions: expanded, rows: [...kept, ...firsts] };
}

/**
 * Each choice's mean rank, or all of them withheld. A mean rank with n is one more equation on
 * its choice's rank counts, and the ranks' totals tie the choices together (each rank is given
 * n times; with c choices ranked in full the mean ranks add up to (c + 1) / 2 × c), so a mean is
 * published only when the whole choice × rank table could be: no count in 1..k−1 (a choice left
 * out of a top-N ranking counted at rank N + 1), nothing of the first-rank line hidden, and no
 * noise (differential privacy).
 */
export function rankResults(question: QuestionMeta, published: QuestionResult, ranks: readonly RankRow[], k: number, dp: boolean): RankResult[] {
  const top = question.rankTop ?? question.choices.length;
  const table = question.choices.map((c) => {
    const counts = new Array<number>(top).fill(0);
    for (const r of ranks) if (r.questionId === question.id && r.choiceId === c.id) counts[r.rank - 1]! += r.count;
    return counts;
  });
  const n = published.suppressed ? 0 : table.reduce((sum, counts) => sum + counts[0]!, 0);
  const withRest = table.map((counts) => (top < question.choices.length ? [...counts, n - counts.reduce((a, b) => a + b, 0)] : counts));
  const safe = !dp && n > 0 && !published.choices.some((c) => c.suppressed) && withRest.every((counts) => counts.every((c) => !isSmall(c, k)));
  return question.choices.map((c, j) => ({
    choiceId: c.id,
    label: c.label,
    meanRank: safe ? withRest[j]!.reduce((sum, count, i) => sum + (i + 1) * count, 0) / n : null,
  }));
}
