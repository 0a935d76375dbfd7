/**
 * The report's figures against hand-computed expectations. Wilson intervals were worked out by
 * hand from p̂ = x/n, z = 1.96: centre (p̂ + z²/2n)/(1 + z²/n), half-width
 * z/(1 + z²/n)·√(p̂(1−p̂)/n + z²/4n²); e.g. 12/40 → 0.3175 ± 0.1368 = [0.1807, 0.4543].
 */
import { describe, expect, it } from 'vitest';
import { composeReport, type FrequencyRow, type QuestionMeta } from './compose.ts';
import { cryptoUniform, discreteLaplace, isSmall, noisyCount, suppressSiblings } from './privacy.ts';
import { meanInterval, t975, weightedMean, weightedMedian, wilson } from './stats.ts';

/** A small seeded generator (mulberry32), so that noise tests are repeatable. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Wilson 95% interval', () => {
  it('matches the hand-computed intervals', () => {
    const cases: Array<[number, number, number, number]> = [
      [12, 40, 0.180748, 0.4543],
      [24, 40, 0.445959, 0.736517],
      [15, 25, 0.407395, 0.765967],
      [13, 20, 0.432854, 0.818808],
    ];
    for (const [x, n, low, high] of cases) {
      const ci = wilson(x, n);
      expect(ci.low).toBeCloseTo(low, 5);
      expect(ci.high).toBeCloseTo(high, 5);
    }
  });

  it('stays inside [0, 1] at the edges and is empty for n = 0', () => {
    expect(wilson(0, 20).low).toBe(0);
    expect(wilson(0, 20).high).toBeCloseTo(0.161125, 5);
    expect(wilson(20, 20).high).toBe(1);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 0 });
  });
});

describe('mean and median of a frequency table', () => {
  it('gives the median as percentile_cont does: middle value, or mean of the two middle ones', () => {
    const likert = [{ value: 1, count: 5 }, { value: 2, count: 5 }, { value: 3, count: 10 }, { value: 4, count: 10 }, { value: 5, count: 10 }];
    expect(weightedMean(likert)).toBe(3.375);
    expect(weightedMedian(likert)).toBe(3.5);
    expect(weightedMedian([{ value: 7, count: 1 }, { value: 2, count: 2 }])).toBe(2);
    expect(weightedMedian([])).toBeNull();
    expect(weightedMean([])).toBeNull();
  });
});

describe('suppression', () => {
  it('suppresses counts of 1 to k-1 and allows 0', () => {
    expect([0, 1, 10, 11].map((c) => isSmall(c, 11))).toEqual([false, true, true, false]);
    expect(suppressSiblings([0, 30, 3, 5], 11)).toEqual([false, false, true, true]);
  });

  it('suppresses the next smallest sibling when a single suppressed count could be recomputed from the total', () => {
    expect(suppressSiblings([24, 12, 4], 11)).toEqual([false, true, true]);
    expect(suppressSiblings([20, 12, 8], 11)).toEqual([false, true, true]);
    // A zero would hide nothing: the smallest positive sibling goes instead.
    expect(suppressSiblings([40, 5, 0], 11)).toEqual([true, true, false]);
    // Two suppressed already protect each other.
    expect(suppressSiblings([30, 4, 6], 11)).toEqual([false, true, true]);
    // Multiple choice: counts do not add up to the total, nothing to recompute.
    expect(suppressSiblings([30, 5], 11, false)).toEqual([false, true]);
  });
});

describe('differential privacy noise', () => {
  it('draws discrete Laplace noise with the right law (seeded source)', () => {
    const uniform = seeded(42);
    const draws = Array.from({ length: 40_000 }, () => discreteLaplace(1, uniform));
    const alpha = Math.exp(-1);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + x * x, 0) / draws.length - mean * mean;
    expect(draws.every(Number.isInteger)).toBe(true);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    // P(X = 0) = (1 − α)/(1 + α) ≈ 0.4621; Var = 2α/(1 − α)² ≈ 1.8407.
    expect(draws.filter((x) => x === 0).length / draws.length).toBeCloseTo((1 - alpha) / (1 + alpha), 1);
    expect(variance).toBeGreaterThan(1.7);
    expect(variance).toBeLessThan(1.98);
    // Smaller epsilon, more noise.
    const wide = Array.from({ length: 20_000 }, () => discreteLaplace(0.1, uniform));
    expect(wide.reduce((s, x) => s + x * x, 0) / wide.length).toBeGreaterThan(100);
  });

  it('uses the cryptographic source by default, and keeps counts non-negative', () => {
    const u = Array.from({ length: 2_000 }, cryptoUniform);
    expect(u.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(u).size).toBe(2_000);
    const zeros = Array.from({ length: 4_000 }, () => discreteLaplace(1)).filter((x) => x === 0).length / 4_000;
    expect(zeros).toBeGreaterThan(0.41);
    expect(zeros).toBeLessThan(0.51);
    expect(Array.from({ length: 500 }, () => noisyCount(0, 0.5)).every((c) => c >= 0)).toBe(true);
    expect(noisyCount(17, null)).toBe(17);
  });
});

// ---------------------------------------------------------------- a whole report by hand
const A = 'a', B = 'b', C = 'c';
const single: QuestionMeta = { id: 'q1', position: 0, kind: 'SINGLE_CHOICE', prompt: 'Single?', min: null, max: null, choices: [{ id: A, label: 'A' }, { id: B, label: 'B' }, { id: C, label: 'C' }] };
const likert: QuestionMeta = {
  id: 'q2', position: 1, kind: 'LIKERT', prompt: 'Agree?', min: null, max: null,
  choices: ['l1', 'l2', 'l3', 'l4', 'l5'].map((id) => ({ id, label: id })),
};
const number: QuestionMeta = { id: 'q3', position: 2, kind: 'NUMBER', prompt: 'How many?', min: 0, max: 100, choices: [] };
const multiple: QuestionMeta = { id: 'q4', position: 3, kind: 'MULTIPLE_CHOICE', prompt: 'Which?', min: null, max: null, choices: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] };
const text: QuestionMeta = { id: 'q5', position: 4, kind: 'TEXT', prompt: 'Why?', min: null, max: null, choices: [] };
const rare: QuestionMeta = { id: 'q6', position: 5, kind: 'SINGLE_CHOICE', prompt: 'Rare?', min: null, max: null, choices: [{ id: 'r1', label: 'R1' }] };

/**
 * 40 answers to q1 over five segments:
 *   cardiology|FR|10-19  A 10 B 4 C 1   (15)      pediatrics|FR|10-19  A 3 B 2 C 0 (5)
 *   cardiology|FR|20-29  A 5  B 3 C 2   (10)      pediatrics|FR|0-9    A 2 B 1 C 1 (4)
 *                                                 pediatrics|BE|0-9    A 2 B 2 C 0 (4)
 *                                                 pediatrics|BE|20-29  A 2 B 0 C 0 (2)
 * Totals A 24, B 12, C 4.
 */
const Q1: Array<[string, number, number, number]> = [
  ['cardiology|FR|10-19', 10, 4, 1], ['cardiology|FR|20-29', 5, 3, 2], ['pediatrics|FR|10-19', 3, 2, 0],
  ['pediatrics|FR|0-9', 2, 1, 1], ['pediatrics|BE|0-9', 2, 2, 0], ['pediatrics|BE|20-29', 2, 0, 0],
];
const rows: FrequencyRow[] = [
  ...Q1.flatMap(([segment, a, b, c]) =>
    ([[A, a], [B, b], [C, c]] as const).filter(([, n]) => n > 0).map(([id, count]) => ({ questionId: 'q1', segment, choiceIds: [id], count, sum: null })),
  ),
  // q2: points 1..5 given 5, 5, 10, 10, 10 times, all in one segment.
  ...[5, 5, 10, 10, 10].map((count, i) => ({ questionId: 'q2', segment: 'cardiology|FR|10-19', choiceIds: [`l${i + 1}`], count, sum: null })),
  // q3: 10 (×12), 55 (×20), 95 (×8): 40 answers summing to 120 + 1100 + 760 = 1980.
  { questionId: 'q3', segment: 'cardiology|FR|10-19', choiceIds: [], count: 40, sum: 1980 },
  // q4: X alone 35, X and Y 5 → X 40 of 40, Y 5.
  { questionId: 'q4', segment: 'cardiology|FR|10-19', choiceIds: ['x'], count: 35, sum: null },
  { questionId: 'q4', segment: 'cardiology|FR|10-19', choiceIds: ['x', 'y'], count: 5, sum: null },
  { questionId: 'q5', segment: 'cardiology|FR|10-19', choiceIds: [], count: 40, sum: null },
  { questionId: 'q6', segment: 'cardiology|FR|10-19', choiceIds: ['r1'], count: 10, sum: null },
];
const texts = new Map([['q5', ['first', 'second']]]);
const numbers = new Map([['q3', [{ value: 10, count: 12 }, { value: 55, count: 20 }, { value: 95, count: 8 }]]]);

describe('composeReport', () => {
  const report = composeReport({ respondents: 40, questions: [rare, text, multiple, number, likert, single], rows, numbers, texts }, { k: 11, epsilon: null });
  const q = (id: string) => report.questions.find((x) => x.questionId === id)!;

  it('publishes shares with Wilson intervals, and suppresses a small count and its complement', () => {
    expect(report.questions.map((x) => x.questionId)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    const q1 = q('q1');
    expect(q1.n).toBe(40);
    expect(q1.suppressed).toBe(false);
    const [a, b, c] = q1.choices;
    expect(a).toMatchObject({ choiceId: A, label: 'A', count: 24, share: 0.6, suppressed: false });
    expect(a!.ciLow).toBeCloseTo(0.445959, 5);
    expect(a!.ciHigh).toBeCloseTo(0.736517, 5);
    // C (4) is under k; alone, it would be 40 − 24 − 12: B goes too.
    expect(b).toEqual({ choiceId: B, label: 'B', count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true });
    expect(c).toEqual({ choiceId: C, label: 'C', count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true });
  });

  it('cross-tabulates by specialty, country and years band, suppressing small segments and their complements', () => {
    const [specialty, country, band] = q('q1').crossTabs;
    expect(specialty!.dimension).toBe('specialty');
    // cardiology 25: A 15, B 7 and C 3 under k. pediatrics 15: A 9, B 5, C 1 all under k. Column A
    // (overall 24, published) would give pediatrics' A as 24 − 15: cardiology's A goes too.
    const cardiology = specialty!.cells[0]!;
    expect(cardiology).toMatchObject({ segment: 'cardiology', n: 25, suppressed: false, mean: null });
    expect(cardiology.choices.map((x) => [x.count, x.suppressed])).toEqual([[0, true], [0, true], [0, true]]);
    expect(specialty!.cells[1]!).toMatchObject({ segment: 'pediatrics', n: 15, suppressed: false });
    expect(specialty!.cells[1]!.choices.every((x) => x.suppressed && x.count === 0)).toBe(true);
    // BE 6 is under k; FR (34) would then be 40 − 6 … and the other way round: both go.
    expect(country).toEqual({ dimension: 'country', cells: [{ segment: 'BE', n: 0, suppressed: true, choices: [], mean: null }, { segment: 'FR', n: 0, suppressed: true, choices: [], mean: null }] });
    // 0-9 (8) under k; its complement is the next smallest, 20-29 (12); 10-19 (20) stays: A 13 of 20.
    expect(band!.cells.map((x) => [x.segment, x.n, x.suppressed])).toEqual([['0-9', 0, true], ['10-19', 20, false], ['20-29', 0, true]]);
    const tenToNineteen = band!.cells[1]!;
    expect(tenToNineteen.choices.map((x) => [x.count, x.suppressed])).toEqual([[13, false], [0, true], [0, true]]);
    expect(tenToNineteen.choices[0]!.ciHigh).toBeCloseTo(0.818808, 5);
  });

  it('gives mean and median for LIKERT (points 1 to 5) and NUMBER unless a point or bin is hidden, and a histogram with small bins suppressed', () => {
    // q2's points (5, 5, 10, 10, 10) are all under k: hidden, and the mean (3.375) and median
    // (3.5) with them — with n they would give equations on the hidden counts.
    expect(q('q2')).toMatchObject({ n: 40, mean: null, median: null });
    expect(q('q2').crossTabs[0]!.cells[0]).toMatchObject({ segment: 'cardiology', n: 40, mean: null });
    const open = composeReport({ respondents: 40, questions: [likert], rows, numbers, texts: new Map() }, { k: 5, epsilon: null }).questions[0]!;
    expect(open).toMatchObject({ n: 40, mean: 3.375, median: 3.5 });
    expect(open.crossTabs[0]!.cells[0]).toMatchObject({ segment: 'cardiology', n: 40, mean: 3.375 });
    // q3's bins 10–20 and 90–100 are hidden: its mean (49.5) and median (55) would narrow them
    // (with n, the mean is a second equation on the hidden counts), so they go too.
    const q3 = q('q3');
    expect(q3).toMatchObject({ n: 40, mean: null, median: null, choices: [] });
    expect(q3.histogram).toHaveLength(10);
    expect(q3.histogram[0]).toEqual({ low: 0, high: 10, count: 0, suppressed: false });
    // 95 ×8 is under k; 10 ×12 is the next smallest bin: both hidden; 55 ×20 shown.
    expect(q3.histogram[1]).toEqual({ low: 10, high: 20, count: 0, suppressed: true });
    expect(q3.histogram[5]).toEqual({ low: 50, high: 60, count: 20, suppressed: false });
    expect(q3.histogram[9]).toEqual({ low: 90, high: 100, count: 0, suppressed: true });
    // A NUMBER segment never has a mean: segment means add up to the question's, and nothing
    // bins a segment's values to show its mean does not describe a few answers.
    expect(q3.crossTabs[2]!.cells[0]).toMatchObject({ segment: '10-19', n: 40, mean: null, choices: [] });
    const wide = composeReport({ respondents: 40, questions: [number], rows, numbers, texts: new Map() }, { k: 5, epsilon: null }).questions[0]!;
    expect(wide.histogram.some((b) => b.suppressed)).toBe(false);
    expect(wide).toMatchObject({ n: 40, mean: 49.5, median: 55 });
    expect(wide.crossTabs[2]!.cells[0]).toMatchObject({ segment: '10-19', n: 40, mean: null });
  });

  it('shares of a multiple-choice question are of respondents, with no complementary suppression', () => {
    const q4 = q('q4');
    expect(q4.n).toBe(40);
    expect(q4.choices.map((x) => [x.count, x.share, x.suppressed])).toEqual([[40, 1, false], [0, 0, true]]);
  });

  it('shows free text only from k answers up and never in cross-tabs; a question under k carries nothing', () => {
    expect(q('q5')).toMatchObject({ n: 40, suppressed: false, texts: ['first', 'second'], crossTabs: [], choices: [] });
    expect(q('q6')).toEqual({
      questionId: 'q6', prompt: 'Rare?', kind: 'SINGLE_CHOICE', n: 0, suppressed: true, mean: null, median: null, histogram: [], texts: [], crossTabs: [],
      choices: [{ choiceId: 'r1', label: 'R1', count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true }],
    });
    const few = composeReport({ respondents: 5, questions: [text], rows: [{ questionId: 'q5', segment: 's|FR|0-9', choiceIds: [], count: 5, sum: null }], numbers: new Map(), texts: new Map() }, { k: 11, epsilon: null });
    expect(few.questions[0]).toMatchObject({ suppressed: true, texts: [] });
  });

  it('with epsilon: noisy counts, shares and intervals from the noisy counts, suppression decided on them', () => {
    const domains = { specialty: ['cardiology', 'pediatrics', 'urology'], country: ['BE', 'FR'], yearsInPractice: ['0-9', '10-19', '20-29', '30+'] };
    const noisy = composeReport({ respondents: 40, questions: [single], rows, numbers, texts: new Map(), domains }, { k: 11, epsilon: 0.5, uniform: seeded(7) });
    expect(noisy.epsilon).toBe(0.5);
    // The respondents, then n, the choices, and per dimension the segments and the cells: 9 lists.
    expect(noisy.privacyBudget).toBe(4.5);
    const q1 = noisy.questions[0]!;
    const a = q1.choices[0]!;
    expect(a.suppressed).toBe(false);
    expect(a.share).toBeCloseTo(a.count / Math.max(q1.n, a.count), 10);
    const ci = wilson(a.count, Math.max(q1.n, a.count));
    expect([a.ciLow, a.ciHigh]).toEqual([ci.low, ci.high]);
    // Nothing published is 1 to k − 1; segments come from the domain, listed only when published.
    const published = [q1.n, ...q1.choices.filter((c) => !c.suppressed).map((c) => c.count), ...q1.crossTabs.flatMap((t) => t.cells.flatMap((c) => [c.n, ...c.choices.filter((x) => !x.suppressed).map((x) => x.count)]))];
    expect(published.filter((c) => c > 0 && c < 11)).toEqual([]);
    for (const tab of q1.crossTabs) for (const cell of tab.cells) {
      expect(domains[tab.dimension]).toContain(cell.segment);
      expect(cell).toMatchObject({ suppressed: false });
      expect(cell.n).toBeGreaterThanOrEqual(11);
    }
    // Noise moves counts, in expectation by about 2/ε; over several seeds some must differ.
    const counts = [1, 2, 3, 4, 5, 6].map((s) => composeReport({ respondents: 40, questions: [single], rows, numbers, texts: new Map() }, { k: 11, epsilon: 0.5, uniform: seeded(s) }).questions[0]!.choices[0]!.count);
    expect(counts.some((c) => c !== 24)).toBe(true);
  });
});

// ---------------------------------------------------------------- suppression across a cross-tab's two directions
/** The rows of one question whose segments differ by specialty only (country FR, band 10-19). */
function byCell(questionId: string, choiceIds: string[], table: Record<string, number[]>): FrequencyRow[] {
  return Object.entries(table).flatMap(([specialty, counts]) =>
    counts.map((count, j) => ({ questionId, segment: `${specialty}|FR|10-19`, choiceIds: [choiceIds[j]!], count, sum: null })).filter((r) => r.count > 0),
  );
}

/** Whether a line (counts with their suppression flags, the total published) has exactly one figure hidden. */
const exactlyOneHidden = (flags: boolean[]) => flags.filter(Boolean).length === 1;

describe('complementary suppression across rows and columns', () => {
  it('hides a small cell from its column as well as its row, until no row or column has a single hidden cell', () => {
    // k = 11. Rows: specialties; columns: A, B, C. Only s2·C (5) is small.
    //        A   B   C    n
    //   s1  30  20  25   75
    //   s2  25  30   5   60
    //   s3  20  25  30   75
    //       75  75  60  210   (column totals = the published overall counts)
    // Row s2 alone would hide s2·A (25) too — but column C would still give s2·C as 60 − 25 − 30.
    // By hand, with the lines taken in order (rows, then columns, repeated): s2·A (row s2), s3·A
    // (column A), s1·C (column C), then s1·B (row s1) and s3·B (row s3). Stable: every row and
    // every column hides exactly two cells; the diagonal s1·A, s2·B, s3·C stays published.
    const question: QuestionMeta = { ...single, id: 'x1' };
    const rows = byCell('x1', [A, B, C], { s1: [30, 20, 25], s2: [25, 30, 5], s3: [20, 25, 30] });
    const r = composeReport({ respondents: 210, questions: [question], rows, numbers: new Map(), texts: new Map() }, { k: 11, epsilon: null }).questions[0]!;
    expect(r.choices.map((c) => [c.count, c.suppressed])).toEqual([[75, false], [75, false], [60, false]]);
    const specialty = r.crossTabs[0]!;
    expect(specialty.cells.map((cell) => [cell.segment, cell.n, cell.suppressed])).toEqual([['s1', 75, false], ['s2', 60, false], ['s3', 75, false]]);
    const hidden = specialty.cells.map((cell) => cell.choices.map((c) => c.suppressed));
    expect(hidden).toEqual([[false, true, true], [true, false, true], [true, true, false]]);
    expect(specialty.cells.map((cell) => cell.choices.map((c) => c.count))).toEqual([[30, 0, 0], [0, 30, 0], [0, 0, 30]]);
    for (const row of hidden) expect(exactlyOneHidden(row)).toBe(false);
    for (let j = 0; j < 3; j++) expect(exactlyOneHidden(hidden.map((row) => row[j]!))).toBe(false);
    // The within-row rule alone would have left column C with one hidden cell.
    expect(suppressSiblings([25, 30, 5], 11)).toEqual([true, false, true]);
    // Country and band have one segment each: its cells are the overall counts, all published.
    expect(r.crossTabs[1]!.cells[0]!.choices.map((c) => c.count)).toEqual([75, 75, 60]);
  });

  it('hides a second segment when a small one could be recovered as the overall n minus the others, and gives neither a mean', () => {
    // LIKERT, k = 11: s1 50 answers (all "4"), s2 8 (all "2"), s3 30 (all "5"); n = 88.
    // s2 (8) is under k; alone it would be 88 − 50 − 30: the next smallest segment, s3, goes too.
    const rows: FrequencyRow[] = [
      { questionId: 'q2', segment: 's1|FR|10-19', choiceIds: ['l4'], count: 50, sum: null },
      { questionId: 'q2', segment: 's2|FR|10-19', choiceIds: ['l2'], count: 8, sum: null },
      { questionId: 'q2', segment: 's3|FR|10-19', choiceIds: ['l5'], count: 30, sum: null },
    ];
    const r = composeReport({ respondents: 88, questions: [likert], rows, numbers: new Map(), texts: new Map() }, { k: 11, epsilon: null }).questions[0]!;
    const cells = r.crossTabs[0]!.cells;
    expect(cells.map((c) => [c.segment, c.n, c.suppressed, c.mean])).toEqual([['s1', 50, false, 4], ['s2', 0, true, null], ['s3', 0, true, null]]);
    expect(cells[1]!.choices).toEqual([]);
    expect(cells[2]!.choices).toEqual([]);
    // Overall, "2" (8) is under k and would be 88 − 50 − 30: "5" goes too.
    expect(r.choices.map((c) => [c.count, c.suppressed])).toEqual([[0, false], [0, true], [0, false], [50, false], [0, true]]);
    // The mean would give a second equation (2·x + 5·y = 366 − 200 with x + y = 38) and recover
    // both hidden counts: a LIKERT mean or median goes with any hidden point of its line.
    expect([r.mean, r.median]).toEqual([null, null]);
  });

  it('a hidden segment hides its cells in every column: a column with one other small cell hides one more', () => {
    // Single choice, k = 11. s3 (n 9) is under k and s1 (n 12) is the next smallest segment.
    //        A   B    n
    //   s1   6   6   12      both cells under k
    //   s2  40  20   60
    //   s3   4   5    9      segment under k
    // Columns: A hides s1, s3 — fine; B hides s1, s3 — fine. Nothing else to hide.
    const rows = byCell('x2', [A, B], { s1: [6, 6], s2: [40, 20], s3: [4, 5] });
    const question: QuestionMeta = { ...single, id: 'x2', choices: single.choices.slice(0, 2) };
    const r = composeReport({ respondents: 81, questions: [question], rows, numbers: new Map(), texts: new Map() }, { k: 11, epsilon: null }).questions[0]!;
    const cells = r.crossTabs[0]!.cells;
    expect(cells.map((c) => [c.segment, c.suppressed])).toEqual([['s1', true], ['s2', false], ['s3', true]]);
    expect(cells[1]!.choices.map((c) => [c.count, c.suppressed])).toEqual([[40, false], [20, false]]);
  });

  it('hides a second histogram bin when a small one could be recovered as n minus the other bins', () => {
    // 50 answers of 5 and 5 of 95 (n = 55): the 90–100 bin (5) is under k, and the only other
    // non-empty bin would give it as 55 − 50: both hidden, the empty bins stay 0.
    const question: QuestionMeta = { ...number, id: 'n1' };
    const r = composeReport({
      respondents: 55, questions: [question],
      rows: [{ questionId: 'n1', segment: 's1|FR|10-19', choiceIds: [], count: 55, sum: 50 * 5 + 5 * 95 }],
      numbers: new Map([['n1', [{ value: 5, count: 50 }, { value: 95, count: 5 }]]]), texts: new Map(),
    }, { k: 11, epsilon: null }).questions[0]!;
    expect(r.histogram.map((b) => (b.suppressed ? 'x' : b.count))).toEqual(['x', 0, 0, 0, 0, 0, 0, 0, 0, 'x']);
    // The mean (250 + 475) / 55 would bound the hidden counts (the 90–100 bin holds 2 to 8),
    // and the median (5) is one answer's exact value: both withheld.
    expect(r).toMatchObject({ n: 55, mean: null, median: null });
  });
});

describe('differential privacy and means', () => {
  it('withholds means and medians (overall and per segment) when epsilon is set', () => {
    const report = composeReport({ respondents: 40, questions: [likert, number], rows, numbers, texts: new Map() }, { k: 11, epsilon: 1, uniform: seeded(3) });
    for (const q of report.questions) {
      expect(q).toMatchObject({ mean: null, median: null, suppressed: false });
      for (const tab of q.crossTabs) for (const cell of tab.cells) expect(cell.mean).toBeNull();
    }
    // The histogram's published bins still come, noised, each 0 or at least k.
    const bins = report.questions[1]!.histogram.filter((b) => !b.suppressed);
    expect(bins.length).toBeGreaterThan(0);
    expect(bins.every((b) => b.count === 0 || b.count >= 11)).toBe(true);
    // Without domains, no cross-tab: segment names read from the answers would escape the noise.
    expect(report.questions.every((q) => q.crossTabs.length === 0)).toBe(true);
    // Nor a histogram whose range would be the answers' exact extremes.
    const unbounded = composeReport({ respondents: 40, questions: [{ ...number, min: null, max: null }], rows, numbers, texts: new Map() }, { k: 11, epsilon: 1, uniform: seeded(3) });
    expect(unbounded.questions[0]!.histogram).toEqual([]);
  });

  it('withholds free texts and noises the respondent count when epsilon is set', () => {
    const counts = [1, 2, 3, 4, 5, 6].map((s) => composeReport({ respondents: 40, questions: [text], rows, numbers, texts }, { k: 11, epsilon: 0.5, uniform: seeded(s) }));
    expect(counts.every((r) => r.questions[0]!.texts.length === 0)).toBe(true);
    expect(counts.some((r) => r.respondents !== 40)).toBe(true);
    expect(counts[0]!.privacyBudget).toBe(1);
    expect(composeReport({ respondents: 40, questions: [text], rows, numbers, texts }, { k: 11, epsilon: null })).not.toHaveProperty('privacyBudget');
  });

  it('decides suppression on the noisy counts: one respondent more or less barely changes what is hidden', () => {
    // Neighbouring data sets: C answered by 10 (under k) or by 11 (one respondent more). On the
    // true counts, C was hidden in the first and shown in the second, always: who answered was
    // told by the suppression itself. Decided on the noisy counts, the chance that C is shown
    // may differ by at most e^(2ε) (the respondent is in two lists: n and the choices).
    const epsilon = 0.5;
    const shown = (c: number, seed0: number) => {
      const data: FrequencyRow[] = [[A, 24], [B, 12], [C, c]].map(([id, count]) => ({ questionId: 'q1', segment: 's|FR|10-19', choiceIds: [id as string], count: count as number, sum: null }));
      let times = 0;
      for (let s = 0; s < 20_000; s++) {
        const r = composeReport({ respondents: 36 + c, questions: [single], rows: data, numbers: new Map(), texts: new Map() }, { k: 11, epsilon, uniform: seeded(seed0 + s) });
        if (!r.questions[0]!.choices[2]!.suppressed) times++;
      }
      return times / 20_000;
    };
    const [ten, eleven] = [shown(10, 50_000), shown(11, 90_000)];
    expect(ten).toBeGreaterThan(0.05);
    expect(eleven).toBeLessThan(0.95);
    expect(eleven / ten).toBeLessThan(Math.exp(2 * epsilon));
    expect((1 - ten) / (1 - eleven)).toBeLessThan(Math.exp(2 * epsilon));
  });

  it('noises the published counts around the true ones (seeded source): unbiased, spread as ε says', () => {
    const ns = Array.from({ length: 4_000 }, (_, s) => composeReport({ respondents: 40, questions: [single], rows, numbers, texts: new Map() }, { k: 11, epsilon: 1, uniform: seeded(1_000 + s) }).questions[0]!.n);
    const mean = ns.reduce((a, b) => a + b, 0) / ns.length;
    const variance = ns.reduce((a, b) => a + (b - mean) ** 2, 0) / ns.length;
    expect(Math.abs(mean - 40)).toBeLessThan(0.1);
    // Var of the discrete Laplace at ε = 1: 2α/(1 − α)² ≈ 1.84.
    expect(variance).toBeGreaterThan(1.6);
    expect(variance).toBeLessThan(2.1);
    // The same seed gives the same report: the source is the only randomness.
    const once = () => composeReport({ respondents: 40, questions: [single], rows, numbers, texts: new Map() }, { k: 11, epsilon: 1, uniform: seeded(9) });
    expect(once()).toEqual(once());
  });
});

describe('the mean’s t interval', () => {
  it('uses Student’s t quantile (exact values from scipy) and the sample standard deviation', () => {
    expect(t975(10)).toBeCloseTo(2.228138852, 4);
    expect(t975(19)).toBeCloseTo(2.093024054, 5);
    expect(t975(1000)).toBeCloseTo(1.962339, 5);
    // 12 × 10 and 8 × 14: mean 11.6, s² = 76.8 / 19; scipy: [10.659058, 12.540942].
    const interval = meanInterval([{ value: 10, count: 12 }, { value: 14, count: 8 }])!;
    expect(interval.low).toBeCloseTo(10.6590576163, 4);
    expect(interval.high).toBeCloseTo(12.5409423837, 4);
    expect(meanInterval([{ value: 3, count: 1 }])).toBeNull();
  });
});
