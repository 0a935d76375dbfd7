/**
 * The report figures of MATRIX and RANKING questions (kinds.ts), by hand: each matrix item is a
 * Likert question with its own n, suppression and mean; a ranking is reported by first choices
 * with single-choice suppression, and its mean ranks only where no count of the choice × rank
 * table is small.
 */
import { describe, expect, it } from 'vitest';
import { composeReport, type FrequencyRow, type QuestionMeta } from './compose.ts';
import { expandKinds, rankResults, type RankRow } from './kinds.ts';

const K = 11;
const points = ['1', '2', '3', '4', '5'].map((p) => ({ id: `p${p}`, label: p }));
const matrix: QuestionMeta = { id: 'm', position: 0, kind: 'MATRIX', prompt: 'Agree?', min: null, max: null, choices: points, items: [{ id: 'i1', label: 'Clear' }, { id: 'i2', label: 'Useful' }] };
const ranking: QuestionMeta = { id: 'r', position: 1, kind: 'RANKING', prompt: 'Rank', min: null, max: null, choices: ['A', 'B', 'C'].map((l) => ({ id: l, label: l })), rankTop: 2 };
const seg = 'cardiology|FR|10-19';
const row = (questionId: string, choiceIds: string[], count: number, segment = seg): FrequencyRow => ({ questionId, segment, choiceIds, count, sum: null });

function report(rows: FrequencyRow[], ranks: RankRow[], respondents: number) {
  const expanded = expandKinds([matrix, ranking], rows, ranks);
  const composed = composeReport({ respondents, questions: expanded.questions, rows: expanded.rows, numbers: new Map(), texts: new Map() }, { k: K, epsilon: null });
  return composed.questions.map((q) => (q.kind === 'RANKING' ? { ...q, ranks: rankResults(ranking, q, ranks, K, false) } : q));
}

describe('matrix items', () => {
  it('reports each item as a Likert question: its own counts, n and mean', () => {
    // Item 1: 20 × point 4, 12 × point 5 (n 32); item 2: 32 × point 2.
    const [i1, i2] = report([row('m', ['p4', 'i1'], 20), row('m', ['p5', 'i1'], 12), row('m', ['p2', 'i2'], 32)], [], 32);
    expect(i1).toMatchObject({ questionId: 'i1', kind: 'LIKERT', n: 32, prompt: 'Agree? — Clear', matrix: { questionId: 'm', prompt: 'Agree?', item: 'Clear' } });
    expect(i1!.choices.map((c) => c.count)).toEqual([0, 0, 0, 20, 12]);
    expect(i1!.mean).toBeCloseTo((20 * 4 + 12 * 5) / 32, 10);
    expect(i2!.choices.map((c) => c.count)).toEqual([0, 32, 0, 0, 0]);
    expect(i2!.mean).toBe(2);
  });

  it('suppresses a small count of one item, with its complement, and withholds that item’s mean only', () => {
    // Item 1: 25 × point 4 and 5 × point 5: the 5 is hidden, and with it the 25 (else 30 − 25 = 5).
    const [i1, i2] = report([row('m', ['p4', 'i1'], 25), row('m', ['p5', 'i1'], 5), row('m', ['p2', 'i2'], 15), row('m', ['p3', 'i2'], 15)], [], 30);
    expect(i1!.choices.map((c) => c.suppressed)).toEqual([false, false, false, true, true]);
    expect(i1!.mean).toBeNull();
    expect(i2!.choices.map((c) => c.suppressed)).toEqual([false, false, false, false, false]);
    expect(i2!.mean).toBe(2.5);
  });
});

describe('ranking', () => {
  const rank = (choiceId: string, r: number, count: number): RankRow => ({ questionId: 'r', segment: seg, rank: r, choiceId, count });

  it('publishes who ranked each choice first and each mean rank (a choice left out of the top 2 counts 3)', () => {
    // 15 rank A, B; 15 rank B, C. A: 15 × 1, 15 × left out → 2; B: 15 × 2, 15 × 1 → 1.5; C: 15 × 2, 15 left out → 2.5.
    const ranks = [rank('A', 1, 15), rank('B', 2, 15), rank('B', 1, 15), rank('C', 2, 15)];
    const q = report([], ranks, 30)[2]!;
    expect(q).toMatchObject({ kind: 'RANKING', n: 30 });
    expect(q.choices.map((c) => c.count)).toEqual([15, 15, 0]);
    expect(q.choices[0]!.share).toBe(0.5);
    expect(q.ranks!.map((r) => r.meanRank)).toEqual([2, 1.5, 2.5]);
  });

  it('hides a small first-rank count with its complement, and then withholds every mean rank', () => {
    // First: A 25, B 5 (small), C 0 → B and A hidden (n = 30).
    const ranks = [rank('A', 1, 25), rank('B', 1, 5), rank('B', 2, 25), rank('C', 2, 5)];
    const q = report([], ranks, 30)[2]!;
    expect(q.choices.map((c) => c.suppressed)).toEqual([true, true, false]);
    expect(q.ranks!.every((r) => r.meanRank === null)).toBe(true);
  });

  it('withholds the mean ranks when a count at a later rank is small, though the first ranks all show', () => {
    // A first for all 30; at rank 2, B 25 and C 5: C's rank distribution holds a 5, and with the
    // means (which add up across choices) a reader could solve it.
    const ranks = [rank('A', 1, 30), rank('B', 2, 25), rank('C', 2, 5)];
    const q = report([], ranks, 30)[2]!;
    expect(q.choices.map((c) => c.suppressed)).toEqual([false, false, false]);
    expect(q.ranks!.map((r) => r.meanRank)).toEqual([null, null, null]);
  });

  it('withholds mean ranks under differential privacy', () => {
    const ranks = [rank('A', 1, 15), rank('B', 2, 15), rank('B', 1, 15), rank('C', 2, 15)];
    const q = report([], ranks, 30)[2]!;
    expect(rankResults(ranking, q, ranks, K, true).map((r) => r.meanRank)).toEqual([null, null, null]);
  });
});
