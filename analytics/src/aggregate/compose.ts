/**
 * From the survey's frequency table (what SQL aggregated: how many answers gave each
 * combination of question, segment, choices and number) to the report as published. Every
 * privacy rule is applied here, before the report is stored: a figure that must not be shown
 * is never written anywhere.
 */
import { noisyCount, suppressSiblings, cryptoUniform, type Uniform } from './privacy.ts';
import { weightedMean, weightedMedian, wilson, type Weighted } from './stats.ts';

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

/** One row of the frequency table. */
export interface FrequencyRow {
  questionId: string;
  /** "specialty|country|band". */
  segment: string;
  choiceIds: string[];
  number: number | null;
  count: number;
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
  /** Set when counts carry discrete Laplace noise (differential privacy). */
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
  /** TEXT answers of each question with at least k answers, already shuffled. */
  texts: Map<string, string[]>;
}

const isChoiceKind = (kind: QuestionKind) => kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE' || kind === 'LIKERT';
/** Whether the choice counts of a question add up to its n (one choice per answer). */
const isAdditive = (kind: QuestionKind) => kind === 'SINGLE_CHOICE' || kind === 'LIKERT';

function dimensionValue(segment: string, dimension: Dimension): string {
  return segment.split('|')[DIMENSIONS.indexOf(dimension)] ?? '';
}

/** The values a question's rows give (LIKERT: the point's rank, NUMBER: the number). */
function valuesOf(question: QuestionMeta, rows: readonly FrequencyRow[]): Weighted[] {
  if (question.kind === 'NUMBER') return rows.filter((r) => r.number !== null).map((r) => ({ value: r.number!, count: r.count }));
  if (question.kind !== 'LIKERT') return [];
  const rank = new Map(question.choices.map((c, i) => [c.id, i + 1]));
  return rows.flatMap((r) => r.choiceIds.filter((id) => rank.has(id)).map((id) => ({ value: rank.get(id)!, count: r.count })));
}

const hasMean = (kind: QuestionKind) => kind === 'LIKERT' || kind === 'NUMBER';

class Composer {
  private readonly uniform: Uniform;
  constructor(private readonly options: ComposeOptions) {
    this.uniform = options.uniform ?? cryptoUniform;
  }

  private noisy(count: number): number {
    return noisyCount(count, this.options.epsilon, this.uniform);
  }

  /** Choice results over a group of rows of n answers (n already noised when it is published). */
  private choices(question: QuestionMeta, rows: readonly FrequencyRow[], publishedN: number): ChoiceResult[] {
    const counts = question.choices.map((c) => rows.reduce((sum, r) => sum + (r.choiceIds.includes(c.id) ? r.count : 0), 0));
    const suppressed = suppressSiblings(counts, this.options.k, isAdditive(question.kind));
    return question.choices.map((choice, i) => {
      if (suppressed[i]) return { choiceId: choice.id, label: choice.label, count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true };
      const count = this.noisy(counts[i]!);
      const n = Math.max(publishedN, count);
      const { low, high } = wilson(count, n);
      return { choiceId: choice.id, label: choice.label, count, share: n > 0 ? count / n : 0, ciLow: low, ciHigh: high, suppressed: false };
    });
  }

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

  private crossTab(question: QuestionMeta, rows: readonly FrequencyRow[], dimension: Dimension): CrossTab {
    const groups = new Map<string, FrequencyRow[]>();
    for (const row of rows) {
      const value = dimensionValue(row.segment, dimension);
      const group = groups.get(value);
      if (group) group.push(row);
      else groups.set(value, [row]);
    }
    const segments = [...groups.keys()].sort();
    const ns = segments.map((s) => groups.get(s)!.reduce((sum, r) => sum + r.count, 0));
    // The cells of a dimension add up to the question's n: complementary suppression applies.
    const suppressed = suppressSiblings(ns, this.options.k).map((s, i) => s || ns[i]! < this.options.k);
    return {
      dimension,
      cells: segments.map((segment, i) => {
        if (suppressed[i]) return { segment, n: 0, suppressed: true, choices: [], mean: null };
        const cellRows = groups.get(segment)!;
        const n = this.noisy(ns[i]!);
        return {
          segment,
          n,
          suppressed: false,
          choices: isChoiceKind(question.kind) ? this.choices(question, cellRows, n) : [],
          mean: hasMean(question.kind) ? weightedMean(valuesOf(question, cellRows)) : null,
        };
      }),
    };
  }

  question(question: QuestionMeta, rows: readonly FrequencyRow[], texts: readonly string[] | undefined): QuestionResult {
    const trueN = rows.reduce((sum, r) => sum + r.count, 0);
    const base = { questionId: question.id, prompt: question.prompt, kind: question.kind };
    if (trueN < this.options.k) {
      return {
        ...base, n: 0, suppressed: true, mean: null, median: null, histogram: [], texts: [], crossTabs: [],
        choices: question.choices.map((c) => ({ choiceId: c.id, label: c.label, count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true })),
      };
    }
    const n = this.noisy(trueN);
    const values = valuesOf(question, rows);
    return {
      ...base,
      n,
      suppressed: false,
      choices: isChoiceKind(question.kind) ? this.choices(question, rows, n) : [],
      mean: hasMean(question.kind) ? weightedMean(values) : null,
      median: hasMean(question.kind) ? weightedMedian(values) : null,
      histogram: question.kind === 'NUMBER' ? this.histogram(question, values) : [],
      // Free text only from k answers up, and never in cross-tabs.
      texts: question.kind === 'TEXT' ? [...(texts ?? [])] : [],
      crossTabs: question.kind === 'TEXT' ? [] : DIMENSIONS.map((d) => this.crossTab(question, rows, d)),
    };
  }
}

/** The published report: suppression, complementary suppression and (with epsilon) noise applied. */
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
    questions: questions.map((q) => composer.question(q, byQuestion.get(q.id) ?? [], input.texts.get(q.id))),
  };
}
