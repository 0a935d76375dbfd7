import { describe, expect, it } from 'vitest';
import type { Question } from '$lib/graphql/surveys.ts';
import { emptyDraft, questionOfError, toAnswerInputs, type AnswerDrafts } from './answers.ts';
import { shownFlags, shownQuestions } from './logic.ts';
import { conditionDraft, conditionInput, emptyCondition } from './survey-form.ts';

const none = { showIf: null, skipIf: null, skipTo: null, items: [], rankTop: null, shuffleChoices: false };
const yesNo = [{ id: 'y', label: 'Yes', role: 'OPTION' as const }, { id: 'n', label: 'No', role: 'OPTION' as const }];
const questions: Question[] = [
  { id: 'q0', kind: 'SINGLE_CHOICE', prompt: 'Children?', min: null, max: null, choices: yesNo, ...none },
  { id: 'q1', kind: 'NUMBER', prompt: 'How many?', min: 0, max: 100, choices: [], ...none,
    showIf: { combine: 'ALL', rules: [{ question: 0, operator: 'SELECTED', choice: 0, value: null, upTo: null }] } },
  { id: 'q2', kind: 'TEXT', prompt: 'Why so many?', min: null, max: null, choices: [], ...none,
    showIf: { combine: 'ANY', rules: [{ question: 1, operator: 'BETWEEN', choice: null, value: 20, upTo: 30 }, { question: 1, operator: 'AT_LEAST', choice: null, value: 90, upTo: null }] } },
  { id: 'q3', kind: 'SINGLE_CHOICE', prompt: 'Comment?', min: null, max: null, choices: yesNo, ...none,
    skipIf: { combine: 'ALL', rules: [{ question: 3, operator: 'NOT_SELECTED', choice: 0, value: null, upTo: null }] }, skipTo: 5 },
  { id: 'q4', kind: 'TEXT', prompt: 'Your comment', min: null, max: null, choices: [], ...none },
  { id: 'q5', kind: 'TEXT', prompt: 'Last', min: null, max: null, choices: [], ...none,
    showIf: { combine: 'ALL', rules: [{ question: 1, operator: 'AT_MOST', choice: null, value: 5, upTo: null }] } },
];

const drafts = (entries: Record<string, Partial<ReturnType<typeof emptyDraft>>>): AnswerDrafts =>
  Object.fromEntries(Object.entries(entries).map(([id, d]) => [id, { ...emptyDraft(), ...d }]));

describe('shownFlags (live logic on the answering page)', () => {
  it('shows a conditional question once the answer it depends on is given, and hides it again', () => {
    expect(shownFlags(questions, drafts({}))).toEqual([true, false, false, true, true, false]);
    expect(shownFlags(questions, drafts({ q0: { choiceIds: ['y'] }, q1: { number: '25' } }))).toEqual([true, true, true, true, true, false]);
    expect(shownFlags(questions, drafts({ q0: { choiceIds: ['y'] }, q1: { number: '4' } }))).toEqual([true, true, false, true, true, true]);
    expect(shownFlags(questions, drafts({ q0: { choiceIds: ['n'] }, q1: { number: '25' } }))).toEqual([true, false, false, true, true, false]);
  });

  it('does not read a number that cannot be sent, and skips when the skip holds', () => {
    expect(shownFlags(questions, drafts({ q0: { choiceIds: ['y'] }, q1: { number: '250' } }))[2]).toBe(false);
    expect(shownFlags(questions, drafts({ q3: { choiceIds: ['n'] } }))[4]).toBe(false);
  });

  it('sends only the shown questions, and maps an error on answers.N to the N-th sent', () => {
    const d = drafts({ q0: { choiceIds: ['n'] }, q1: { number: '25' }, q3: { choiceIds: ['y'] }, q4: { text: 'ok' } });
    const shown = shownQuestions(questions, d);
    expect(toAnswerInputs(shown, d).map((a) => a.questionId)).toEqual(['q0', 'q3', 'q4']);
    expect(questionOfError(shown, 'answers.2', 'question 5: write an answer.', questions)).toBe('q4');
    expect(questionOfError(shown, 'answers', 'question 2 is not answered.', questions)).toBe('q1');
  });
});

describe('the builder’s condition', () => {
  it('turns typed rules (numbers from 1) into the API’s condition and back', () => {
    const draft = emptyCondition();
    expect(conditionInput(draft)).toBeNull();
    draft.combine = 'ANY';
    draft.rules[0] = { question: '1', operator: 'SELECTED', value: '2', upTo: '' };
    draft.rules[2] = { question: '2', operator: 'BETWEEN', value: '1,5', upTo: '3' };
    const input = conditionInput(draft);
    expect(input).toEqual({ combine: 'ANY', rules: [{ question: 0, operator: 'SELECTED', choice: 1 }, { question: 1, operator: 'BETWEEN', value: 1.5, upTo: 3 }] });
    const back = conditionDraft({ combine: 'ANY', rules: input!.rules.map((r) => ({ choice: null, value: null, upTo: null, ...r })) }, 'fr');
    expect(back.rules.slice(0, 2)).toEqual([
      { question: '1', operator: 'SELECTED', value: '2', upTo: '' },
      { question: '2', operator: 'BETWEEN', value: '1,5', upTo: '3' },
    ]);
    expect(back.rules).toHaveLength(3);
  });
});
