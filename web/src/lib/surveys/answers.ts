import type { AnswerInput, Question } from '$lib/graphql/surveys.ts';

/** The longest text answer the API takes (TEXT_ANSWER_MAX on its side). */
export const TEXT_ANSWER_MAX = 2000;

/** The longest "other (specify)" text the API takes (OTHER_TEXT_MAX on its side). */
export const OTHER_TEXT_MAX = 200;

/** One question's answer as the inputs hold it: ids of the chosen choices, or what was typed. */
export interface AnswerDraft {
  choiceIds: string[];
  number: string;
  text: string;
  /** MATRIX: the chosen scale point of each item, by item id. */
  items?: Record<string, string>;
  /** RANKING: each choice's rank as chosen ("1" first; "" not ranked), by choice id. */
  ranks?: Record<string, string>;
  /** With the "other (specify)" choice: what the other answer is. */
  otherText?: string;
}

/** Why an answer cannot be sent; each has a message `survey.problem.<reason>`. */
export type AnswerProblem =
  | 'chooseOne' | 'chooseSome' | 'numberMissing' | 'numberInvalid' | 'numberRange' | 'textMissing' | 'textTooLong'
  | 'matrixIncomplete' | 'rankIncomplete' | 'rankRepeated' | 'otherMissing' | 'otherTooLong';

export type AnswerDrafts = Record<string, AnswerDraft>;

export function emptyDraft(): AnswerDraft {
  return { choiceIds: [], number: '', text: '' };
}

/** The drafts of a survey's questions, keeping those already there (a reload, a resize). */
export function draftsFor(questions: readonly Pick<Question, 'id'>[], kept: AnswerDrafts = {}): AnswerDrafts {
  return Object.fromEntries(questions.map((q) => [q.id, kept[q.id] ?? emptyDraft()]));
}

/** A number as people type it, with a decimal comma or point; null when it is not one. */
export function parseDecimal(typed: string): number | null {
  const text = typed.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** What is wrong with an answer, checked as the API will check it; null when it can be sent. */
export function answerProblem(question: Question, draft: AnswerDraft): AnswerProblem | null {
  const known = new Set(question.choices.map((c) => c.id));
  const chosen = draft.choiceIds.filter((id) => known.has(id));
  switch (question.kind) {
    case 'SINGLE_CHOICE':
      return chosen.length === 1 ? otherProblem(question, draft) : 'chooseOne';
    case 'LIKERT':
      return chosen.length === 1 ? null : 'chooseOne';
    case 'MULTIPLE_CHOICE':
      return chosen.length > 0 ? otherProblem(question, draft) : 'chooseSome';
    case 'MATRIX':
      return question.items.every((item) => known.has(draft.items?.[item.id] ?? '')) ? null : 'matrixIncomplete';
    case 'RANKING': {
      const given = question.choices.map((c) => draft.ranks?.[c.id] ?? '').filter((r) => r !== '');
      if (new Set(given).size !== given.length) return 'rankRepeated';
      return rankedChoices(question, draft).length < rankLength(question) ? 'rankIncomplete' : null;
    }
    case 'NUMBER': {
      if (draft.number.trim() === '') return 'numberMissing';
      const value = parseDecimal(draft.number);
      if (value === null) return 'numberInvalid';
      if ((question.min !== null && value < question.min) || (question.max !== null && value > question.max)) return 'numberRange';
      return null;
    }
    case 'TEXT': {
      const text = draft.text.trim();
      if (text === '') return 'textMissing';
      return text.length > TEXT_ANSWER_MAX ? 'textTooLong' : null;
    }
  }
}

/** The "other (specify)" choice of a question, if it has one. */
export const otherChoiceOf = (question: Pick<Question, 'choices'>) => question.choices.find((c) => c.role === 'OTHER') ?? null;

function otherProblem(question: Question, draft: AnswerDraft): AnswerProblem | null {
  const other = otherChoiceOf(question);
  if (!other || !draft.choiceIds.includes(other.id)) return null;
  const text = draft.otherText?.trim() ?? '';
  if (text === '') return 'otherMissing';
  return text.length > OTHER_TEXT_MAX ? 'otherTooLong' : null;
}

/** How many choices a ranking takes: its top N, or all. */
export const rankLength = (question: Pick<Question, 'rankTop' | 'choices'>) => question.rankTop ?? question.choices.length;

/** A ranking draft's choices in rank order (only ranks 1..N, each given once count). */
export function rankedChoices(question: Question, draft: AnswerDraft): string[] {
  const byRank = new Map<number, string>();
  for (const c of question.choices) {
    const rank = Number(draft.ranks?.[c.id] ?? '');
    if (Number.isInteger(rank) && rank >= 1 && rank <= rankLength(question) && !byRank.has(rank)) byRank.set(rank, c.id);
  }
  return [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
}

/** The API's answer to one question; only the part its kind takes is sent. */
export function toAnswerInput(question: Question, draft: AnswerDraft): AnswerInput {
  switch (question.kind) {
    case 'SINGLE_CHOICE':
    case 'LIKERT':
    case 'MULTIPLE_CHOICE': {
      // In the question's own order, each once, whatever order they were ticked (or shown) in.
      const chosen = new Set(draft.choiceIds);
      const choiceIds = question.choices.filter((c) => chosen.has(c.id)).map((c) => c.id);
      const other = otherChoiceOf(question);
      return { questionId: question.id, choiceIds, ...(other && chosen.has(other.id) && { otherText: (draft.otherText ?? '').trim() }) };
    }
    case 'MATRIX':
      // In the items' own order: nothing about the order they were shown in is sent.
      return { questionId: question.id, items: question.items.map((item) => ({ itemId: item.id, choiceId: draft.items?.[item.id] ?? '' })) };
    case 'RANKING':
      return { questionId: question.id, choiceIds: rankedChoices(question, draft) };
    case 'NUMBER':
      return { questionId: question.id, number: parseDecimal(draft.number) };
    case 'TEXT':
      return { questionId: question.id, text: draft.text.trim() };
  }
}

/** Every question's answer, in the questions' order: the API's `answers.N` is then question N + 1. */
export function toAnswerInputs(questions: readonly Question[], drafts: AnswerDrafts): AnswerInput[] {
  return questions.map((q) => toAnswerInput(q, drafts[q.id] ?? emptyDraft()));
}

/** The problems of every question, by question id; empty when all can be sent. */
export function answerProblems(questions: readonly Question[], drafts: AnswerDrafts): Record<string, AnswerProblem> {
  const problems: Record<string, AnswerProblem> = {};
  for (const q of questions) {
    const problem = answerProblem(q, drafts[q.id] ?? emptyDraft());
    if (problem) problems[q.id] = problem;
  }
  return problems;
}

/**
 * The question an API error on the answers is about: "answers.2" is the third answer sent (we
 * send the shown questions' answers in their order); an unanswered or hidden question is named
 * in the message only ("question 3 is not answered.", numbered among all the survey's questions,
 * `all`). Null when the error names no question.
 */
export function questionOfError(
  sent: readonly Pick<Question, 'id'>[],
  field: string | null,
  message: string,
  all: readonly Pick<Question, 'id'>[] = sent,
): string | null {
  const index = /^(?:input\.)?answers\.(\d+)/.exec(field ?? '')?.[1] ?? null;
  if (index !== null) return sent[Number(index)]?.id ?? null;
  return all[Number(/\bquestion (\d+)\b/i.exec(message)?.[1] ?? 0) - 1]?.id ?? null;
}
