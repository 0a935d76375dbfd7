/**
 * Which questions a physician is shown, live, as they answer: the same walk as the API's
 * (api/src/domain/surveys/logic.ts, docs/survey-logic.md). An answer counts for later
 * conditions once it could be sent (no problem); a rule on a hidden or unanswered question
 * holds for no operator. The API checks the same again when the answers arrive.
 */
import type { Question } from '$lib/graphql/surveys.ts';
import { answerProblem, emptyDraft, parseDecimal, type AnswerDrafts } from './answers.ts';

type Condition = NonNullable<Question['showIf']>;
type LogicAnswer = { choiceIds: readonly string[]; number: number | null };

function ruleHolds(rule: Condition['rules'][number], questions: readonly Question[], answers: ReadonlyMap<string, LogicAnswer>): boolean {
  const question = questions[rule.question];
  const answer = question && answers.get(question.id);
  if (!answer) return false;
  switch (rule.operator) {
    case 'SELECTED':
    case 'NOT_SELECTED': {
      const choiceId = question.choices[rule.choice ?? -1]?.id;
      const selected = choiceId !== undefined && answer.choiceIds.includes(choiceId);
      return rule.operator === 'SELECTED' ? selected : !selected;
    }
    case 'AT_LEAST':
      return answer.number !== null && answer.number >= (rule.value ?? Infinity);
    case 'AT_MOST':
      return answer.number !== null && answer.number <= (rule.value ?? -Infinity);
    case 'BETWEEN':
      return answer.number !== null && answer.number >= (rule.value ?? Infinity) && answer.number <= (rule.upTo ?? -Infinity);
  }
}

function holds(condition: Condition, questions: readonly Question[], answers: ReadonlyMap<string, LogicAnswer>): boolean {
  const one = (rule: Condition['rules'][number]) => ruleHolds(rule, questions, answers);
  return condition.combine === 'ANY' ? condition.rules.some(one) : condition.rules.every(one);
}

/** Whether each question is shown, given the drafts (in the questions' order). */
export function shownFlags(questions: readonly Question[], drafts: AnswerDrafts): boolean[] {
  const answers = new Map<string, LogicAnswer>();
  let skipUntil = -1;
  return questions.map((q, index) => {
    const shown = index >= skipUntil && (!q.showIf || holds(q.showIf, questions, answers));
    const draft = drafts[q.id] ?? emptyDraft();
    if (shown && answerProblem(q, draft) === null) {
      answers.set(q.id, { choiceIds: draft.choiceIds, number: q.kind === 'NUMBER' ? parseDecimal(draft.number) : null });
    }
    if (shown && q.skipIf && q.skipTo != null && holds(q.skipIf, questions, answers)) skipUntil = Math.max(skipUntil, q.skipTo);
    return shown;
  });
}

/** The questions shown for these drafts, in order. */
export function shownQuestions<Q extends Question>(questions: readonly Q[], drafts: AnswerDrafts): Q[] {
  const flags = shownFlags(questions, drafts);
  return questions.filter((_, i) => flags[i]);
}
