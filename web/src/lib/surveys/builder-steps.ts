/**
 * The steps that rearrange the builder: add, remove, move a question; add, remove, move a choice. Pure,
 * so that the same code runs in the browser (the buttons) and on the server (the same buttons
 * posted without JavaScript, to `?/arrange`).
 */
import type { QuestionKind } from '$lib/graphql/surveys.ts';
import { isChoiceKind, isKind, MAX_CHOICES, MAX_QUESTIONS, newQuestion, type QuestionDraft, type SurveyFormValues } from './survey-form.ts';

export type ArrangeOp =
  | { op: 'add'; kind: QuestionKind }
  | { op: 'remove'; index: number }
  | { op: 'up'; index: number }
  | { op: 'down'; index: number }
  | { op: 'addChoice'; index: number }
  | { op: 'removeChoice'; index: number; choice: number }
  | { op: 'choiceUp'; index: number; choice: number }
  | { op: 'choiceDown'; index: number; choice: number };

/** A button's value ("remove:2") as a step; null for anything else. */
export function parseOp(value: string): ArrangeOp | null {
  const [op, a = '', b = ''] = value.split(':');
  const index = /^\d+$/.test(a) ? Number(a) : -1;
  switch (op) {
    case 'add':
      return isKind(a) ? { op, kind: a } : null;
    case 'remove':
    case 'up':
    case 'down':
    case 'addChoice':
      return index >= 0 ? { op, index } : null;
    case 'removeChoice':
    case 'choiceUp':
    case 'choiceDown':
      return index >= 0 && /^\d+$/.test(b) ? { op, index, choice: Number(b) } : null;
    default:
      return null;
  }
}

/** The value of the button that performs `op`. */
export function opValue(op: ArrangeOp): string {
  switch (op.op) {
    case 'add':
      return `add:${op.kind}`;
    case 'removeChoice':
    case 'choiceUp':
    case 'choiceDown':
      return `${op.op}:${op.index}:${op.choice}`;
    default:
      return `${op.op}:${op.index}`;
  }
}

/** The list with the item at `from` and its neighbour at `to` swapped; the same list when either is missing. */
function swapped<T>(list: T[], from: number, to: number): T[] {
  if (from < 0 || to < 0 || from >= list.length || to >= list.length) return list;
  const moved = [...list];
  [moved[from], moved[to]] = [moved[to]!, moved[from]!];
  return moved;
}

function withQuestion(values: SurveyFormValues, index: number, change: (q: QuestionDraft) => QuestionDraft): SurveyFormValues {
  return { ...values, questions: values.questions.map((q, i) => (i === index ? change(q) : q)) };
}

/** The values after one step; a step that does not apply (out of range, over a limit) changes nothing. */
export function arrange(values: SurveyFormValues, op: ArrangeOp, likertLabels: readonly string[]): SurveyFormValues {
  const questions = values.questions;
  switch (op.op) {
    case 'add':
      if (questions.length >= MAX_QUESTIONS) return values;
      return { ...values, questions: [...questions, newQuestion(op.kind, likertLabels)] };
    case 'remove':
      if (questions.length <= 1 || !questions[op.index]) return values;
      return { ...values, questions: questions.filter((_, i) => i !== op.index) };
    case 'up':
    case 'down': {
      const moved = swapped(questions, op.index, op.op === 'up' ? op.index - 1 : op.index + 1);
      return moved === questions ? values : { ...values, questions: moved };
    }
    case 'choiceUp':
    case 'choiceDown': {
      const question = questions[op.index];
      if (!question || !isChoiceKind(question.kind)) return values;
      const to = op.op === 'choiceUp' ? op.choice - 1 : op.choice + 1;
      const choices = swapped(question.choices, op.choice, to);
      return choices === question.choices ? values : withQuestion(values, op.index, (q) => ({ ...q, choices, choiceTranslations: swapped(padded(q), op.choice, to) }));
    }
    case 'addChoice':
      return withQuestion(values, op.index, (q) =>
        isChoiceKind(q.kind) && q.choices.length < MAX_CHOICES ? { ...q, choices: [...q.choices, ''], choiceTranslations: [...padded(q), ''] } : q,
      );
    case 'removeChoice':
      return withQuestion(values, op.index, (q) =>
        isChoiceKind(q.kind) && q.choices.length > 2 ? { ...q, choices: q.choices.filter((_, i) => i !== op.choice), choiceTranslations: padded(q).filter((_, i) => i !== op.choice) } : q,
      );
  }
}

/** A question's choice translations, one per choice (a draft from before languages may have none). */
function padded(q: QuestionDraft): string[] {
  return q.choices.map((_, i) => q.choiceTranslations?.[i] ?? '');
}

/** A question given another kind: what it had that the new kind can use is kept. */
export function changeKind(question: QuestionDraft, kind: QuestionKind, likertLabels: readonly string[]): QuestionDraft {
  if (kind === question.kind) return question;
  const fresh = newQuestion(kind, likertLabels);
  const keep = isChoiceKind(kind) && isChoiceKind(question.kind);
  const choices = keep ? question.choices : fresh.choices;
  const choiceTranslations = keep ? padded(question) : fresh.choiceTranslations;
  return { ...fresh, key: question.key, prompt: question.prompt, promptTranslation: question.promptTranslation, choices, choiceTranslations };
}
