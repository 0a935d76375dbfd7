import { describe, expect, it } from 'vitest';
import { arrange, changeKind, opValue, parseOp } from './builder-steps.ts';
import { emptySurveyValues, newQuestion, type SurveyFormValues } from './survey-form.ts';

const LIKERT = ['Pas du tout d’accord', 'Pas d’accord', 'Neutre', 'D’accord', 'Tout à fait d’accord'];

describe('rearranging', () => {
  const base = (): SurveyFormValues => ({
    ...emptySurveyValues(LIKERT),
    questions: [
      { ...newQuestion('SINGLE_CHOICE', LIKERT), key: 'a', choices: ['x', 'y', 'z'] },
      { ...newQuestion('TEXT', LIKERT), key: 'b' },
      { ...newQuestion('NUMBER', LIKERT), key: 'c' },
    ],
  });
  const keys = (v: SurveyFormValues) => v.questions.map((q) => q.key);

  it('adds, removes and moves questions', () => {
    const added = arrange(base(), { op: 'add', kind: 'LIKERT' }, LIKERT);
    expect(added.questions.at(-1)).toMatchObject({ kind: 'LIKERT', choices: LIKERT, prompt: '' });
    expect(keys(arrange(base(), { op: 'remove', index: 1 }, LIKERT))).toEqual(['a', 'c']);
    expect(keys(arrange(base(), { op: 'up', index: 2 }, LIKERT))).toEqual(['a', 'c', 'b']);
    expect(keys(arrange(base(), { op: 'down', index: 0 }, LIKERT))).toEqual(['b', 'a', 'c']);
  });

  it('moves a choice up or down within its question, and no further than its ends', () => {
    const choices = (v: SurveyFormValues) => v.questions[0]!.choices;
    expect(choices(arrange(base(), { op: 'choiceUp', index: 0, choice: 2 }, LIKERT))).toEqual(['x', 'z', 'y']);
    expect(choices(arrange(base(), { op: 'choiceDown', index: 0, choice: 0 }, LIKERT))).toEqual(['y', 'x', 'z']);
    const values = base();
    expect(arrange(values, { op: 'choiceUp', index: 0, choice: 0 }, LIKERT)).toBe(values);
    expect(arrange(values, { op: 'choiceDown', index: 0, choice: 2 }, LIKERT)).toBe(values);
    // A Likert scale's points are fixed.
    const likert = arrange(values, { op: 'add', kind: 'LIKERT' }, LIKERT);
    expect(arrange(likert, { op: 'choiceDown', index: 3, choice: 0 }, LIKERT)).toBe(likert);
    expect(parseOp(opValue({ op: 'choiceDown', index: 1, choice: 3 }))).toEqual({ op: 'choiceDown', index: 1, choice: 3 });
  });

  it('changes nothing for a step that does not apply', () => {
    const values = base();
    expect(arrange(values, { op: 'up', index: 0 }, LIKERT)).toBe(values);
    expect(arrange(values, { op: 'down', index: 2 }, LIKERT)).toBe(values);
    expect(arrange(values, { op: 'remove', index: 7 }, LIKERT)).toBe(values);
    const single = { ...values, questions: values.questions.slice(0, 1) };
    expect(arrange(single, { op: 'remove', index: 0 }, LIKERT)).toBe(single);
  });

  it('adds and removes choices, keeping at least two', () => {
    const more = arrange(base(), { op: 'addChoice', index: 0 }, LIKERT);
    expect(more.questions[0]?.choices).toEqual(['x', 'y', 'z', '']);
    const fewer = arrange(base(), { op: 'removeChoice', index: 0, choice: 1 }, LIKERT);
    expect(fewer.questions[0]?.choices).toEqual(['x', 'z']);
    expect(arrange(fewer, { op: 'removeChoice', index: 0, choice: 0 }, LIKERT).questions[0]?.choices).toEqual(['x', 'z']);
    expect(arrange(base(), { op: 'addChoice', index: 1 }, LIKERT).questions[1]?.choices).toEqual([]);
  });

  it('round-trips the steps through button values', () => {
    const ops = [
      { op: 'add', kind: 'NUMBER' },
      { op: 'remove', index: 3 },
      { op: 'up', index: 1 },
      { op: 'down', index: 0 },
      { op: 'addChoice', index: 2 },
      { op: 'removeChoice', index: 2, choice: 4 },
    ] as const;
    for (const op of ops) expect(parseOp(opValue(op))).toEqual(op);
    for (const bad of ['', 'add:POLL', 'remove:x', 'removeChoice:1', 'drop:1']) expect(parseOp(bad)).toBeNull();
  });

  it('keeps the prompt, and choices where they fit, when the kind changes', () => {
    const question = { ...newQuestion('SINGLE_CHOICE', LIKERT), prompt: 'P', choices: ['x', 'y'] };
    expect(changeKind(question, 'MULTIPLE_CHOICE', LIKERT)).toMatchObject({ key: question.key, prompt: 'P', choices: ['x', 'y'] });
    expect(changeKind(question, 'LIKERT', LIKERT)).toMatchObject({ prompt: 'P', choices: LIKERT });
    expect(changeKind(question, 'NUMBER', LIKERT)).toMatchObject({ choices: [], min: '0', max: '100' });
  });
});
