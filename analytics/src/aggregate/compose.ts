/**
 * From the survey's frequency table (what SQL aggregated: how many answers gave each
 * combination of question, segment and choices, with the sum of their numbers, and how many
 * gave each value of a NUMBER question) to the report as published. Every privacy rule is
 * applied here, before the report is stored: a figure that must not be shown is never written
 * anywhere.
 */
import { DIMENSIONS, type ChoiceResult, type CrossTabCell, type Dimension, type MatrixItemOf, type QuestionKind, type QuestionResult, type ReportResult } from '@consilium/jobs/report-result';
import { isSmall, noisyCount, suppressLines, suppressSiblings, cryptoUniform, type Uniform } from './privacy.ts';
import { meanInterval, totalOf, weightedMedian, wilson, type Weighted } from './stats.ts';

export interface QuestionMeta {
  id: string;
  position: number;
  kind: QuestionKind;
  prompt: string;
  min: number | null;
  max: number | null;
  /** In their order; a LIKERT point's value is its position + 1. */
  choices: Array<{ id: string; label: string }>;
  /**
   * The positions of the questions whose answers decide whether this one is shown, through its own
   * condition or an earlier question's skip, transitively (docs/survey-logic.md); empty: always shown.
   */
  dependsOn?: readonly number[];
  /** MATRIX: its items (after `choices`, its scale, in position order); see kinds.ts. */
  items?: Array<{ id: string; label: string }>;
  /** RANKING: how many choices are ranked (null: all). */
  rankTop?: number | null;
  /** A matrix item composed as a LIKERT question (kinds.ts). */
  matrix?: MatrixItemOf;
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
  /** TEXT answers of each question with at least k answers, already shuffled (none with epsilon). */
  texts: Map<string, string[]>;
  /**
   * With epsilon: the values each dimension's cross-tab lists, fixed before looking at the
   * answers (a list read from the answers would tell which segments have a respondent). A
   * dimension without one is not cross-tabulated under differential privacy.
   */
  domains?: Partial<Record<Dimension, readonly string[]>>;
}

// A RANKING is composed on its first choices (kinds.ts): one per answer, like a single choice.
const isChoiceKind = (kind: QuestionKind) => kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE' || kind === 'LIKERT' || kind === 'RANKING';
/** Whether the choice counts of a question add up to its n (one choice per answer). */
const isAdditive = (kind: QuestionKind) => kind === 'SINGLE_CHOICE' || kind === 'LIKERT' || kind === 'RANKING';

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

/**
 * How many lists of counts a respondent can be in, for one question: each list (n, the choices,
 * a dimension's segments, its cells, the bins) is a histogram over disjoint groups, so adding or
 * removing one respondent changes each count of it by at most 1 and at most one count — except
 * for multiple choice, where a respondent is in up to p choices. Under ε-DP each such list costs ε.
 */
export function listsOf(kind: QuestionKind, choices: number, dimensions: number): number {
  switch (kind) {
    case 'SINGLE_CHOICE':
    case 'LIKERT':
    case 'RANKING':
      return 2 + 2 * dimensions;
    case 'MATRIX':
      // Composed per item (kinds.ts), each a LIKERT question: never reached.
      return 0;
    case 'MULTIPLE_CHOICE':
      return 1 + choices + dimensions * (1 + choices);
    case 'NUMBER':
      return 2 + dimensions;
    case 'TEXT':
      return 1;
  }
}

/** A question's counts, noised (with epsilon) before anything is decided from them. */
interface Noised {
  overall: Tally;
  tabs: Tally[][];
  bins: number[];
}

class Composer {
  private readonly uniform: Uniform;
  constructor(private readonly options: ComposeOptions) {
    this.uniform = options.uniform ?? cryptoUniform;
  }

  /** Whether differential privacy is on. */
  get dp(): boolean {
    return this.options.epsilon !== null;
  }

  noisy(count: number): number {
    return noisyCount(count, this.options.epsilon, this.uniform);
  }

  private noisyTally(t: Tally): Tally {
    return { n: this.noisy(t.n), choices: t.choices.map((c) => this.noisy(c)), sum: t.sum };
  }

  /**
   * A mean, unless differential privacy is on (an exact mean would escape the noise) or a figure
   * of its line is hidden: with n, a mean is a second equation on the hidden counts (LIKERT
   * points, NUMBER bins). A NUMBER segment never has one: its values are not binned per segment,
   * so nothing shows that its mean does not describe a handful of answers (with 0/1 answers, the
   * mean × n is the count of 1s), and the segments' means add up to the question's.
   */
  private mean(question: QuestionMeta, t: Tally, hidden: readonly boolean[], segment: boolean): number | null {
    if (this.dp || t.n === 0 || hidden.some(Boolean)) return null;
    if (question.kind === 'NUMBER' && segment) return null;
    return t.sum / t.n;
  }

  /** Choice results of a group of answers, from its (noisy) counts and published n. */
  private choices(question: QuestionMeta, counts: readonly number[], suppressed: readonly boolean[], publishedN: number): ChoiceResult[] {
    return question.choices.map((choice, i) => {
      if (suppressed[i]) return { choiceId: choice.id, label: choice.label, count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true };
      const count = counts[i]!;
      const n = Math.max(publishedN, count);
      const { low, high } = wilson(count, n);
      return { choiceId: choice.id, label: choice.label, count, share: n > 0 ? count / n : 0, ciLow: low, ciHigh: high, suppressed: false };
    });
  }

  /**
   * The bins' bounds and true counts; the range is the question's (else the answers', except under
   * DP: the answers' extremes would be published exactly).
   */
  private bins(question: QuestionMeta, values: readonly Weighted[]): { low: number; width: number; high: number; counts: number[] } | null {
    if (this.dp ? question.min === null || question.max === null : values.length === 0) return null;
    const low = question.min ?? Math.min(...values.map((v) => v.value));
    const high = question.max ?? Math.max(...values.map((v) => v.value));
    const width = (high - low) / HISTOGRAM_BINS;
    const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const v of values) {
      const bin = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor((v.value - low) / width))) : 0;
      counts[bin]! += v.count;
    }
    return { low, width, high, counts };
  }

  question(question: QuestionMeta, rows: readonly FrequencyRow[], numbers: readonly Weighted[], texts: readonly string[] | undefined, domains: ComposeInput['domains']): QuestionResult {
    const overall = tally(question, rows);
    const base = { questionId: question.id, prompt: question.prompt, kind: question.kind, ...(question.matrix && { matrix: question.matrix }) };
    const tabs = this.tabs(question, rows, domains);
    const bins = question.kind === 'NUMBER' ? this.bins(question, numbers) : null;
    // Every count is noised first; what is suppressed is decided on the noisy counts only.
    const noised: Noised = { overall: this.noisyTally(overall), tabs: tabs.map((t) => t.tallies.map((x) => this.noisyTally(x))), bins: (bins?.counts ?? []).map((c) => this.noisy(c)) };
    const n = noised.overall.n;
    if (n < this.options.k) {
      return {
        ...base, n: 0, suppressed: true, mean: null, median: null, histogram: [], texts: [], crossTabs: [],
        choices: question.choices.map((c) => ({ choiceId: c.id, label: c.label, count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true })),
      };
    }
    const hidden = suppressQuestion(question, noised.overall, noised.tabs, this.options.k);
    const hiddenBins = suppressSiblings(noised.bins, this.options.k);
    const choiceKind = isChoiceKind(question.kind);
    const values: Weighted[] =
      question.kind === 'LIKERT' ? overall.choices.map((count, i) => ({ value: i + 1, count })) : question.kind === 'NUMBER' ? [...numbers] : [];
    // The question's statistics go with any hidden figure of its line: a point or a bin.
    const mean = hasMean(question.kind) ? this.mean(question, overall, question.kind === 'NUMBER' ? hiddenBins : hidden.choices, false) : null;
    return {
      ...base,
      n,
      suppressed: false,
      choices: choiceKind ? this.choices(question, noised.overall.choices, hidden.choices, n) : [],
      mean,
      median: mean !== null && totalOf(values) > 0 ? weightedMedian(values) : null,
      // Published with the mean only: every point or bin of its line is then shown (docs/waves.md).
      ...(mean !== null ? meanCi(values) : {}),
      histogram: bins
        ? noised.bins.map((count, i) => ({
            low: bins.low + i * bins.width,
            high: i === HISTOGRAM_BINS - 1 ? bins.high : bins.low + (i + 1) * bins.width,
            count: hiddenBins[i] ? 0 : count,
            suppressed: hiddenBins[i]!,
          }))
        : [],
      // Free text only from k answers up, never in cross-tabs, and never under differential
      // privacy (a text is an exact answer: no noise covers it).
      texts: question.kind === 'TEXT' && !this.dp ? [...(texts ?? [])] : [],
      crossTabs: tabs.map(({ dimension, segments, tallies }, d) => ({
        dimension,
        cells: segments.flatMap((segment, i): CrossTabCell[] => {
          const cellN = noised.tabs[d]![i]!.n;
          // Under DP the segments are a fixed domain, most of them empty: only those with a
          // published, non-zero (noisy) n are listed.
          if (this.dp && (hidden.segments[d]![i] || cellN === 0)) return [];
          if (hidden.segments[d]![i]) return [{ segment, n: 0, suppressed: true, choices: [], mean: null }];
          return [{
            segment,
            n: cellN,
            suppressed: false,
            choices: choiceKind ? this.choices(question, noised.tabs[d]![i]!.choices, hidden.cells[d]![i]!, cellN) : [],
            mean: hasMean(question.kind) ? this.mean(question, tallies[i]!, hidden.cells[d]![i]!, true) : null,
          }];
        }),
      })),
    };
  }

  /** The cross-tabs' groups: the segments found in the answers, or under DP the fixed domain. */
  private tabs(question: QuestionMeta, rows: readonly FrequencyRow[], domains: ComposeInput['domains']) {
    const dimensions = question.kind === 'TEXT' ? [] : DIMENSIONS.filter((d) => !this.dp || domains?.[d] !== undefined);
    return dimensions.map((dimension) => {
      const groups = new Map<string, FrequencyRow[]>((this.dp ? domains![dimension]! : []).map((value) => [value, []]));
      for (const row of rows) {
        const value = dimensionValue(row.segment, dimension);
        const group = groups.get(value);
        if (group) group.push(row);
        else if (!this.dp) groups.set(value, [row]);
      }
      const segments = [...groups.keys()].sort();
      return { dimension, segments, tallies: segments.map((s) => tally(question, groups.get(s)!)) };
    });
  }
}

/**
 * The ε a report spends under differential privacy: ε for the respondent count, plus ε for each
 * list of counts of each question (`listsOf`), by sequential composition. Null without epsilon.
 */
export function privacyBudget(questions: readonly QuestionMeta[], epsilon: number | null, domains: ComposeInput['domains']): number | null {
  if (epsilon === null) return null;
  const dimensions = DIMENSIONS.filter((d) => domains?.[d] !== undefined).length;
  const lists = questions.reduce((sum, q) => sum + listsOf(q.kind, q.choices.length, q.kind === 'TEXT' ? 0 : dimensions), 1);
  return lists * epsilon;
}

/**
 * The published report: every count noised first (with epsilon), suppression and complementary
 * suppression decided on what is published, means and medians withheld wherever they could
 * give a hidden figure back.
 */
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
    respondents: composer.noisy(input.respondents),
    k: options.k,
    epsilon: options.epsilon,
    ...(options.epsilon !== null && { privacyBudget: privacyBudget(questions, options.epsilon, input.domains) }),
    questions: protectConditionalBases(
      questions,
      questions.map((q) => composer.question(q, byQuestion.get(q.id) ?? [], input.numbers.get(q.id) ?? [], input.texts.get(q.id), input.domains)),
      input.respondents,
      options,
    ),
  };
}

/** Whether a question's overall line hides a figure (its cross-tabs do not matter: see below). */
const hidesSomething = (r: QuestionResult) => r.suppressed || r.choices.some((c) => c.suppressed) || r.histogram.some((b) => b.suppressed);

/**
 * A conditional question's base n is the size of a group its condition draws from other questions'
 * answers ("said Yes to question 1"): published, it could give back a count those questions
 * suppressed, or single out the few who were not shown it. So, without differential privacy (whose
 * noise covers every n), a conditional question is published only when no question it depends on
 * hides a figure of its overall line and those not shown it are none or at least k; and never with
 * cross-tabs, whose segment bases would be such groups within each segment (which is why the
 * others' cross-tabs do not matter: only the overall base is published). Otherwise it is
 * suppressed whole.
 */
export function protectConditionalBases(questions: readonly QuestionMeta[], results: QuestionResult[], respondents: number, options: ComposeOptions): QuestionResult[] {
  if (options.epsilon !== null) return results;
  const byPosition = new Map(questions.map((q, i) => [q.position, results[i]!]));
  return results.map((r, i) => {
    const dependsOn = questions[i]!.dependsOn ?? [];
    if (dependsOn.length === 0 || r.suppressed) return r;
    const notShown = respondents - r.n;
    const safe = (notShown === 0 || notShown >= options.k) && dependsOn.every((p) => !hidesSomething(byPosition.get(p) ?? r));
    if (safe) return { ...r, crossTabs: [] };
    return {
      ...r, n: 0, suppressed: true, mean: null, median: null, histogram: [], texts: [], crossTabs: [],
      choices: r.choices.map((c) => ({ choiceId: c.choiceId, label: c.label, count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true })),
    };
  });
}

/** A published mean's 95% interval, as the report stores it. */
function meanCi(values: readonly Weighted[]): { meanCiLow: number; meanCiHigh: number } | Record<string, never> {
  const interval = meanInterval(values);
  return interval ? { meanCiLow: interval.low, meanCiHigh: interval.high } : {};
}
