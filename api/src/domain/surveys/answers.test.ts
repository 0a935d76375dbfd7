import { describe, expect, it } from 'vitest';
import { InputProblems } from '../../errors.ts';
import { checkAnswers, type QuestionRule } from './answers.ts';

const questions: QuestionRule[] = [
  { id: 'q1', position: 0, kind: 'SINGLE_CHOICE', min: null, max: null, choices: [{ id: 'a' }, { id: 'b' }] },
  { id: 'q2', position: 1, kind: 'MULTIPLE_CHOICE', min: null, max: null, choices: [{ id: 'c' }, { id: 'd' }, { id: 'e' }] },
  { id: 'q3', position: 2, kind: 'LIKERT', min: null, max: null, choices: [1, 2, 3, 4, 5].map((n) => ({ id: `l${n}` })) },
  { id: 'q4', position: 3, kind: 'NUMBER', min: 0, max: 80, choices: [] },
  { id: 'q5', position: 4, kind: 'TEXT', min: null, max: null, choices: [] },
];
const good = [
  { questionId: 'q1', choiceIds: ['b'] },
  { questionId: 'q2', choiceIds: ['c', 'e'] },
  { questionId: 'q3', choiceIds: ['l4'] },
  { questionId: 'q4', number: 37.5 },
  { questionId: 'q5', text: '  Plus de temps médical.  ' },
];

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    return err as { message: string; extensions: Record<string, unknown> };
  }
  throw new Error('no error');
}

describe('checkAnswers', () => {
  it('keeps what each kind needs, trimmed, in question order', () => {
    expect(checkAnswers(questions, [...good].reverse())).toEqual([
      { questionId: 'q1', choiceIds: ['b'], number: null, text: null },
      { questionId: 'q2', choiceIds: ['c', 'e'], number: null, text: null },
      { questionId: 'q3', choiceIds: ['l4'], number: null, text: null },
      { questionId: 'q4', choiceIds: [], number: 37.5, text: null },
      { questionId: 'q5', choiceIds: [], number: null, text: 'Plus de temps médical.' },
    ]);
  });

  it('names the missing question', () => {
    const err = errorOf(() => checkAnswers(questions, good.slice(0, 4)));
    expect(err.message).toBe('question 5 is not answered.');
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'required' });
  });

  it.each([
    [{ questionId: 'q1', choiceIds: ['a', 'b'] }, /question 1: choose exactly one/],
    [{ questionId: 'q1', choiceIds: ['c'] }, /question 1: choose exactly one/],
    [{ questionId: 'q2', choiceIds: [] }, /question 2: choose at least one/],
    [{ questionId: 'q2', choiceIds: ['c', 'c'] }, /question 2: choose among its own choices, each once/],
    [{ questionId: 'q3', choiceIds: [] }, /question 3: choose exactly one/],
    [{ questionId: 'q4', number: 81 }, /question 4: give a number from 0 to 80/],
    [{ questionId: 'q4', number: -1 }, /question 4: give a number from 0 to 80/],
    [{ questionId: 'q4', number: null }, /question 4: give a number/],
    [{ questionId: 'q5', text: '   ' }, /question 5: write an answer/],
    [{ questionId: 'q5', text: 'x'.repeat(2001) }, /question 5: keep the answer under 2000/],
  ])('refuses %o', (bad, message) => {
    const answers = good.map((a) => (a.questionId === bad.questionId ? bad : a));
    const err = errorOf(() => checkAnswers(questions, answers));
    expect(err.message).toMatch(message);
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'invalid_answer' });
  });

  it('refuses an answer to another survey\'s question, and a question answered twice', () => {
    expect(errorOf(() => checkAnswers(questions, [...good, { questionId: 'zz', text: 'x' }])).message).toMatch(/no question zz/);
    expect(errorOf(() => checkAnswers(questions, [...good, { questionId: 'q1', choiceIds: ['a'] }])).message).toMatch(/answered twice/);
  });

  it('names every question at fault at once, each with its answer\'s path', () => {
    const answers = [{ questionId: 'q1', choiceIds: ['a', 'b'] }, good[1]!, good[2]!, { questionId: 'q4', number: 81 }, { questionId: 'zz', text: 'x' }];
    const err = errorOf(() => checkAnswers(questions, answers));
    expect(err).toBeInstanceOf(InputProblems);
    expect((err as unknown as InputProblems).problems.map((p) => [p.extensions.field, p.message])).toEqual([
      ['answers.4', 'answers.4: this survey has no question zz.'],
      ['answers.0', 'question 1: choose exactly one of its choices.'],
      ['answers.3', 'question 4: give a number from 0 to 80.'],
      ['answers', 'question 5 is not answered.'],
    ]);
  });

  it('stores a multiple choice in the choices’ own order, whatever order it was sent in (a shuffled page’s order is no mark)', () => {
    const clean = checkAnswers(questions, good.map((a) => (a.questionId === 'q2' ? { questionId: 'q2', choiceIds: ['e', 'c'] } : a)));
    expect(clean.find((a) => a.questionId === 'q2')!.choiceIds).toEqual(['c', 'e']);
  });
});
