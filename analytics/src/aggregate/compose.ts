/**
 * From the survey's frequency table (what SQL aggregated: how many answers gave each
 * combination of question, segment and choices, with the sum of their numbers, and how many
 * gave each value of a NUMBER question) to the report as published. Every privacy rule is
 * applied here, before the report is stored: a figure that must not be shown is never written
 * anywhere.
 */
import { isSmall, noisyCount, suppressLines, suppressSiblings, cryptoUniform, type Uniform } from './privacy.ts';
import { totalOf, weightedMedian, wilson, type Weighted } from './stats.ts';

export type QuestionKind = 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'LIKERT' | 'NUMBER' | 'TEXT';

export interface QuestionMeta {
  id: string;
  position: number;
  kind: QuestionKind;
  prompt: string;
  min: number | null;
  max: number | null;
  /** In their order; a LIKERT point's value is its position + 1. */
  choices: Array<{ id: string; label: string }>;
}

/** One row of the frequency table: the answers of one segment that chose the same choices. */
export interface FrequencyRow {
  questionId: string;
  /** "specialty|country|band". */
  segment: string;
  choiceIds: string[];
  count: number;
  /** NUMBER questions: the sum of the rows' numbers (null otherwise). */
  sum: number | null;
}

export interface ChoiceResult {
  choiceId: string;
  label: string;
  count: number;
  share: number;
  ciLow: number;
  ciHigh: number;
  suppressed: boolean;
}
export interface CrossTabCell {
  segment: string;
  n: number;
  suppressed: boolean;
  choices: ChoiceResult[];
  mean: number | null;
}
export interface CrossTab {
  dimension: Dimension;
  cells: CrossTabCell[];
}
export interface HistogramBin {
  low: number;
  high: number;
  count: number;
  suppressed: boolean;
}
export interface QuestionResult {
  questionId: string;
  prompt: string;
  kind: QuestionKind;
  n: number;
  suppressed: boolean;
  choices: ChoiceResult[];
  mean: number | null;
  median: number | null;
  histogram: HistogramBin[];
  texts: string[];
  crossTabs: CrossTab[];
}
export interface ReportResult {
  respondents: number;
  k: number;
  /**
   * Set when counts carry discrete Laplace noise (differential privacy); means and medians are
   * then withheld (null), since exact ones would escape the noise.
   */
  epsilon: number | null;
  questions: QuestionResult[];
}

export const DIMENSIONS = ['specialty', 'country', 'yearsInPractice'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const HISTOGRAM_BINS = 10;

export interface ComposeOptions {
  k: number;
  epsilon: number | null;
  /** The noise source; the cryptographic generator unless a test injects a seeded one. */
  uniform?: Uniform;
}

export interface ComposeInput {
  respondents: number;
  questions: QuestionMeta[];
  rows: FrequencyRow[];
  /** NUMBER questions: how many answers gave each value, over the whole survey. */
  numbers: Map<string, Weighted[]>;
  /** TEXT answers of each question with at least k answers, already shuffled. */
  texts: Map<string, string[]>;
}

const isChoiceKind = (kind: QuestionKind) => kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE' || kind === 'LIKERT';
/** Whether the choice counts of a question add up to its n (one choice per answer). */
const isAdditive = (kind: QuestionKind) => kind === 'SINGLE_CHOICE' || kind === 'LIKERT';

function dimensionValue(segment: string, dimension: Dimension): string {
  return segment.split('|')[DIMENSIONS.indexOf(dimension)] ?? '';
}

const hasMean = (kind: QuestionKind) => kind === 'LIKERT' || kind === 'NUMBER';

/** What the rows of one group of answers (a question, or one segment of a dimension) add up to. */
interface Tally {
  n: number;
  /** Per choice, in the question's order. */
  choices: number[];
  /** The sum of the values (LIKERT: points 1 to 5; NUMBER: the numbers). */
  sum: number;
}

function tally(question: QuestionMeta, rows: readonly FrequencyRow[]): Tally {
  const index = new Map(question.choices.map((c, i) => [c.id, i]));
  const t: Tally = { n: 0, choices: question.choices.map(() => 0), sum: 0 };
  for (const row of rows) {
    t.n += row.count;
    t.sum += row.sum ?? 0;
    for (const id of row.choiceIds) {
      const i = index.get(id);
      if (i === undefined) continue;
      t.choices[i]! += row.count;
      if (question.kind === 'LIKERT') t.sum += (i + 1) * row.count;
    }
  }
  return t;
}

/**
 * Which figures of a question are suppressed, over all its cross-tabs at once: small counts,
 * then complementary suppression along every relation a reader knows — the overall choices
 * (single choice, Likert) add up to n; each dimension's segments add up to n; in each
 * cross-tab a segment's cells add up to its n (single choice, Likert) and a choice's cells add
 * up to its overall count (every choice kind). A suppressed segment takes all its cells.
 */
export interface Suppression {
  choices: boolean[];
  /** Per dimension, per segment: the segment, and its cells. */
  segments: boolean[][];
  cells: boolean[][][];
}

export function suppressQuestion(question: QuestionMeta, overall: Tally, tabs: ReadonlyArray<readonly Tally[]>, k: number): Suppression {
  const choiceKind = isChoiceKind(question.kind);
  const additive = isAdditive(question.kind);
  const p = choiceKind ? question.choices.length : 0;
  const values: number[] = [];
  const add = (v: number) => values.push(v) - 1;
  const choiceEntries = overall.choices.slice(0, p).map(add);
  const segmentEntries = tabs.map((tab) => tab.map((t) => add(t.n)));
  const cellEntries = tabs.map((tab) => tab.map((t) => t.choices.slice(0, p).map(add)));
  const owned = new Map<number, number[]>();
  const lines: number[][] = [];
  if (additive) lines.push(choiceEntries);
  tabs.forEach((tab, d) => {
    lines.push(segmentEntries[d]!);
    tab.forEach((_, i) => {
      owned.set(segmentEntries[d]![i]!, cellEntries[d]![i]!);
      if (additive) lines.push([...cellEntries[d]![i]!, segmentEntries[d]![i]!]);
    });
    for (let j = 0; j < p; j++) lines.push([...tab.map((_, i) => cellEntries[d]![i]![j]!), choiceEntries[j]!]);
  });
  const suppressed = suppressLines(values, values.map((v) => isSmall(v, k)), lines, (e) => owned.get(e) ?? []);
  return {
    choices: choiceEntries.map((e) => suppressed[e]!),
    segments: segmentEntries.map((tab) => tab.map((e) => suppressed[e]!)),
    cells: cellEntries.map((tab) => tab.map((row) => row.map((e) => suppressed[e]!))),
  };
}

class Composer {
  private readonly uniform: Uniform;
  constructor(private readonly options: ComposeOptions) {
    this.uniform = options.uniform ?? cryptoUniform;
  }

  private noisy(count: number): number {
    return noisyCount(count, this.options.epsilon, this.uniform);
  }

  /**
   * A mean, unless differential privacy is on (an exact mean would escape the noise), or a LIKERT
   * point of the same line is hidden (with n, the mean is a second equation on the hidden counts).
   */
  private mean(question: QuestionMeta, t: Tally, hidden: readonly boolean[]): number | null {
    if (this.options.epsilon !== null || t.n === 0) return null;
    if (question.kind === 'LIKERT' && hidden.some(Boolean)) return null;
    return t.sum / t.n;
  }

  /** Choice results of a group of answers (n already noised when it is published). */
  private choices(question: QuestionMeta, counts: readonly number[], suppressed: readonly boolean[], publishedN: number): ChoiceResult[] {
    return question.choices.map((choice, i) => {
      if (suppressed[i]) return { choiceId: choice.id, label: choice.label, count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true };
      const count = this.noisy(counts[i]!);
      const n = Math.max(publishedN, count);
      const { low, high } = wilson(count, n);
      return { choiceId: choice.id, label: choice.label, count, share: n > 0 ? count / n : 0, ciLow: low, ciHigh: high, suppressed: false };
    });
  }

  /** Bins add up to the question's n: the same complementary suppression as siblings. */
  private histogram(question: QuestionMeta, values: readonly Weighted[]): HistogramBin[] {
    if (values.length === 0) return [];
    const low = question.min ?? Math.min(...values.map((v) => v.value));
    const high = question.max ?? Math.max(...values.map((v) => v.value));
    const width = (high - low) / HISTOGRAM_BINS;
    const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const v of values) {
      const bin = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor((v.value - low) / width))) : 0;
      counts[bin]! += v.count;
    }
    const suppressed = suppressSiblings(counts, this.options.k);
    return counts.map((count, i) => ({
      low: low + i * width,
      high: i === HISTOGRAM_BINS - 1 ? high : low + (i + 1) * width,
      count: suppressed[i] ? 0 : this.noisy(count),
      suppressed: suppressed[i]!,
    }));
  }

  question(question: QuestionMeta, rows: readonly FrequencyRow[], numbers: readonly Weighted[], texts: readonly string[] | undefined): QuestionResult {
    const overall = tally(question, rows);
    const base = { questionId: question.id, prompt: question.prompt, kind: question.kind };
    if (overall.n < this.options.k) {
      return {
        ...base, n: 0, suppressed: true, mean: null, median: null, histogram: [], texts: [], crossTabs: [],
        choices: question.choices.map((c) => ({ choiceId: c.id, label: c.label, count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true })),
      };
    }
    const n = this.noisy(overall.n);
    const dimensions = question.kind === 'TEXT' ? [] : DIMENSIONS;
    const tabs = dimensions.map((dimension) => {
      const groups = new Map<string, FrequencyRow[]>();
      for (const row of rows) {
        const value = dimensionValue(row.segment, dimension);
        const group = groups.get(value);
        if (group) group.push(row);
        else groups.set(value, [row]);
      }
      const segments = [...groups.keys()].sort();
      return { dimension, segments, tallies: segments.map((s) => tally(question, groups.get(s)!)) };
    });
    const hidden = suppressQuestion(question, overall, tabs.map((t) => t.tallies), this.options.k);
    const choiceKind = isChoiceKind(question.kind);
    const values: Weighted[] =
      question.kind === 'LIKERT' ? overall.choices.map((count, i) => ({ value: i + 1, count })) : question.kind === 'NUMBER' ? [...numbers] : [];
    return {
      ...base,
      n,
      suppressed: false,
      choices: choiceKind ? this.choices(question, overall.choices, hidden.choices, n) : [],
      mean: hasMean(question.kind) ? this.mean(question, overall, hidden.choices) : null,
      median: hasMean(question.kind) && this.mean(question, overall, hidden.choices) !== null && totalOf(values) > 0 ? weightedMedian(values) : null,
      histogram: question.kind === 'NUMBER' ? this.histogram(question, values) : [],
      // Free text only from k answers up, and never in cross-tabs.
      texts: question.kind === 'TEXT' ? [...(texts ?? [])] : [],
      crossTabs: tabs.map(({ dimension, segments, tallies }, d) => ({
        dimension,
        cells: segments.map((segment, i) => {
          // A suppressed segment carries nothing: no n, no choice, no mean.
          if (hidden.segments[d]![i]) return { segment, n: 0, suppressed: true, choices: [], mean: null };
          const t = tallies[i]!;
          const cellN = this.noisy(t.n);
          return {
            segment,
            n: cellN,
            suppressed: false,
            choices: choiceKind ? this.choices(question, t.choices, hidden.cells[d]![i]!, cellN) : [],
            mean: hasMean(question.kind) ? this.mean(question, t, hidden.cells[d]![i]!) : null,
          };
        }),
      })),
    };
  }
}

/** The published report: suppression, complementary suppression and (with epsilon) noise applied, means and medians withheld. */
export function composeReport(input: ComposeInput, options: ComposeOptions): ReportResult {
  const composer = new Composer(options);
  const byQuestion = new Map<string, FrequencyRow[]>();
  for (const row of input.rows) {
    const rows = byQuestion.get(row.questionId);
    if (rows) rows.push(row);
    else byQuestion.set(row.questionId, [row]);
  }
  const questions = [...input.questions].sort((a, b) => a.position - b.position);
  return {
    respondents: input.respondents,
    k: options.k,
    epsilon: options.epsilon,
    questions: questions.map((q) => composer.question(q, byQuestion.get(q.id) ?? [], input.numbers.get(q.id) ?? [], input.texts.get(q.id))),
  };
}
