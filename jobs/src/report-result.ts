/** The shape of a built report (the `report.result` JSON): written by the worker, read by the API. */

export type QuestionKind = 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'LIKERT' | 'NUMBER' | 'TEXT' | 'MATRIX' | 'RANKING';

export interface ChoiceResult {
  choiceId: string;
  label: string;
  count: number;
  share: number;
  ciLow: number;
  ciHigh: number;
  suppressed: boolean;
  /** The weighted share (see QuestionResult.weighting); null when withheld. Absent from reports built before weights. */
  weighted?: WeightedFigure | null;
}
/** A weighted estimate with its linearisation standard error (as R's svymean on the calibrated design). */
export interface WeightedFigure {
  estimate: number;
  se: number;
  /** 95% interval, estimate ± 1.96 SE (a share's clamped to [0, 1]). */
  ciLow: number;
  ciHigh: number;
  /** Design effect: the variance over a simple random sample's of the same size (null when the frame is smaller than the sample). */
  deff: number | null;
}
/** The weighting rules (docs/reports.md): raking stops when no specialty × country weighted count moves by more than this × n… */
export const RAKE_TOLERANCE = 1e-10;
/** …or after this many passes. */
export const RAKE_MAX_ITERATIONS = 100;
/** No weight above this many times the mean weight; the excess is spread equally over the other respondents (R's trimWeights, strict). */
export const TRIM_FACTOR = 5;
export type WeightingMethod = 'POST_STRATIFICATION' | 'RAKING';
/** Why a question's weighted figures are not published. */
export type WeightingWithheld = 'NO_FRAME' | 'DIFFERENTIAL_PRIVACY' | 'SUPPRESSED' | 'SMALL_CELLS' | 'NUMBER_CELLS' | 'TEXT';
export interface QuestionWeighting {
  /** The segment parts the weights are calibrated on: specialty and country, or specialty alone. */
  dimensions: Dimension[];
  method: WeightingMethod;
  /** Raking passes (0 for post-stratification) and whether the tolerance was reached. */
  iterations: number;
  converged: boolean;
  /** Respondents whose weight was capped at 5 × the mean weight. */
  trimmed: number;
  /** Kish's effective sample size, (Σw)² / Σw². */
  nEffective: number;
}
/** The population frame of the weights, as read when the report was built (counts only). */
export interface ReportFrame {
  source: 'REGISTRY' | 'MEMBERS';
  /** The registries counted (RPPS, NPI); empty for members. */
  registries: string[];
  /** The registry extract's date, or the day the members were counted (YYYY-MM-DD). */
  date: string;
  cells: Array<{ specialty: string; country: string; count: number }>;
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
  /** The mean's 95% interval (t, n − 1), present exactly when the mean is published; absent from reports built before it. */
  meanCiLow?: number;
  meanCiHigh?: number;
  /** LIKERT: the weighted mean; null when withheld. */
  weightedMean?: WeightedFigure | null;
  /** How the question was weighted, or null with the reason in `weightingWithheld`. */
  weighting?: QuestionWeighting | null;
  weightingWithheld?: WeightingWithheld | null;
  /**
   * A MATRIX question is published as one LIKERT result per item (its `questionId` is the
   * item's id, its prompt "question — item"); this names the matrix and the item.
   */
  matrix?: MatrixItemOf | null;
  /** RANKING: `choices` are the counts and shares ranked first; this, each choice's mean rank. */
  ranks?: RankResult[] | null;
}
export interface MatrixItemOf {
  questionId: string;
  prompt: string;
  item: string;
}
export interface RankResult {
  choiceId: string;
  label: string;
  /**
   * The mean of its ranks (1 = first) over the question's n; with a top-N ranking a choice left
   * out counts as N + 1. Null when withheld: any count of the choice × rank table is below k,
   * a figure of the first-rank line is hidden, or differential privacy is on.
   */
  meanRank: number | null;
}
export interface ReportResult {
  /** Responses received (noisy with epsilon). */
  respondents: number;
  k: number;
  /**
   * Set when counts carry discrete Laplace noise (differential privacy); means, medians and
   * free texts are then withheld, since exact ones would escape the noise.
   */
  epsilon: number | null;
  /**
   * With epsilon: the ε the whole report spends (ε per list of counts a respondent can be in,
   * summed over the report; see `privacyBudget`). Absent from reports built before it existed.
   */
  privacyBudget?: number | null;
  questions: QuestionResult[];
  /** The frame the weighted figures are calibrated to (null: none; absent from reports built before weights). */
  frame?: ReportFrame | null;
}

/** The segment parts a cross-tab may break answers down by. */
export const DIMENSIONS = ['specialty', 'country', 'yearsInPractice'] as const;
export type Dimension = (typeof DIMENSIONS)[number];


