import { describe, expect, it } from 'vitest';
import { choiceLabels, LIKERT_LABELS, questionProblem, type QuestionArgs } from './questions.ts';

const q = (kind: QuestionArgs['kind'], more: Partial<QuestionArgs> = {}): QuestionArgs => ({ kind, prompt: 'Why?', ...more });
const labels = (n: number) => Array.from({ length: n }, (_, i) => `Option ${i + 1}`);

describe('question rules', () => {
  it.each([
    ['SINGLE_CHOICE', { choices: labels(2) }],
    ['MULTIPLE_CHOICE', { choices: labels(20) }],
    ['LIKERT', {}],
    ['LIKERT', { choices: ['Jamais', 'Rarement', 'Parfois', 'Souvent', 'Toujours'] }],
    ['NUMBER', { min: 0, max: 0.5 }],
    ['NUMBER', { min: -10, max: 10, choices: [] }],
    ['TEXT', {}],
  ] as const)('accepts %s %o', (kind, more) => {
    expect(questionProblem(q(kind, more))).toBeNull();
  });

  it.each([
    ['SINGLE_CHOICE', {}, 'choices', 'a single-choice question needs 2 to 20 choices'],
    ['SINGLE_CHOICE', { choices: ['Only'] }, 'choices', 'a single-choice question needs 2 to 20 choices'],
    ['MULTIPLE_CHOICE', { choices: labels(21) }, 'choices', 'a multiple-choice question needs 2 to 20 choices'],
    ['SINGLE_CHOICE', { choices: ['Yes', '  '] }, 'choices', 'choice 2 is empty'],
    ['SINGLE_CHOICE', { choices: ['Yes', 'No', ' yes '] }, 'choices', 'choice 3 repeats choice 1'],
    ['SINGLE_CHOICE', { choices: ['Yes', 'n'.repeat(301)] }, 'choices', 'choice 2 is longer than 300 characters'],
    ['LIKERT', { choices: labels(4) }, 'choices', 'a Likert question takes no choices (the 5 standard points) or exactly 5 labels'],
    ['LIKERT', { choices: ['a', 'b', 'c', 'd', 'A'] }, 'choices', 'choice 5 repeats choice 1'],
    ['NUMBER', { max: 10 }, 'min', 'a number question needs a min'],
    ['NUMBER', { min: 10 }, 'max', 'a number question needs a max'],
    ['NUMBER', { min: 10, max: 10 }, 'max', 'max must be greater than min'],
    ['NUMBER', { min: 0, max: 10, choices: ['x'] }, 'choices', 'a number question takes no choices'],
    ['TEXT', { choices: ['x'] }, 'choices', 'a text question takes no choices'],
    ['TEXT', { max: 3 }, 'max', 'only a number question takes min and max'],
    ['SINGLE_CHOICE', { choices: ['a', 'b'], min: 1 }, 'min', 'only a number question takes min and max'],
  ] as const)('refuses %s %o: %s — %s', (kind, more, field, message) => {
    expect(questionProblem(q(kind, more))).toMatchObject({ field, message });
  });
});

describe('stored choices', () => {
  it('gives a Likert question without labels the five standard points, in order', () => {
    expect(choiceLabels(q('LIKERT'))).toEqual([...LIKERT_LABELS]);
    expect(LIKERT_LABELS).toHaveLength(5);
  });
  it('keeps given labels, trimmed, and none for number and text', () => {
    expect(choiceLabels(q('SINGLE_CHOICE', { choices: [' Yes ', 'No'] }))).toEqual(['Yes', 'No']);
    expect(choiceLabels(q('NUMBER', { min: 0, max: 1 }))).toEqual([]);
    expect(choiceLabels(q('TEXT'))).toEqual([]);
  });
});
