/**
 * An attack on the published report, as a reader with pencil and paper would make it: every
 * published figure is a linear equation on the unknown answer counts (a count is a sum of them;
 * a mean × its published n is a weighted sum), and a suppressed figure is disclosed when those
 * equations fix it. The unknowns ("atoms") are the counts of each full segment (every
 * combination of the published dimension values, since the reader does not know which are
 * empty) and each answer value: a choice, a Likert point, or an integer of a NUMBER question's
 * range. A hidden figure h is fixed by the published rows P exactly when h is in the row space
 * of P, i.e. rank(P + h) = rank(P); checked with exact integer elimination. Non-negativity
 * (bounds a zero or a small total give) is not modelled.
 */
import { describe, expect, it } from 'vitest';
import { DIMENSIONS, type QuestionResult } from '@consilium/jobs/report-result';
import { composeReport, type FrequencyRow, type QuestionMeta } from './compose.ts';
import type { Weighted } from './stats.ts';

// ---------------------------------------------------------------- exact linear algebra
const abs = (a: bigint) => (a < 0n ? -a : a);
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? abs(a) : gcd(b, a % b));

/** The rank of integer rows, by fraction-free Gaussian elimination (each row kept primitive). */
export function rank(input: readonly (readonly bigint[])[]): number {
  const rows = input.map((r) => [...r]);
  const width = rows[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < width && r < rows.length; c++) {
    const pivot = rows.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (pivot < 0) continue;
    [rows[r], rows[pivot]] = [rows[pivot]!, rows[r]!];
    const p = rows[r]!;
    for (let i = 0; i < rows.length; i++) {
      if (i === r || rows[i]![c] === 0n) continue;
      const f = rows[i]![c]!;
      const row = rows[i]!.map((v, j) => v * p[c]! - f * p[j]!);
      const g = row.reduce((acc, v) => gcd(acc, v), 0n);
      rows[i] = g > 1n ? row.map((v) => v / g) : row;
    }
    r++;
  }
  return r;
}

/** Whether `h` is a linear combination of `rows` (its value follows from theirs). */
export function determined(rows: readonly (readonly bigint[])[], h: readonly bigint[]): boolean {
  if (h.every((v) => v === 0n)) return true;
  return rank([...rows, h]) === rank(rows);
}

describe('the exact elimination', () => {
  it('finds what a system fixes, and only that', () => {
    // x + y and x − y published: x is fixed; x + y alone fixes neither.
    expect(determined([[1n, 1n], [1n, -1n]], [1n, 0n])).toBe(true);
    expect(determined([[1n, 1n]], [1n, 0n])).toBe(false);
    // c5 + c8 = 29 and 5·c5 + 8·c8 = 157: both fixed (c5 = 25, c8 = 4).
    expect(determined([[1n, 1n, 0n], [5n, 8n, 0n]], [0n, 1n, 0n])).toBe(true);
    expect(rank([[2n, 4n, 6n], [1n, 2n, 3n], [0n, 0n, 1n]])).toBe(2);
  });
});

// ---------------------------------------------------------------- the reader's system
interface Atom {
  /** The value of each dimension, in DIMENSIONS order. */
  dims: string[];
  /** The choice index, or the NUMBER value. */
  value: number;
}

interface Functional {
  what: string;
  row: bigint[];
}

/** The atoms a reader of `q` can posit: the product of the published segments, times the values. */
function atomsOf(meta: QuestionMeta, q: QuestionResult): Atom[] {
  const values =
    meta.kind === 'NUMBER'
      ? Array.from({ length: meta.max! - meta.min! + 1 }, (_, i) => meta.min! + i)
      : meta.choices.map((_, i) => i);
  let combos: string[][] = [[]];
  for (const dimension of DIMENSIONS) {
    const tab = q.crossTabs.find((t) => t.dimension === dimension);
    const segments = tab ? tab.cells.map((c) => c.segment) : [''];
    combos = combos.flatMap((combo) => segments.map((s) => [...combo, s]));
  }
  return combos.flatMap((dims) => values.map((value) => ({ dims, value })));
}

/** Published figures (rows) and suppressed ones (to be kept hidden), as functionals on the atoms. */
function readerSystem(meta: QuestionMeta, q: QuestionResult): { published: Functional[]; hidden: Functional[] } {
  const atoms = atomsOf(meta, q);
  const weight = (a: Atom) => BigInt(meta.kind === 'LIKERT' ? a.value + 1 : a.value);
  const row = (where: (a: Atom) => boolean, times: (a: Atom) => bigint = () => 1n) => atoms.map((a) => (where(a) ? times(a) : 0n));
  const published: Functional[] = [];
  const hidden: Functional[] = [];
  const put = (suppressed: boolean, f: Functional) => (suppressed ? hidden : published).push(f);
  const all = () => true;
  put(false, { what: 'n', row: row(all) });
  if (q.mean !== null) put(false, { what: 'mean × n', row: row(all, weight) });
  // The mean's interval (docs/waves.md) tells the sample variance, so with n and the mean the sum of squares.
  if (q.meanCiLow !== undefined) put(false, { what: 'Σ value² (from the mean’s interval)', row: row(all, (a) => weight(a) ** 2n) });
  q.choices.forEach((c, j) => put(c.suppressed, { what: `choice ${c.label}`, row: row((a) => a.value === j) }));
  q.histogram.forEach((b, i) => {
    const last = i === q.histogram.length - 1;
    const inBin = (a: Atom) => a.value >= b.low && (last ? a.value <= b.high : a.value < b.high);
    put(b.suppressed, { what: `bin ${b.low}–${b.high}`, row: row(inBin) });
  });
  for (const tab of q.crossTabs) {
    const d = DIMENSIONS.indexOf(tab.dimension);
    for (const cell of tab.cells) {
      const inSegment = (a: Atom) => a.dims[d] === cell.segment;
      put(cell.suppressed, { what: `${cell.segment} n`, row: row(inSegment) });
      if (cell.mean !== null) put(false, { what: `${cell.segment} mean × n`, row: row(inSegment, weight) });
      meta.choices.forEach((choice, j) => {
        const shown = cell.choices[j];
        put(cell.suppressed || !shown || shown.suppressed, { what: `${cell.segment}·${choice.label}`, row: row((a) => inSegment(a) && a.value === j) });
      });
    }
  }
  return { published, hidden };
}

/** The suppressed figures of a question that its published figures fix (none, if the report holds). */
function disclosed(meta: QuestionMeta, q: QuestionResult): string[] {
  const { published, hidden } = readerSystem(meta, q);
  const rows = published.map((f) => f.row);
  return hidden.filter((h) => h.row.some((v) => v !== 0n) && determined(rows, h.row)).map((h) => h.what);
}

// ---------------------------------------------------------------- examples
const K = 11;
const choices = (...ids: string[]) => ids.map((id) => ({ id, label: id }));

/** Rows of a choice question from a table segment → counts per choice. */
function choiceRows(meta: QuestionMeta, table: Record<string, number[]>): FrequencyRow[] {
  return Object.entries(table).flatMap(([segment, counts]) =>
    counts.flatMap((count, j) => (count > 0 ? [{ questionId: meta.id, segment, choiceIds: [meta.choices[j]!.id], count, sum: null }] : [])),
  );
}

/** Rows and value counts of a NUMBER question from segment → [value, count] pairs. */
function numberInput(meta: QuestionMeta, table: Record<string, Array<[number, number]>>): { rows: FrequencyRow[]; numbers: Map<string, Weighted[]> } {
  const rows: FrequencyRow[] = Object.entries(table).map(([segment, pairs]) => ({
    questionId: meta.id, segment, choiceIds: [],
    count: pairs.reduce((s, [, c]) => s + c, 0),
    sum: pairs.reduce((s, [v, c]) => s + v * c, 0),
  }));
  const byValue = new Map<number, number>();
  for (const pairs of Object.values(table)) for (const [v, c] of pairs) byValue.set(v, (byValue.get(v) ?? 0) + c);
  return { rows, numbers: new Map([[meta.id, [...byValue].map(([value, count]) => ({ value, count }))]]) };
}

function publish(meta: QuestionMeta, rows: FrequencyRow[], numbers = new Map<string, Weighted[]>()): QuestionResult {
  const respondents = rows.reduce((s, r) => s + r.count, 0);
  return composeReport({ respondents, questions: [meta], rows, numbers, texts: new Map() }, { k: K, epsilon: null }).questions[0]!;
}

const single: QuestionMeta = { id: 's', position: 0, kind: 'SINGLE_CHOICE', prompt: 'One?', min: null, max: null, choices: choices('A', 'B', 'C') };
const likert: QuestionMeta = { id: 'l', position: 0, kind: 'LIKERT', prompt: 'Agree?', min: null, max: null, choices: choices('1', '2', '3', '4', '5') };
/** Integer answers 0 to 9: one value per histogram bin, the reader's best case. */
const sessions: QuestionMeta = { id: 'n', position: 0, kind: 'NUMBER', prompt: 'Sessions a week (0–9)?', min: 0, max: 9, choices: [] };
const percent: QuestionMeta = { id: 'p', position: 0, kind: 'NUMBER', prompt: 'Share of patients (%)?', min: 0, max: 100, choices: [] };

describe('no published figure set fixes a suppressed count (k = 11)', () => {
  it('NUMBER: a suppressed bin is not recovered from the mean and n (it was, through the published mean)', () => {
    // 2 ×30, 5 ×25, 8 ×4: the 8 bin is small, the 5 bin is hidden with it. Published with the
    // mean (30·2 + 25·5 + 4·8)/59, c5 + c8 = 29 and 5·c5 + 8·c8 = 157 gave c8 = 4.
    const { rows, numbers } = numberInput(sessions, { 's1|FR|10-19': [[2, 30], [5, 25], [8, 4]] });
    const q = publish(sessions, rows, numbers);
    expect(q.histogram.map((b) => (b.suppressed ? 'x' : b.count))).toEqual([0, 0, 30, 0, 0, 'x', 0, 0, 'x', 0]);
    expect(disclosed(sessions, q)).toEqual([]);
    expect({ mean: q.mean, median: q.median }).toEqual({ mean: null, median: null });
  });

  it('NUMBER with segments: their means (which add up to the question’s) are withheld too', () => {
    const { rows, numbers } = numberInput(sessions, {
      'cardiology|FR|10-19': [[2, 20], [5, 15], [8, 3]],
      'pediatrics|FR|10-19': [[2, 10], [5, 12], [8, 2]],
    });
    const q = publish(sessions, rows, numbers);
    expect(disclosed(sessions, q)).toEqual([]);
    expect(q.crossTabs[0]!.cells.map((c) => [c.segment, c.n, c.mean])).toEqual([['cardiology', 38, null], ['pediatrics', 24, null]]);
  });

  it('NUMBER over 0–100 with a suppressed bin, and with none (then the mean and median are published)', () => {
    const hiddenBin = numberInput(percent, { 'cardiology|FR|10-19': [[10, 12], [55, 20], [95, 8]] });
    const q = publish(percent, hiddenBin.rows, hiddenBin.numbers);
    expect([q.mean, q.median]).toEqual([null, null]);
    expect(disclosed(percent, q)).toEqual([]);
    const full = numberInput(percent, { 'cardiology|FR|10-19': [[10, 12], [55, 20], [95, 14]], 'pediatrics|BE|10-19': [[55, 11], [95, 11]] });
    const open = publish(percent, full.rows, full.numbers);
    expect(open.histogram.every((b) => !b.suppressed)).toBe(true);
    expect(open.mean).toBeCloseTo((120 + 31 * 55 + 25 * 95) / 68, 10);
    expect(open.median).toBe(55);
    expect(disclosed(percent, open)).toEqual([]);
  });

  it('single choice: a small choice and its complement', () => {
    const q = publish(single, choiceRows(single, { 's1|FR|10-19': [24, 12, 4] }));
    expect(q.choices.map((c) => c.suppressed)).toEqual([false, true, true]);
    expect(disclosed(single, q)).toEqual([]);
  });

  it('cross-tabs: the 3 × 3 worked example of docs/reports.md', () => {
    const q = publish(single, choiceRows(single, { 's1|FR|10-19': [30, 20, 25], 's2|FR|10-19': [25, 30, 5], 's3|FR|10-19': [20, 25, 30] }));
    expect(q.crossTabs[0]!.cells.flatMap((c) => c.choices.filter((x) => x.suppressed))).toHaveLength(6);
    expect(disclosed(single, q)).toEqual([]);
  });

  it('cross-tabs over three dimensions at once, with small segments in each', () => {
    const q = publish(single, choiceRows(single, {
      'cardiology|FR|10-19': [10, 4, 1], 'cardiology|FR|20-29': [5, 3, 2], 'pediatrics|FR|10-19': [3, 2, 0],
      'pediatrics|FR|0-9': [2, 1, 1], 'pediatrics|BE|0-9': [2, 2, 0], 'pediatrics|BE|20-29': [2, 0, 0],
      'cardiology|BE|10-19': [14, 9, 12], 'pediatrics|FR|20-29': [20, 15, 3],
    }));
    expect(q.crossTabs.some((t) => t.cells.some((c) => c.suppressed || c.choices.some((x) => x.suppressed)))).toBe(true);
    expect(disclosed(single, q)).toEqual([]);
  });

  it('a hidden segment, and the segment hidden with it', () => {
    const q = publish(single, choiceRows(single, { 's1|FR|10-19': [6, 6, 0], 's2|FR|10-19': [40, 20, 0], 's3|FR|10-19': [4, 5, 0] }));
    expect(q.crossTabs[0]!.cells.map((c) => c.suppressed)).toEqual([true, false, true]);
    expect(disclosed(single, q)).toEqual([]);
  });

  it('LIKERT: no mean beside a suppressed point, overall or in a segment; a mean where every point shows', () => {
    const hiddenPoint = publish(likert, choiceRows(likert, { 's1|FR|10-19': [0, 0, 0, 50, 0], 's2|FR|10-19': [0, 8, 0, 0, 0], 's3|FR|10-19': [0, 0, 0, 0, 30] }));
    expect(hiddenPoint.mean).toBeNull();
    expect(disclosed(likert, hiddenPoint)).toEqual([]);
    const segmentPoint = publish(likert, choiceRows(likert, { 's1|FR|10-19': [20, 15, 12, 0, 3], 's2|FR|10-19': [12, 14, 20, 25, 30] }));
    expect(segmentPoint.mean).not.toBeNull();
    expect(segmentPoint.crossTabs[0]!.cells.map((c) => c.mean === null)).toEqual([true, true]);
    expect(disclosed(likert, segmentPoint)).toEqual([]);
  });
});

describe('a conditional question gives back no count another question suppressed (k = 11)', () => {
  // q1: Yes / No / Unsure; q2 is shown to those who said Yes (its base n is q1's Yes count).
  const q1: QuestionMeta = { id: 'q1', position: 0, kind: 'SINGLE_CHOICE', prompt: 'Do you?', min: null, max: null, choices: choices('Yes', 'No', 'Unsure') };
  const q2: QuestionMeta = { id: 'q2', position: 1, kind: 'SINGLE_CHOICE', prompt: 'Which?', min: null, max: null, choices: choices('A', 'B'), dependsOn: [0] };
  const report = (yes: number, no: number, unsure: number, dependsOn: number[] = [0]) => {
    const rows = [...choiceRows(q1, { 'cardiology|FR|10-19': [yes, no, unsure] }), ...choiceRows(q2, { 'cardiology|FR|10-19': [Math.ceil(yes / 2), Math.floor(yes / 2)] })];
    return composeReport({ respondents: yes + no + unsure, questions: [q1, { ...q2, dependsOn }], rows, numbers: new Map(), texts: new Map() }, { k: K, epsilon: null }).questions;
  };

  it('suppresses it whole when the question it depends on hides a count (here Unsure = 3, and Yes with it)', () => {
    const [first, second] = report(30, 40, 3);
    expect(first!.choices.map((c) => c.suppressed)).toEqual([true, false, true]);
    // Published, q2's n = 30 would give back Yes, then Unsure = respondents − 40 − 30.
    expect(second).toMatchObject({ suppressed: true, n: 0, crossTabs: [] });
    // The same answers without the condition publish q2.
    expect(report(30, 40, 3, [])[1]!.n).toBe(30);
  });

  it('suppresses it when fewer than k were not shown it (they are a small group of their own)', () => {
    const [first, second] = report(60, 6, 0);
    expect(second!.suppressed).toBe(true);
    expect(first!.choices[1]!.suppressed).toBe(true);
  });

  it('publishes it, without cross-tabs, when everything it depends on is published', () => {
    const [first, second] = report(30, 40, 20);
    expect(first!.choices.every((c) => !c.suppressed)).toBe(true);
    expect(second).toMatchObject({ suppressed: false, n: 30, crossTabs: [] });
  });
});
