import { describe, expect, it } from 'vitest';
import type { Question } from '$lib/graphql/surveys.ts';
import {
  answerProblem,
  answerProblems,
  draftsFor,
  emptyDraft,
  parseDecimal,
  questionOfError,
  toAnswerInputs,
} from './answers.ts';

const choices = (...ids: string[]) => ids.map((id) => ({ id, label: `Label ${id}`, role: 'OPTION' as const }));
const plain = { items: [], rankTop: null, shuffleChoices: false };
const single: Question = { id: 'q1', kind: 'SINGLE_CHOICE', prompt: 'Prescribe?', min: null, max: null, choices: choices('a', 'b'), showIf: null, skipIf: null, skipTo: null, ...plain };
const multiple: Question = { id: 'q2', kind: 'MULTIPLE_CHOICE', prompt: 'Which?', min: null, max: null, choices: choices('c', 'd', 'e'), showIf: null, skipIf: null, skipTo: null, ...plain };
const likert: Question = { id: 'q3', kind: 'LIKERT', prompt: 'Agree?', min: null, max: null, choices: choices('1', '2', '3', '4', '5'), showIf: null, skipIf: null, skipTo: null, ...plain };
const number: Question = { id: 'q4', kind: 'NUMBER', prompt: 'How many?', min: 0, max: 80, choices: [], showIf: null, skipIf: null, skipTo: null, ...plain };
const text: Question = { id: 'q5', kind: 'TEXT', prompt: 'Why?', min: null, max: null, choices: [], showIf: null, skipIf: null, skipTo: null, ...plain };
const questions = [single, multiple, likert, number, text];

const draft = (patch: Partial<ReturnType<typeof emptyDraft>>) => ({ ...emptyDraft(), ...patch });

describe('toAnswerInputs', () => {
  it('maps each kind to the part of AnswerInput it takes, in the questions’ order', () => {
    const drafts = {
      q5: draft({ text: '  Because.  ', number: '12' }),
      q1: draft({ choiceIds: ['b'], text: 'ignored' }),
      q2: draft({ choiceIds: ['e', 'c'] }),
      q3: draft({ choiceIds: ['4'] }),
      q4: draft({ number: '12,5' }),
    };
    expect(toAnswerInputs(questions, drafts)).toEqual([
      { questionId: 'q1', choiceIds: ['b'] },
      { questionId: 'q2', choiceIds: ['c', 'e'] },
      { questionId: 'q3', choiceIds: ['4'] },
      { questionId: 'q4', number: 12.5 },
      { questionId: 'q5', text: 'Because.' },
    ]);
  });

  it('drops choice ids the question does not have', () => {
    expect(toAnswerInputs([multiple], { q2: draft({ choiceIds: ['zz', 'd'] }) })).toEqual([{ questionId: 'q2', choiceIds: ['d'] }]);
  });

  it('answers a question without a draft with nothing, for the API to refuse', () => {
    expect(toAnswerInputs([single, number], {})).toEqual([
      { questionId: 'q1', choiceIds: [] },
      { questionId: 'q4', number: null },
    ]);
  });
});

describe('answerProblem', () => {
  it('asks for exactly one choice, or at least one', () => {
    expect(answerProblem(single, emptyDraft())).toBe('chooseOne');
    expect(answerProblem(single, draft({ choiceIds: ['a'] }))).toBeNull();
    expect(answerProblem(likert, draft({ choiceIds: ['9'] }))).toBe('chooseOne');
    expect(answerProblem(multiple, emptyDraft())).toBe('chooseSome');
    expect(answerProblem(multiple, draft({ choiceIds: ['c', 'd'] }))).toBeNull();
  });

  it('checks a number against its range', () => {
    expect(answerProblem(number, emptyDraft())).toBe('numberMissing');
    expect(answerProblem(number, draft({ number: 'douze' }))).toBe('numberInvalid');
    expect(answerProblem(number, draft({ number: '81' }))).toBe('numberRange');
    expect(answerProblem(number, draft({ number: '-1' }))).toBe('numberRange');
    expect(answerProblem(number, draft({ number: '80' }))).toBeNull();
    expect(answerProblem(number, draft({ number: '0' }))).toBeNull();
  });

  it('wants some text, not too much', () => {
    expect(answerProblem(text, draft({ text: '   ' }))).toBe('textMissing');
    expect(answerProblem(text, draft({ text: 'x'.repeat(2001) }))).toBe('textTooLong');
    expect(answerProblem(text, draft({ text: 'Fine.' }))).toBeNull();
  });

  it('lists the problems by question', () => {
    expect(answerProblems(questions, draftsFor(questions, { q1: draft({ choiceIds: ['a'] }) }))).toEqual({
      q2: 'chooseSome',
      q3: 'chooseOne',
      q4: 'numberMissing',
      q5: 'textMissing',
    });
  });
});

describe('parseDecimal', () => {
  it('reads a decimal comma or point, and nothing else', () => {
    expect(parseDecimal('3,5')).toBe(3.5);
    expect(parseDecimal(' 1 200 ')).toBe(1200);
    expect(parseDecimal('-2')).toBe(-2);
    expect(parseDecimal('1e3')).toBeNull();
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('3,5,1')).toBeNull();
  });
});

describe('draftsFor', () => {
  it('keeps the drafts of the survey’s questions only', () => {
    const kept = { q1: draft({ choiceIds: ['a'] }), gone: draft({ text: 'x' }) };
    expect(draftsFor([single, text], kept)).toEqual({ q1: kept.q1, q5: emptyDraft() });
  });
});

describe('questionOfError', () => {
  it('finds the question an answer error names', () => {
    expect(questionOfError(questions, 'answers.3', 'question 4: give a number from 0 to 80.')).toBe('q4');
    expect(questionOfError(questions, 'input.answers.0', 'question 1: choose exactly one of its choices.')).toBe('q1');
    expect(questionOfError(questions, 'answers', 'question 2 is not answered.')).toBe('q2');
    expect(questionOfError(questions, 'token', 'The token is not valid.')).toBeNull();
    expect(questionOfError(questions, 'answers.9', 'x')).toBeNull();
  });
});

describe('matrix, ranking and "other (specify)"', () => {
  const points = choices('p1', 'p2', 'p3', 'p4', 'p5');
  const matrix: Question = { ...likert, id: 'm', kind: 'MATRIX', choices: points, items: [{ id: 'i1', label: 'Clear' }, { id: 'i2', label: 'Useful' }] };
  const ranking: Question = { ...single, id: 'r', kind: 'RANKING', choices: choices('a', 'b', 'c', 'd'), rankTop: 2 };
  const withOther: Question = { ...multiple, id: 'o', choices: [...choices('c', 'd'), { id: 'x', label: 'Other', role: 'OTHER' as const }] };

  it('needs every matrix line answered on the scale, and sends the lines in their own order', () => {
    expect(answerProblem(matrix, draft({ items: { i1: 'p2' } }))).toBe('matrixIncomplete');
    expect(answerProblem(matrix, draft({ items: { i1: 'p2', i2: 'i1' } }))).toBe('matrixIncomplete');
    const done = draft({ items: { i2: 'p5', i1: 'p2' } });
    expect(answerProblem(matrix, done)).toBeNull();
    expect(toAnswerInputs([matrix], { m: done })).toEqual([{ questionId: 'm', items: [{ itemId: 'i1', choiceId: 'p2' }, { itemId: 'i2', choiceId: 'p5' }] }]);
  });

  it('needs ranks 1 to N each given once, and sends the choices first first', () => {
    expect(answerProblem(ranking, draft({ ranks: { a: '1' } }))).toBe('rankIncomplete');
    expect(answerProblem(ranking, draft({ ranks: { a: '1', b: '1', c: '2' } }))).toBe('rankRepeated');
    const done = draft({ ranks: { c: '1', a: '2', b: '' } });
    expect(answerProblem(ranking, done)).toBeNull();
    expect(toAnswerInputs([ranking], { r: done })).toEqual([{ questionId: 'r', choiceIds: ['c', 'a'] }]);
  });

  it('asks what the other answer is only when the other choice is ticked, and sends its text only then', () => {
    expect(answerProblem(withOther, draft({ choiceIds: ['c'], otherText: 'ignored' }))).toBeNull();
    expect(toAnswerInputs([withOther], { o: draft({ choiceIds: ['c'], otherText: 'ignored' }) })).toEqual([{ questionId: 'o', choiceIds: ['c'] }]);
    expect(answerProblem(withOther, draft({ choiceIds: ['x'] }))).toBe('otherMissing');
    expect(answerProblem(withOther, draft({ choiceIds: ['x'], otherText: 'y'.repeat(201) }))).toBe('otherTooLong');
    expect(toAnswerInputs([withOther], { o: draft({ choiceIds: ['x', 'c'], otherText: ' Podcasts ' }) })).toEqual([{ questionId: 'o', choiceIds: ['c', 'x'], otherText: 'Podcasts' }]);
  });
});
