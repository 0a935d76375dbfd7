/**
 * The rules of a survey question, by kind, and the rows a valid question is stored as. Pure:
 * the schema turns each problem into a BAD_USER_INPUT naming the question and the field.
 */
import type { QuestionKind } from '@consilium/db';
import type { Condition } from './logic.ts';
import { kindExtrasProblem } from './kinds.ts';

export const MAX_CHOICES = 20;
export const MAX_CHOICE_LENGTH = 300;

/** The five points of a Likert question when the client gives no labels of its own. */
export const LIKERT_LABELS = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'] as const;

export interface QuestionArgs {
  kind: QuestionKind;
  prompt: string;
  choices?: readonly string[] | null;
  /** The survey's second language (translations.ts): checked with the whole survey, not here. */
  promptTranslation?: string | null;
  choiceTranslations?: readonly string[] | null;
  /** MATRIX: its items in the other language; the "other (specify)" label in the other language. */
  itemTranslations?: readonly string[] | null;
  otherChoiceTranslation?: string | null;
  min?: number | null;
  max?: number | null;
  /** Logic (logic.ts): checked with the whole survey (`logicProblems`), not here. */
  showIf?: Condition | null;
  skipIf?: Condition | null;
  skipTo?: number | null;
  /** MATRIX: the items (rows), each answered on the question's scale (kinds.ts). */
  items?: readonly string[] | null;
  /** SINGLE_CHOICE, MULTIPLE_CHOICE: the label of an "other (specify)" choice, stored last. */
  otherChoice?: string | null;
  /** RANKING: rank only the top N (null: every choice). */
  rankTop?: number | null;
  /** Choices (a matrix's items) shown in a random order per respondent. */
  shuffleChoices?: boolean | null;
}

export interface QuestionProblem {
  field: 'choices' | 'min' | 'max' | 'items' | 'otherChoice' | 'rankTop' | 'shuffleChoices';
  reason: 'invalid' | 'required' | 'out_of_range';
  message: string;
}

const KIND_NAME: Record<QuestionKind, string> = {
  SINGLE_CHOICE: 'a single-choice question',
  MULTIPLE_CHOICE: 'a multiple-choice question',
  LIKERT: 'a Likert question',
  NUMBER: 'a number question',
  TEXT: 'a text question',
  MATRIX: 'a matrix question',
  RANKING: 'a ranking question',
};

export function labelProblem(labels: readonly string[], field: 'choices' | 'items' = 'choices', what = 'choice'): QuestionProblem | null {
  const seen = new Map<string, number>();
  for (const [i, raw] of labels.entries()) {
    const label = raw.trim();
    if (label.length === 0) return { field, reason: 'required', message: `${what} ${i + 1} is empty` };
    if (label.length > MAX_CHOICE_LENGTH) return { field, reason: 'invalid', message: `${what} ${i + 1} is longer than ${MAX_CHOICE_LENGTH} characters` };
    const key = label.toLocaleLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return { field, reason: 'invalid', message: `${what} ${i + 1} repeats ${what} ${first + 1}` };
    seen.set(key, i);
  }
  return null;
}

function choicesProblem({ kind, choices }: QuestionArgs): QuestionProblem | null {
  const given = choices ?? [];
  switch (kind) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE':
    case 'RANKING':
      if (given.length < 2 || given.length > MAX_CHOICES) {
        return { field: 'choices', reason: 'out_of_range', message: `${KIND_NAME[kind]} needs 2 to ${MAX_CHOICES} choices` };
      }
      return labelProblem(given);
    case 'LIKERT':
    case 'MATRIX':
      if (given.length !== 0 && given.length !== LIKERT_LABELS.length) {
        return { field: 'choices', reason: 'out_of_range', message: `${KIND_NAME[kind]} takes no choices (the 5 standard points) or exactly 5 labels` };
      }
      return labelProblem(given);
    default:
      return given.length > 0 ? { field: 'choices', reason: 'invalid', message: `${KIND_NAME[kind]} takes no choices` } : null;
  }
}

function rangeProblem({ kind, min, max }: QuestionArgs): QuestionProblem | null {
  const hasMin = min !== null && min !== undefined;
  const hasMax = max !== null && max !== undefined;
  if (kind !== 'NUMBER') {
    if (hasMin || hasMax) return { field: hasMin ? 'min' : 'max', reason: 'invalid', message: `only a number question takes min and max` };
    return null;
  }
  if (!hasMin) return { field: 'min', reason: 'required', message: `${KIND_NAME.NUMBER} needs a min` };
  if (!hasMax) return { field: 'max', reason: 'required', message: `${KIND_NAME.NUMBER} needs a max` };
  if (!(min < max)) return { field: 'max', reason: 'out_of_range', message: `max must be greater than min` };
  return null;
}

/** The first thing wrong with a question (its prompt is checked by the schema), or null. */
export function questionProblem(question: QuestionArgs): QuestionProblem | null {
  return choicesProblem(question) ?? rangeProblem(question) ?? kindExtrasProblem(question, KIND_NAME[question.kind]);
}

/**
 * The labels of a valid question's answer choices, in position order: its options (the scale
 * of a LIKERT or MATRIX question) and its "other (specify)" choice last. A matrix's items come
 * after them (`choiceRows` in kinds.ts).
 */
export function choiceLabels(question: QuestionArgs): string[] {
  const given = (question.choices ?? []).map((c) => c.trim());
  if ((question.kind === 'LIKERT' || question.kind === 'MATRIX') && given.length === 0) return [...LIKERT_LABELS];
  const other = question.otherChoice?.trim();
  return other ? [...given, other] : given;
}
