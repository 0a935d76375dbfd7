/**
 * Question logic (docs/survey-logic.md): a question may be shown only when a condition on
 * earlier answers holds (`showIf`), and an answer may skip the questions after its own up to a
 * later one (`skipIf` + `skipTo`). A condition is one level of rules combined with ALL (and) or
 * ANY (or). Rules name questions and choices by position, as the client wrote them; they may
 * name only earlier questions (a skip's condition may name its own question too). Pure, shared
 * by authoring (is the logic well formed?) and answering (which questions were shown?).
 */

export type Combine = 'ALL' | 'ANY';
export type RuleOperator = 'SELECTED' | 'NOT_SELECTED' | 'AT_LEAST' | 'AT_MOST' | 'BETWEEN';

export interface LogicRule {
  /** The position (0-based) of the question the rule reads. */
  question: number;
  operator: RuleOperator;
  /** SELECTED / NOT_SELECTED: the position (0-based) of the choice. */
  choice?: number | null;
  /** AT_LEAST, AT_MOST: the bound; BETWEEN: the lower bound. */
  value?: number | null;
  /** BETWEEN: the upper bound (inclusive). */
  upTo?: number | null;
}

export interface Condition {
  /** Left out: ALL. */
  combine?: Combine | null;
  rules: LogicRule[];
}

export const MAX_RULES = 20;
const CHOICE_OPERATORS = new Set<RuleOperator>(['SELECTED', 'NOT_SELECTED']);
const CHOICE_KINDS = new Set(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'LIKERT']);
/** Kinds no condition may read (refused at authoring): a matrix has an answer per item, a ranking an order. */
const UNREAD_KINDS = new Set(['MATRIX', 'RANKING']);

/** What authoring needs to know of a question to check the logic that names it. */
export interface AuthoredQuestion {
  kind: string;
  /** How many answer choices it is stored with (5 for a LIKERT question without labels; "other (specify)" included, a matrix's items not). */
  choiceCount: number;
  showIf?: Condition | null;
  skipIf?: Condition | null;
  skipTo?: number | null;
}

export interface LogicProblem {
  /** The question at fault (0-based) and its field. */
  index: number;
  field: 'showIf' | 'skipIf' | 'skipTo';
  message: string;
}

function ruleProblem(rule: LogicRule, questions: readonly AuthoredQuestion[], lastAllowed: number, own: string): string | null {
  const named = `question ${rule.question + 1}`;
  if (!Number.isInteger(rule.question) || rule.question < 0 || rule.question >= questions.length) return `${own} names ${named}, which the survey does not have`;
  if (rule.question > lastAllowed) return `${own} names ${named}, which does not come before it: a condition may name only earlier questions`;
  const target = questions[rule.question]!;
  if (UNREAD_KINDS.has(target.kind)) return `${own} names ${named}, a ${target.kind === 'MATRIX' ? 'matrix' : 'ranking'} question: conditions on matrix and ranking answers are not supported`;
  if (CHOICE_OPERATORS.has(rule.operator)) {
    if (!CHOICE_KINDS.has(target.kind)) return `${own}: ${rule.operator} needs a choice question, and ${named} is not one`;
    if (rule.choice === null || rule.choice === undefined) return `${own}: ${rule.operator} needs a choice of ${named}`;
    if (!Number.isInteger(rule.choice) || rule.choice < 0 || rule.choice >= target.choiceCount) return `${own}: ${named} has no choice ${rule.choice + 1}`;
    if (rule.value != null || rule.upTo != null) return `${own}: ${rule.operator} takes a choice, not numbers`;
    return null;
  }
  if (target.kind !== 'NUMBER') return `${own}: ${rule.operator} needs a number question, and ${named} is not one`;
  if (rule.choice != null) return `${own}: ${rule.operator} takes numbers, not a choice`;
  if (rule.value == null || !Number.isFinite(rule.value)) return `${own}: ${rule.operator} needs a value`;
  if (rule.operator === 'BETWEEN') {
    if (rule.upTo == null || !Number.isFinite(rule.upTo)) return `${own}: BETWEEN needs an upper bound (upTo)`;
    if (rule.upTo < rule.value) return `${own}: BETWEEN needs upTo at least value`;
  } else if (rule.upTo != null) {
    return `${own}: only BETWEEN takes upTo`;
  }
  return null;
}

function conditionProblem(condition: Condition, questions: readonly AuthoredQuestion[], lastAllowed: number, own: string): string | null {
  if (condition.rules.length === 0 || condition.rules.length > MAX_RULES) return `${own} needs 1 to ${MAX_RULES} rules`;
  for (const rule of condition.rules) {
    const problem = ruleProblem(rule, questions, lastAllowed, own);
    if (problem) return problem;
  }
  return null;
}

/** Every problem of a survey's logic, each naming its question (1-based in the message). */
export function logicProblems(questions: readonly AuthoredQuestion[]): LogicProblem[] {
  const problems: LogicProblem[] = [];
  questions.forEach((q, index) => {
    const label = `question ${index + 1}`;
    if (q.showIf) {
      const problem = conditionProblem(q.showIf, questions, index - 1, `the condition showing ${label}`);
      if (problem) problems.push({ index, field: 'showIf', message: problem });
    }
    const hasSkipIf = q.skipIf != null;
    const hasSkipTo = q.skipTo != null;
    if (hasSkipIf !== hasSkipTo) {
      problems.push({ index, field: hasSkipIf ? 'skipTo' : 'skipIf', message: `${label}: a skip needs both a condition (skipIf) and a question to skip to (skipTo)` });
    } else if (hasSkipIf) {
      const problem = conditionProblem(q.skipIf!, questions, index, `the skip condition of ${label}`);
      if (problem) problems.push({ index, field: 'skipIf', message: problem });
      // skipTo = questions.length skips to the end of the survey.
      const to = q.skipTo!;
      if (!Number.isInteger(to) || to < index + 2 || to > questions.length) {
        problems.push({ index, field: 'skipTo', message: `${label}: skipTo must be the position (0-based) of a question at least two after it (${index + 2} to ${questions.length - 1}), or ${questions.length} for the end` });
      }
    }
  });
  return problems;
}

/** What answering needs to know of a question to decide whether it is shown. */
export interface LogicQuestion {
  id: string;
  /** In position order: rules name a choice by its position. */
  choices: ReadonlyArray<{ id: string }>;
  showIf?: Condition | null;
  skipIf?: Condition | null;
  skipTo?: number | null;
}

/** An accepted answer, as conditions read it. */
export interface LogicAnswer {
  choiceIds: readonly string[];
  number: number | null;
}

/** A rule on a question that was hidden or is not answered (yet) holds for no operator. */
function ruleHolds(rule: LogicRule, questions: readonly LogicQuestion[], answers: ReadonlyMap<string, LogicAnswer>): boolean {
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
      return answer.number !== null && answer.number >= rule.value!;
    case 'AT_MOST':
      return answer.number !== null && answer.number <= rule.value!;
    case 'BETWEEN':
      return answer.number !== null && answer.number >= rule.value! && answer.number <= rule.upTo!;
  }
}

export function conditionHolds(condition: Condition, questions: readonly LogicQuestion[], answers: ReadonlyMap<string, LogicAnswer>): boolean {
  const holds = (rule: LogicRule) => ruleHolds(rule, questions, answers);
  return condition.combine === 'ANY' ? condition.rules.some(holds) : condition.rules.every(holds);
}

/**
 * Walks the questions in order: whether each is shown, given the answers accepted so far.
 * `accept(i, shown)` returns the answer accepted for question i (or null): only a shown
 * question's answer is read by later conditions.
 */
export function walkLogic(questions: readonly LogicQuestion[], accept: (index: number, shown: boolean) => LogicAnswer | null): boolean[] {
  const answers = new Map<string, LogicAnswer>();
  const shown: boolean[] = [];
  let skipUntil = -1;
  questions.forEach((q, index) => {
    const visible = index >= skipUntil && (!q.showIf || conditionHolds(q.showIf, questions, answers));
    shown.push(visible);
    const answer = accept(index, visible);
    if (visible && answer) answers.set(q.id, answer);
    if (visible && q.skipIf && q.skipTo != null && conditionHolds(q.skipIf, questions, answers)) skipUntil = Math.max(skipUntil, q.skipTo);
  });
  return shown;
}

/** Which questions a set of answers shows (answers of hidden questions are ignored). */
export function shownQuestions(questions: readonly LogicQuestion[], answers: ReadonlyMap<string, LogicAnswer>): boolean[] {
  return walkLogic(questions, (index) => answers.get(questions[index]!.id) ?? null);
}
