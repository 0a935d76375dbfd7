/** Sample report questions for the unit tests, shaped as the API's `Report.questions`. */
import type { ChoiceResult, QuestionResult } from '$lib/graphql/reports.ts';

const round = (x: number) => Math.round(x * 1000) / 1000;

export function choice(choiceId: string, label: string, count: number, share: number, ci = 0.1): ChoiceResult {
  return { choiceId, label, count, share, ciLow: round(Math.max(0, share - ci)), ciHigh: round(Math.min(1, share + ci)), suppressed: false, weighted: null };
}

export function suppressedChoice(choiceId: string, label: string): ChoiceResult {
  return { choiceId, label, count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true, weighted: null };
}

export function question(overrides: Partial<QuestionResult> = {}): QuestionResult {
  return {
    questionId: 'q1',
    prompt: 'Do you prescribe a DOAC first?',
    kind: 'SINGLE_CHOICE',
    n: 30,
    suppressed: false,
    mean: null,
    meanCiLow: null,
    meanCiHigh: null,
    median: null,
    texts: [],
    choices: [choice('yes', 'Yes', 18, 0.6, 0.17), choice('no', 'No', 12, 0.4, 0.17), suppressedChoice('unsure', 'Unsure')],
    histogram: [],
    crossTabs: [],
    weightedMean: null,
    weighting: null,
    weightingWithheld: null,
    matrix: null,
    ranks: null,
    ...overrides,
  };
}
