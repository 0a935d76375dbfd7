/** Checks a set of answers against the survey's questions; pure, so the rules are unit-tested. */
import type { GraphQLError } from 'graphql';
import { badInput, badInputs } from '../../errors.ts';
import type { ChoiceRole } from '@consilium/db';
import { type Condition, walkLogic } from './logic.ts';
import { matrixProblem, matrixRows, otherProblem, otherText, rankingProblem } from './kind-answers.ts';

export interface QuestionRule {
  id: string;
  position: number;
  kind: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'LIKERT' | 'NUMBER' | 'TEXT' | 'MATRIX' | 'RANKING';
  min: number | null;
  max: number | null;
  /** In position order (logic rules name a choice by its position); a matrix's items (role ITEM) last. */
  choices: Array<{ id: string; role?: ChoiceRole }>;
  /** RANKING: how many choices are ranked (null: all). */
  rankTop?: number | null;
  showIf?: Condition | null;
  skipIf?: Condition | null;
  skipTo?: number | null;
}

export interface AnswerInput {
  questionId: string;
  choiceIds?: string[] | null;
  number?: number | null;
  text?: string | null;
  /** MATRIX: one scale point per item. */
  items?: Array<{ itemId: string; choiceId: string }> | null;
  /** With the "other (specify)" choice: what the other answer is. */
  otherText?: string | null;
}

export interface CleanAnswer {
  questionId: string;
  choiceIds: string[];
  number: number | null;
  text: string | null;
}

export const TEXT_ANSWER_MAX = 2000;

function problemWith(question: QuestionRule, answer: AnswerInput): string | null {
  const choiceIds = answer.choiceIds ?? [];
  const known = new Set(question.choices.map((c) => c.id));
  if (question.kind !== 'MATRIX' && (answer.items?.length ?? 0) > 0) return 'only a matrix question takes items';
  if (answer.otherText != null && question.kind !== 'SINGLE_CHOICE' && question.kind !== 'MULTIPLE_CHOICE') return 'only a question with an "other (specify)" choice takes otherText';
  switch (question.kind) {
    case 'SINGLE_CHOICE':
    case 'LIKERT':
      if (choiceIds.length !== 1 || !known.has(choiceIds[0]!)) return 'choose exactly one of its choices';
      return question.kind === 'SINGLE_CHOICE' ? otherProblem(question, answer) : null;
    case 'MULTIPLE_CHOICE':
      if (choiceIds.length === 0) return 'choose at least one of its choices';
      if (new Set(choiceIds).size !== choiceIds.length || !choiceIds.every((id) => known.has(id))) return 'choose among its own choices, each once';
      return otherProblem(question, answer);
    case 'MATRIX':
      return matrixProblem(question, answer);
    case 'RANKING':
      return rankingProblem(question, answer);
    case 'NUMBER': {
      const n = answer.number;
      if (n === null || n === undefined || !Number.isFinite(n)) return 'give a number';
      if ((question.min !== null && n < question.min) || (question.max !== null && n > question.max)) {
        return `give a number from ${question.min} to ${question.max}`;
      }
      return null;
    }
    case 'TEXT': {
      const text = answer.text?.trim() ?? '';
      if (text.length === 0) return 'write an answer';
      return text.length > TEXT_ANSWER_MAX ? `keep the answer under ${TEXT_ANSWER_MAX} characters` : null;
    }
  }
}

/**
 * Every shown question answered once, no hidden one answered, each answer valid; otherwise BAD_USER_INPUT naming every
 * question at fault at once (`badInputs`).
 */
export function checkAnswers(questions: QuestionRule[], answers: AnswerInput[]): CleanAnswer[] {
  const problems: GraphQLError[] = [];
  const byQuestion = new Map<string, AnswerInput>();
  answers.forEach((answer, index) => {
    if (!questions.some((q) => q.id === answer.questionId)) {
      problems.push(badInput(`answers.${index}`, 'invalid_answer', `answers.${index}: this survey has no question ${answer.questionId}.`));
    } else if (byQuestion.has(answer.questionId)) {
      problems.push(badInput(`answers.${index}`, 'invalid_answer', `answers.${index}: the question is answered twice.`));
    } else {
      byQuestion.set(answer.questionId, answer);
    }
  });
  // In order, so that each question's logic reads the answers accepted before it: a hidden
  // question must be unanswered, a shown one answered (every question is required where shown).
  const clean: CleanAnswer[] = [];
  walkLogic(questions, (index, shown) => {
    const question = questions[index]!;
    const answer = byQuestion.get(question.id);
    const label = `question ${question.position + 1}`;
    if (!shown) {
      if (answer) problems.push(badInput(`answers.${answers.indexOf(answer)}`, 'invalid_answer', `${label} is not shown for these answers (the survey's logic hides it): leave it unanswered.`));
      return null;
    }
    if (!answer) return (problems.push(badInput(`answers`, 'required', `${label} is not answered.`)), null);
    const problem = problemWith(question, answer);
    if (problem) return (problems.push(badInput(`answers.${answers.indexOf(answer)}`, 'invalid_answer', `${label}: ${problem}.`)), null);
    if (question.kind === 'MATRIX') {
      clean.push(...matrixRows(question, answer));
      return { choiceIds: [], number: null };
    }
    const isChoice = question.kind !== 'NUMBER' && question.kind !== 'TEXT';
    const isOtherKind = question.kind === 'SINGLE_CHOICE' || question.kind === 'MULTIPLE_CHOICE';
    const accepted: CleanAnswer = {
      questionId: question.id,
      // A multiple choice is stored in the choices' own order: the order it was ticked or shown in
      // (random with shuffleChoices) would be a per-respondent mark. A ranking keeps its order.
      choiceIds: !isChoice ? [] : question.kind === 'MULTIPLE_CHOICE' ? question.choices.map((c) => c.id).filter((id) => answer.choiceIds!.includes(id)) : (answer.choiceIds ?? []),
      number: question.kind === 'NUMBER' ? answer.number! : null,
      text: question.kind === 'TEXT' ? answer.text!.trim() : isOtherKind ? otherText(question, answer) : null,
    };
    clean.push(accepted);
    return accepted;
  });
  if (problems.length > 0) throw badInputs(problems);
  return clean;
}
