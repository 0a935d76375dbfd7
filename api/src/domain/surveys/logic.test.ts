import { describe, expect, it } from 'vitest';
import { InputProblems } from '../../errors.ts';
import { checkAnswers, type QuestionRule } from './answers.ts';
import { type AuthoredQuestion, type Condition, logicProblems, shownQuestions } from './logic.ts';

const single: AuthoredQuestion = { kind: 'SINGLE_CHOICE', choiceCount: 2 };
const number: AuthoredQuestion = { kind: 'NUMBER', choiceCount: 0 };
const text: AuthoredQuestion = { kind: 'TEXT', choiceCount: 0 };
const all = (...rules: Condition['rules']): Condition => ({ combine: 'ALL', rules });

describe('logicProblems (authoring)', () => {
  it('accepts every rule kind on earlier questions, and a skip', () => {
    expect(logicProblems([
      single, number,
      { ...text, showIf: all({ question: 0, operator: 'SELECTED', choice: 1 }, { question: 1, operator: 'AT_LEAST', value: 3 }) },
      { ...text, showIf: { combine: 'ANY', rules: [{ question: 0, operator: 'NOT_SELECTED', choice: 0 }, { question: 1, operator: 'AT_MOST', value: 2 }, { question: 1, operator: 'BETWEEN', value: 4, upTo: 9 }] } },
      { ...single, skipIf: all({ question: 4, operator: 'SELECTED', choice: 0 }), skipTo: 6 },
      text, text,
    ])).toEqual([]);
  });

  it('refuses a condition on the question itself or a later one, naming the question', () => {
    const self = logicProblems([single, { ...single, showIf: all({ question: 1, operator: 'SELECTED', choice: 0 }) }]);
    expect(self).toEqual([{ index: 1, field: 'showIf', message: expect.stringContaining('question 2 names question 2, which does not come before it') }]);
    const later = logicProblems([{ ...text, showIf: all({ question: 1, operator: 'SELECTED', choice: 0 }) }, single]);
    expect(later[0]).toMatchObject({ index: 0, field: 'showIf', message: expect.stringContaining('names question 2') });
    expect(logicProblems([{ ...text, showIf: all({ question: 7, operator: 'AT_LEAST', value: 1 }) }])[0]!.message).toContain('which the survey does not have');
  });

  it('refuses an operator on the wrong kind of question, a missing or unknown choice, missing bounds', () => {
    const problemOf = (rule: Condition['rules'][number], target: AuthoredQuestion = single) => logicProblems([target, { ...text, showIf: all(rule) }])[0]?.message;
    expect(problemOf({ question: 0, operator: 'SELECTED', choice: 0 }, number)).toContain('needs a choice question');
    expect(problemOf({ question: 0, operator: 'SELECTED' })).toContain('needs a choice of question 1');
    expect(problemOf({ question: 0, operator: 'NOT_SELECTED', choice: 2 })).toContain('has no choice 3');
    expect(problemOf({ question: 0, operator: 'AT_LEAST', value: 1 })).toContain('needs a number question');
    expect(problemOf({ question: 0, operator: 'AT_MOST' }, number)).toContain('needs a value');
    expect(problemOf({ question: 0, operator: 'BETWEEN', value: 3 }, number)).toContain('upper bound');
    expect(problemOf({ question: 0, operator: 'BETWEEN', value: 3, upTo: 2 }, number)).toContain('upTo at least value');
    expect(problemOf({ question: 0, operator: 'AT_LEAST', value: 1, upTo: 4 }, number)).toContain('only BETWEEN takes upTo');
    expect(logicProblems([single, { ...text, showIf: all() }])[0]!.message).toContain('needs 1 to 20 rules');
  });

  it('refuses a skip without both halves, or to a question not at least two later', () => {
    expect(logicProblems([{ ...single, skipIf: all({ question: 0, operator: 'SELECTED', choice: 0 }) }, text, text])[0]).toMatchObject({ index: 0, field: 'skipTo' });
    expect(logicProblems([{ ...single, skipTo: 2 }, text, text])[0]).toMatchObject({ index: 0, field: 'skipIf' });
    expect(logicProblems([{ ...single, skipIf: all({ question: 0, operator: 'SELECTED', choice: 0 }), skipTo: 1 }, text, text])[0]).toMatchObject({ index: 0, field: 'skipTo' });
    expect(logicProblems([{ ...single, skipIf: all({ question: 0, operator: 'SELECTED', choice: 0 }), skipTo: 4 }, text, text])[0]).toMatchObject({ index: 0, field: 'skipTo' });
    expect(logicProblems([{ ...single, skipIf: all({ question: 0, operator: 'SELECTED', choice: 0 }), skipTo: 3 }, text, text])).toEqual([]);
  });
});

// q0 single (yes/no), q1 number, q2 shown if yes AND number in [10, 20], q3 shown if NOT yes OR number >= 50,
// q4 single whose "skip" choice skips q5, q6 last.
const rules: QuestionRule[] = [
  { id: 'q0', position: 0, kind: 'SINGLE_CHOICE', min: null, max: null, choices: [{ id: 'yes' }, { id: 'no' }] },
  { id: 'q1', position: 1, kind: 'NUMBER', min: 0, max: 100, choices: [] },
  { id: 'q2', position: 2, kind: 'TEXT', min: null, max: null, choices: [], showIf: all({ question: 0, operator: 'SELECTED', choice: 0 }, { question: 1, operator: 'BETWEEN', value: 10, upTo: 20 }) },
  { id: 'q3', position: 3, kind: 'NUMBER', min: 0, max: 9, choices: [], showIf: { combine: 'ANY', rules: [{ question: 0, operator: 'NOT_SELECTED', choice: 0 }, { question: 1, operator: 'AT_LEAST', value: 50 }] } },
  { id: 'q4', position: 4, kind: 'SINGLE_CHOICE', min: null, max: null, choices: [{ id: 'go' }, { id: 'skip' }], skipIf: all({ question: 4, operator: 'SELECTED', choice: 1 }), skipTo: 6 },
  { id: 'q5', position: 5, kind: 'TEXT', min: null, max: null, choices: [], showIf: all({ question: 3, operator: 'AT_MOST', value: 9 }) },
  { id: 'q6', position: 6, kind: 'TEXT', min: null, max: null, choices: [] },
];

const answer = (choiceIds: string[] = [], n: number | null = null) => ({ choiceIds, number: n });

describe('shownQuestions', () => {
  it('evaluates AND and OR groups of every operator, and skips', () => {
    const shown = (entries: Array<[string, ReturnType<typeof answer>]>) => shownQuestions(rules, new Map(entries));
    expect(shown([['q0', answer(['yes'])], ['q1', answer([], 15)], ['q4', answer(['go'])]])).toEqual([true, true, true, false, true, false, true]);
    expect(shown([['q0', answer(['yes'])], ['q1', answer([], 21)], ['q4', answer(['go'])]])).toEqual([true, true, false, false, true, false, true]);
    expect(shown([['q0', answer(['yes'])], ['q1', answer([], 50)], ['q3', answer([], 3)], ['q4', answer(['go'])]])).toEqual([true, true, false, true, true, true, true]);
    expect(shown([['q0', answer(['no'])], ['q1', answer([], 1)], ['q3', answer([], 3)], ['q4', answer(['skip'])]])).toEqual([true, true, false, true, true, false, true]);
  });

  it('reads no answer of a hidden question: a rule on it holds for no operator', () => {
    // q3 is hidden (yes, 15): its answer, even if sent, does not show q5 (AT_MOST 9).
    expect(shownQuestions(rules, new Map([['q0', answer(['yes'])], ['q1', answer([], 15)], ['q3', answer([], 1)], ['q4', answer(['go'])]]))[5]).toBe(false);
  });
});

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputProblems) return err.problems.map((p) => p.message);
    return [(err as Error).message];
  }
  throw new Error('no error');
}

describe('checkAnswers with logic', () => {
  const base = [
    { questionId: 'q0', choiceIds: ['yes'] },
    { questionId: 'q1', number: 15 },
    { questionId: 'q2', text: 'shown' },
    { questionId: 'q4', choiceIds: ['skip'] },
    { questionId: 'q6', text: 'last' },
  ];

  it('takes the shown questions only, and stores no row for a hidden one', () => {
    expect(checkAnswers(rules, base).map((a) => a.questionId)).toEqual(['q0', 'q1', 'q2', 'q4', 'q6']);
  });

  it('refuses an answer to a question hidden by a condition or by a skip, naming it', () => {
    expect(problemsOf(() => checkAnswers(rules, [...base, { questionId: 'q3', number: 2 }]))).toEqual([expect.stringContaining('question 4 is not shown')]);
    expect(problemsOf(() => checkAnswers(rules, [...base, { questionId: 'q5', text: 'skipped' }]))).toEqual([expect.stringContaining('question 6 is not shown')]);
  });

  it('refuses a shown question left unanswered, naming it', () => {
    expect(problemsOf(() => checkAnswers(rules, base.filter((a) => a.questionId !== 'q2')))).toEqual(['question 3 is not answered.']);
    const noSkip = base.map((a) => (a.questionId === 'q4' ? { questionId: 'q4', choiceIds: ['go'] } : a));
    expect(checkAnswers(rules, noSkip).map((a) => a.questionId)).toEqual(['q0', 'q1', 'q2', 'q4', 'q6']);
    expect(problemsOf(() => checkAnswers(rules, [...noSkip.filter((a) => a.questionId !== 'q6')]))).toEqual(['question 7 is not answered.']);
  });
});
