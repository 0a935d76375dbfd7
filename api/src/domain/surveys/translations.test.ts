import { describe, expect, it } from 'vitest';
import { LIKERT_LABELS } from './questions.ts';
import { choiceRows, isBilingual, translationProblems, type TranslatedSurvey } from './translations.ts';

const question = (over: Partial<TranslatedSurvey['questions'][number]> = {}): TranslatedSurvey['questions'][number] => ({
  kind: 'SINGLE_CHOICE', choices: ['Oui', 'Non'], promptTranslation: 'Q?', choiceTranslations: ['Yes', 'No'], ...over,
});
const survey = (over: Partial<TranslatedSurvey> = {}): TranslatedSurvey => ({
  description: 'D', titleTranslation: 'T', descriptionTranslation: 'D en', questions: [question()], ...over,
});
const mono = (): TranslatedSurvey => ({ description: 'D', questions: [question({ promptTranslation: null, choiceTranslations: null })] });

describe('the all-or-none rule of translations', () => {
  it('asks nothing of a monolingual survey, and everything of a survey with any translation', () => {
    expect(isBilingual(mono())).toBe(false);
    expect(translationProblems(mono())).toEqual([]);
    expect(translationProblems(survey())).toEqual([]);
    // One choice translated makes the survey bilingual: the rest is then missing.
    const one = { ...mono(), questions: [question({ promptTranslation: null, choiceTranslations: ['Yes', ''] })] };
    expect(isBilingual(one)).toBe(true);
    expect(translationProblems(one).map((p) => p.path.join('.'))).toEqual(['titleTranslation', 'descriptionTranslation', 'questions.0.promptTranslation', 'questions.0.choiceTranslations']);
  });

  it('wants one translation per choice, none empty or repeated, and none for the standard Likert points', () => {
    const paths = (q: TranslatedSurvey['questions'][number]) => translationProblems(survey({ questions: [q] })).map((p) => `${p.path.join('.')}:${p.reason}`);
    expect(paths(question({ choiceTranslations: ['Yes'] }))).toEqual(['questions.0.choiceTranslations:required']);
    expect(paths(question({ choiceTranslations: ['Yes', 'yes'] }))).toEqual(['questions.0.choiceTranslations:invalid']);
    expect(paths(question({ choiceTranslations: ['Yes', 'x'.repeat(301)] }))).toEqual(['questions.0.choiceTranslations:invalid']);
    expect(paths(question({ kind: 'LIKERT', choices: [], choiceTranslations: [] }))).toEqual([]);
    expect(paths(question({ kind: 'LIKERT', choices: [], choiceTranslations: ['a', 'b', 'c', 'd', 'e'] }))).toEqual(['questions.0.choiceTranslations:invalid']);
    expect(paths(question({ kind: 'NUMBER', choices: null, choiceTranslations: null }))).toEqual([]);
  });

  it('needs no description translation without a description, and refuses one', () => {
    expect(translationProblems(survey({ description: '', descriptionTranslation: null }))).toEqual([]);
    expect(translationProblems(survey({ description: ' ', descriptionTranslation: 'D en' })).map((p) => p.reason)).toEqual(['invalid']);
  });
});

describe('choice rows', () => {
  it('writes the standard Likert points in both languages for a bilingual survey, in its language first', () => {
    const rows = choiceRows({ kind: 'LIKERT', prompt: 'P' }, 'fr', true);
    expect(rows[0]).toEqual({ position: 0, label: 'Pas du tout d’accord', labelTranslation: 'Strongly disagree', role: 'OPTION' });
    expect(choiceRows({ kind: 'LIKERT', prompt: 'P' }, 'fr', false)[0]).toEqual({ position: 0, label: 'Strongly disagree', labelTranslation: null, role: 'OPTION' });
    expect(choiceRows({ kind: 'SINGLE_CHOICE', prompt: 'P', choices: [' Oui ', 'Non'], choiceTranslations: [' Yes', 'No'] }, 'fr', true)).toEqual([
      { position: 0, label: 'Oui', labelTranslation: 'Yes', role: 'OPTION' }, { position: 1, label: 'Non', labelTranslation: 'No', role: 'OPTION' },
    ]);
  });

  it('writes a matrix\'s items and an "other" choice in both languages, after the options', () => {
    const matrix = choiceRows({ kind: 'MATRIX', prompt: 'P', items: ['Coût', 'Délai'], itemTranslations: ['Cost', ' Delay '] }, 'fr', true);
    expect(matrix.map((r) => [r.position, r.label, r.labelTranslation, r.role])).toEqual([
      ...['Pas du tout d’accord', 'Plutôt pas d’accord', 'Ni d’accord ni pas d’accord', 'Plutôt d’accord', 'Tout à fait d’accord'].map((label, i) => [i, label, LIKERT_LABELS[i], 'OPTION']),
      [5, 'Coût', 'Cost', 'ITEM'], [6, 'Délai', 'Delay', 'ITEM'],
    ]);
    const other = choiceRows({ kind: 'SINGLE_CHOICE', prompt: 'P', choices: ['Oui', 'Non'], choiceTranslations: ['Yes', 'No'], otherChoice: 'Autre', otherChoiceTranslation: 'Other' }, 'fr', true);
    expect(other.at(-1)).toEqual({ position: 2, label: 'Autre', labelTranslation: 'Other', role: 'OTHER' });
  });

  it('asks for the translation of a matrix\'s items and of the "other" label in a bilingual survey', () => {
    const survey: TranslatedSurvey = {
      description: '', titleTranslation: 'T',
      questions: [
        { kind: 'MATRIX', promptTranslation: 'M', items: ['A', 'B'], itemTranslations: ['A'] },
        { kind: 'SINGLE_CHOICE', promptTranslation: 'S', choices: ['Oui', 'Non'], choiceTranslations: ['Yes', 'No'], otherChoice: 'Autre' },
      ],
    };
    expect(translationProblems(survey).map((p) => p.path.join('.'))).toEqual(['questions.0.itemTranslations', 'questions.1.otherChoiceTranslation']);
  });
});
