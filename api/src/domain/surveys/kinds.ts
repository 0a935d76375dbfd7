/**
 * The rules of the question kinds and options added for research surveys (#17 point 2): MATRIX
 * (items on one Likert scale), RANKING (all choices, or the top N, in order), an "other
 * (specify)" choice on single- and multiple-choice questions, and choices shown in a random
 * order. How they are stored: docs/reports.md, "Matrix, ranking and other (specify)".
 */
import { choiceLabels, labelProblem, MAX_CHOICES, MAX_CHOICE_LENGTH, type QuestionArgs, type QuestionProblem } from './questions.ts';

export const MAX_ITEMS = 20;
/** An "other (specify)" answer's text: short, it names the other choice, it is no essay. */
export const OTHER_TEXT_MAX = 200;
const SHUFFLED_KINDS = new Set(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'RANKING', 'MATRIX']);

function itemsProblem({ kind, items }: QuestionArgs, kindName: string): QuestionProblem | null {
  const given = items ?? [];
  if (kind !== 'MATRIX') return given.length > 0 ? { field: 'items', reason: 'invalid', message: `only a matrix question takes items, not ${kindName}` } : null;
  if (given.length < 2 || given.length > MAX_ITEMS) return { field: 'items', reason: 'out_of_range', message: `${kindName} needs 2 to ${MAX_ITEMS} items` };
  return labelProblem(given, 'items', 'item');
}

function otherProblem(question: QuestionArgs, kindName: string): QuestionProblem | null {
  const { kind, otherChoice } = question;
  if (otherChoice === null || otherChoice === undefined) return null;
  if (kind !== 'SINGLE_CHOICE' && kind !== 'MULTIPLE_CHOICE') return { field: 'otherChoice', reason: 'invalid', message: `only a single- or multiple-choice question takes an "other (specify)" choice, not ${kindName}` };
  const label = otherChoice.trim();
  if (label.length === 0) return { field: 'otherChoice', reason: 'required', message: 'the "other (specify)" choice needs a label' };
  if (label.length > MAX_CHOICE_LENGTH) return { field: 'otherChoice', reason: 'invalid', message: `the "other (specify)" choice is longer than ${MAX_CHOICE_LENGTH} characters` };
  const all = choiceLabels(question);
  if (all.length > MAX_CHOICES) return { field: 'otherChoice', reason: 'out_of_range', message: `${kindName} takes at most ${MAX_CHOICES} choices, the "other (specify)" one included` };
  const same = all.slice(0, -1).findIndex((l) => l.toLocaleLowerCase() === label.toLocaleLowerCase());
  return same >= 0 ? { field: 'otherChoice', reason: 'invalid', message: `the "other (specify)" choice repeats choice ${same + 1}` } : null;
}

function rankTopProblem({ kind, rankTop, choices }: QuestionArgs, kindName: string): QuestionProblem | null {
  if (rankTop === null || rankTop === undefined) return null;
  if (kind !== 'RANKING') return { field: 'rankTop', reason: 'invalid', message: `only a ranking question takes rankTop, not ${kindName}` };
  const count = choices?.length ?? 0;
  if (!Number.isInteger(rankTop) || rankTop < 1 || rankTop > count) return { field: 'rankTop', reason: 'out_of_range', message: `rankTop must be from 1 to the number of choices (${count})` };
  return null;
}

/** The first thing wrong with a question's kind-specific fields, or null. */
export function kindExtrasProblem(question: QuestionArgs, kindName: string): QuestionProblem | null {
  if (question.shuffleChoices && !SHUFFLED_KINDS.has(question.kind)) {
    return { field: 'shuffleChoices', reason: 'invalid', message: `${kindName} keeps its order: only single-, multiple-choice, ranking and matrix questions can shuffle their choices` };
  }
  return itemsProblem(question, kindName) ?? otherProblem(question, kindName) ?? rankTopProblem(question, kindName);
}

/** The question columns of the new kinds' options. */
export function kindColumns(question: Pick<QuestionArgs, 'kind' | 'rankTop' | 'shuffleChoices'>) {
  return { rankTop: question.kind === 'RANKING' ? (question.rankTop ?? null) : null, shuffleChoices: question.shuffleChoices === true };
}
