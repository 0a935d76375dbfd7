import { describe, expect, it } from 'vitest';
import { kindColumns } from './kinds.ts';
import { choiceRows } from './translations.ts';
import { LIKERT_LABELS, questionProblem, type QuestionArgs } from './questions.ts';

const q = (kind: QuestionArgs['kind'], more: Partial<QuestionArgs> = {}): QuestionArgs => ({ kind, prompt: 'Why?', ...more });

describe('rules of the new kinds', () => {
  it.each([
    ['MATRIX', { items: ['A', 'B'] }],
    ['MATRIX', { items: ['A', 'B'], choices: ['1', '2', '3', '4', '5'], shuffleChoices: true }],
    ['RANKING', { choices: ['A', 'B', 'C'], rankTop: 3 }],
    ['SINGLE_CHOICE', { choices: ['A', 'B'], otherChoice: 'Other' }],
    ['MULTIPLE_CHOICE', { choices: ['A', 'B'], otherChoice: 'Autre', shuffleChoices: true }],
  ] as const)('accepts %s %o', (kind, more) => {
    expect(questionProblem(q(kind, more))).toBeNull();
  });

  it.each([
    ['MATRIX', {}, 'items', 'a matrix question needs 2 to 20 items'],
    ['MATRIX', { items: ['A', ' a '] }, 'items', 'item 2 repeats item 1'],
    ['MATRIX', { items: ['A', 'B'], choices: ['1', '2'] }, 'choices', 'a matrix question takes no choices (the 5 standard points) or exactly 5 labels'],
    ['RANKING', { choices: ['A'] }, 'choices', 'a ranking question needs 2 to 20 choices'],
    ['RANKING', { choices: ['A', 'B'], rankTop: 0 }, 'rankTop', 'rankTop must be from 1 to the number of choices (2)'],
    ['SINGLE_CHOICE', { choices: ['A', 'B'], rankTop: 1 }, 'rankTop', 'only a ranking question takes rankTop, not a single-choice question'],
    ['SINGLE_CHOICE', { choices: ['A', 'B'], otherChoice: '  ' }, 'otherChoice', 'the "other (specify)" choice needs a label'],
    ['SINGLE_CHOICE', { choices: Array.from({ length: 20 }, (_, i) => `C${i}`), otherChoice: 'Other' }, 'otherChoice', 'a single-choice question takes at most 20 choices, the "other (specify)" one included'],
    ['RANKING', { choices: ['A', 'B'], otherChoice: 'Other' }, 'otherChoice', 'only a single- or multiple-choice question takes an "other (specify)" choice, not a ranking question'],
    ['NUMBER', { min: 0, max: 1, shuffleChoices: true }, 'shuffleChoices', 'a number question keeps its order'],
  ] as const)('refuses %s %o: %s — %s', (kind, more, field, message) => {
    expect(questionProblem(q(kind, more))).toMatchObject({ field, message: expect.stringContaining(message) });
  });
});

describe('stored rows of the new kinds', () => {
  it('puts a matrix’s items after its scale, and the other choice last', () => {
    expect(choiceRows(q('MATRIX', { items: [' A ', 'B'] })).map((r) => [r.position, r.label, r.role])).toEqual([
      ...LIKERT_LABELS.map((label, i) => [i, label, 'OPTION']),
      [5, 'A', 'ITEM'],
      [6, 'B', 'ITEM'],
    ]);
    expect(choiceRows(q('SINGLE_CHOICE', { choices: ['Yes', 'No'], otherChoice: ' Other ' })).map((r) => r.role)).toEqual(['OPTION', 'OPTION', 'OTHER']);
    expect(kindColumns(q('RANKING', { rankTop: 2, shuffleChoices: true }))).toEqual({ rankTop: 2, shuffleChoices: true });
    expect(kindColumns(q('SINGLE_CHOICE', { rankTop: 2 }))).toEqual({ rankTop: null, shuffleChoices: false });
  });
});
