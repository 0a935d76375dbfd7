/**
 * Which questions a physician is shown, live, as they answer: the API's own walk
 * (api/src/domain/surveys/logic.ts, docs/survey-logic.md), so that the page and the API's check
 * cannot disagree. An answer counts for later conditions once it could be sent (no problem); a
 * rule on a hidden or unanswered question holds for no operator.
 */
import { walkLogic } from '@consilium/api/survey-logic';
import type { Question } from '$lib/graphql/surveys.ts';
import { answerProblem, emptyDraft, parseDecimal, type AnswerDrafts } from './answers.ts';

/** Whether each question is shown, given the drafts (in the questions' order). */
export function shownFlags(questions: readonly Question[], drafts: AnswerDrafts): boolean[] {
  return walkLogic(questions, (index, shown) => {
    const q = questions[index]!;
    const draft = drafts[q.id] ?? emptyDraft();
    if (!shown || answerProblem(q, draft) !== null) return null;
    return { choiceIds: draft.choiceIds, number: q.kind === 'NUMBER' ? parseDecimal(draft.number) : null };
  });
}

/** The questions shown for these drafts, in order. */
export function shownQuestions<Q extends Question>(questions: readonly Q[], drafts: AnswerDrafts): Q[] {
  const flags = shownFlags(questions, drafts);
  return questions.filter((_, i) => flags[i]);
}
