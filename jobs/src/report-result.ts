/** The shape of a built report (the `report.result` JSON): written by the worker, read by the API. */

export type QuestionKind = 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'LIKERT' | 'NUMBER' | 'TEXT';

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
}

/** The segment parts a cross-tab may break answers down by. */
export const DIMENSIONS = ['specialty', 'country', 'yearsInPractice'] as const;
export type Dimension = (typeof DIMENSIONS)[number];


