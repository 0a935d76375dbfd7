import { describe, expect, it } from 'vitest';
import type { EditedSurvey } from '$lib/graphql/surveys.ts';
import {
  emptySurveyValues,
  eurosInput,
  newQuestion,
  parseEuros,
  readSurveyValues,
  toSurveyInput,
  valuesFromSurvey,
  type SurveyFormValues,
} from './survey-form.ts';

/** What a monolingual survey's question sends of translations: nothing (an update clears them). */
const MONOLINGUAL = { promptTranslation: null, choiceTranslations: null, itemTranslations: null, otherChoiceTranslation: null };

const LIKERT = ['Pas du tout d’accord', 'Pas d’accord', 'Neutre', 'D’accord', 'Tout à fait d’accord'];

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

const posted = form([
  ['title', '  Antibiotics in winter '],
  ['description', 'Five questions.'],
  ['questions.0.key', 'k0'],
  ['questions.0.kind', 'SINGLE_CHOICE'],
  ['questions.0.prompt', ' Do you prescribe X? '],
  ['questions.0.choices', 'Yes'],
  ['questions.0.choices', ' No '],
  ['questions.1.key', 'k1'],
  ['questions.1.kind', 'LIKERT'],
  ['questions.1.prompt', 'X works.'],
  ...LIKERT.map((l): [string, string] => ['questions.1.choices', l]),
  ['questions.2.key', 'k2'],
  ['questions.2.kind', 'NUMBER'],
  ['questions.2.prompt', 'Patients a week?'],
  ['questions.2.min', '0'],
  ['questions.2.max', '80,5'],
  ['questions.10.key', 'k10'],
  ['questions.10.kind', 'TEXT'],
  ['questions.10.prompt', 'Why?'],
  ['questions.3.key', 'k3'],
  ['questions.3.kind', 'MULTIPLE_CHOICE'],
  ['questions.3.prompt', 'Which?'],
  ['questions.3.choices', 'A'],
  ['questions.3.choices', 'B'],
  ['questions.3.choices', 'C'],
  ['targeting.specialties', 'cardiology'],
  ['targeting.specialties', 'general-practice'],
  ['targeting.countries', 'FR'],
  ['targeting.regions', 'Bretagne, Liège\nBretagne'],
  ['targeting.minYearsInPractice', '5'],
  ['sampleSize', '200'],
  ['honorariumCents', '15,50'],
  ['closesAt', '2026-11-23'],
  ['textsToClient', 'on'],
]);

describe('readSurveyValues and toSurveyInput', () => {
  it('turn the posted builder into the API’s SurveyInput, questions in their order', () => {
    const values = readSurveyValues(posted, LIKERT);
    expect(values.questions.map((q) => q.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k10']);
    const { input, errors } = toSurveyInput(values);
    expect(errors).toBeNull();
    const mono = MONOLINGUAL;
    expect(input).toEqual({
      title: 'Antibiotics in winter',
      description: 'Five questions.',
      // No "bilingual" box ticked: a French survey without translations.
      language: 'fr',
      titleTranslation: null,
      descriptionTranslation: null,
      questions: [
        { kind: 'SINGLE_CHOICE', prompt: 'Do you prescribe X?', choices: ['Yes', 'No'], ...mono },
        { kind: 'LIKERT', prompt: 'X works.', choices: LIKERT, ...mono },
        { kind: 'NUMBER', prompt: 'Patients a week?', min: 0, max: 80.5, ...mono },
        { kind: 'MULTIPLE_CHOICE', prompt: 'Which?', choices: ['A', 'B', 'C'], ...mono },
        { kind: 'TEXT', prompt: 'Why?', ...mono },
      ],
      targeting: { specialties: ['cardiology', 'general-practice'], countries: ['FR'], regions: ['Bretagne', 'Liège'], minYearsInPractice: 5 },
      sampleSize: 200,
      honorariumCents: 1550,
      closesAt: '2026-11-23T22:59:59.000Z',
      quotas: [],
      textsToClient: true,
    });
  });

  it('leaves empty targeting and closing date as "any" and "none"', () => {
    const values: SurveyFormValues = { ...emptySurveyValues(LIKERT), title: 'T', sampleSize: '10', honorarium: '0' };
    const { input } = toSurveyInput(values);
    expect(input?.targeting).toEqual({ specialties: [], countries: [], regions: [], minYearsInPractice: null });
    expect(input?.closesAt).toBeNull();
    expect(input?.honorariumCents).toBe(0);
    expect(input?.textsToClient).toBe(false);
  });

  it('refuses only what cannot be sent, under the API’s field names', () => {
    const values: SurveyFormValues = {
      ...emptySurveyValues(LIKERT),
      questions: [{ ...newQuestion('NUMBER', LIKERT), min: 'zero' }],
      sampleSize: '12.5',
      honorarium: '',
      minYearsInPractice: 'ten',
      closesOn: '2026-02-30',
    };
    const { input, errors } = toSurveyInput(values);
    expect(input).toBeNull();
    expect(Object.keys(errors?.fields ?? {}).sort()).toEqual(
      ['closesAt', 'honorariumCents', 'questions.0.min', 'sampleSize', 'targeting.minYearsInPractice'].sort(),
    );
    expect(errors?.fields.honorariumCents?.reason).toBe('required');
    expect(errors?.fields.sampleSize?.reason).toBe('invalid');
  });

  it('repairs a kind changed without JavaScript', () => {
    const values = readSurveyValues(
      form([
        ['questions.0.kind', 'LIKERT'],
        ['questions.0.choices', 'Yes'],
        ['questions.0.choices', 'No'],
        ['questions.1.kind', 'SINGLE_CHOICE'],
        ['questions.2.kind', 'TEXT'],
        ['questions.2.choices', 'left over'],
        ['questions.2.min', '3'],
      ]),
      LIKERT,
    );
    expect(values.questions.map((q) => q.choices)).toEqual([LIKERT, ['', ''], []]);
    expect(values.questions[2]?.min).toBe('');
  });
});

describe('parseEuros', () => {
  it('reads euros as people type them, into cents', () => {
    expect(parseEuros('15')).toBe(1500);
    expect(parseEuros('15,5')).toBe(1550);
    expect(parseEuros('15.05')).toBe(1505);
    expect(parseEuros('1 000,00 €')).toBe(100_000);
    expect(parseEuros('0.1')).toBe(10);
    expect(parseEuros('19.99')).toBe(1999);
  });

  it('refuses what is not an amount', () => {
    for (const typed of ['', 'abc', '-5', '1,234,5', '15.555', '1e3']) expect(parseEuros(typed)).toBeNull();
  });

  it('writes cents back for the input', () => {
    expect(eurosInput(1550, 'fr')).toBe('15,50');
    expect(eurosInput(1550, 'en')).toBe('15.50');
  });
});

describe('valuesFromSurvey', () => {
  it('fills the form with a saved survey, in the reader’s notation', () => {
    const survey: EditedSurvey = {
      id: 's',
      title: 'T',
      description: 'D',
      status: 'DRAFT',
      sampleSize: 50,
      honorariumCents: 1250,
      textsToClient: true,
      closesAt: '2026-11-23T22:59:59.000Z',
      reviewReason: null,
      targeting: { specialties: ['cardiology'], countries: ['FR', 'BE'], regions: ['Bretagne', 'Liège'], minYearsInPractice: 3 },
      questions: [{ id: 'q', kind: 'NUMBER', prompt: 'How many?', min: 0, max: 2.5, choices: [], showIf: null, skipIf: null, skipTo: null, items: [], rankTop: null, shuffleChoices: false }],
      quotas: [{ specialty: 'cardiology', country: null, yearsBand: null, maxAnswers: 30 }],
      language: 'en', translationLanguage: null, primaryTitle: 'T', titleTranslation: null, primaryDescription: 'D', descriptionTranslation: null,
      questionTexts: [{ id: 'q', primaryPrompt: 'How many?', promptTranslation: null, choices: [], items: [] }],
    };
    const values = valuesFromSurvey(survey, 'fr');
    expect(values).toMatchObject({
      sampleSize: '50',
      honorarium: '12,50',
      closesOn: '2026-11-23',
      regions: 'Bretagne, Liège',
      minYearsInPractice: '3',
      countries: ['FR', 'BE'],
      textsToClient: true,
    });
    expect(values.questions[0]).toMatchObject({ kind: 'NUMBER', min: '0', max: '2,5' });
    expect(toSurveyInput(values).input?.questions[0]).toEqual({ kind: 'NUMBER', prompt: 'How many?', min: 0, max: 2.5, ...MONOLINGUAL });
    expect(toSurveyInput(values).input).toMatchObject({ language: 'en', titleTranslation: null, descriptionTranslation: null });
    // The saved cell, then a blank row to add one; only the saved cell is sent back.
    expect(values.quotas).toEqual([{ specialty: 'cardiology', country: '', yearsBand: '', maxAnswers: '30' }, { specialty: '', country: '', yearsBand: '', maxAnswers: '' }]);
    expect(toSurveyInput(values).input?.quotas).toEqual([{ specialty: 'cardiology', country: null, yearsBand: null, maxAnswers: 30 }]);
  });
});

describe('a survey in two languages', () => {
  const saved = (): EditedSurvey => ({
    id: 's', title: 'Antibiotiques', description: 'Deux minutes.', status: 'DRAFT', sampleSize: 50, honorariumCents: 0, closesAt: null, textsToClient: false, reviewReason: null,
    targeting: { specialties: [], countries: [], regions: [], minYearsInPractice: null },
    // What an English reader gets: `title`, `prompt`, `label` in English; the builder edits the texts as written.
    questions: [
      { id: 'q', kind: 'SINGLE_CHOICE', prompt: 'Prescribe?', min: null, max: null, choices: [{ id: 'a', label: 'Yes', role: 'OPTION' }, { id: 'b', label: 'No', role: 'OPTION' }], showIf: null, skipIf: null, skipTo: null, items: [], rankTop: null, shuffleChoices: false },
      { id: 'l', kind: 'LIKERT', prompt: 'Clear?', min: null, max: null, choices: LIKERT.map((label, i) => ({ id: `l${i}`, label, role: 'OPTION' as const })), showIf: null, skipIf: null, skipTo: null, items: [], rankTop: null, shuffleChoices: false },
    ],
    quotas: [],
    language: 'fr', translationLanguage: 'en', primaryTitle: 'Antibiotiques', titleTranslation: 'Antibiotics', primaryDescription: 'Deux minutes.', descriptionTranslation: 'Two minutes.',
    questionTexts: [
      { id: 'q', primaryPrompt: 'Prescrivez-vous ?', promptTranslation: 'Prescribe?', choices: [{ id: 'a', primaryLabel: 'Oui', labelTranslation: 'Yes' }, { id: 'b', primaryLabel: 'Non', labelTranslation: 'No' }], items: [] },
      { id: 'l', primaryPrompt: 'Clair ?', promptTranslation: 'Clear?', choices: LIKERT.map((label, i) => ({ id: `l${i}`, primaryLabel: label, labelTranslation: label })), items: [] },
    ],
  });

  it('edits the texts as written, whatever the page’s language, and sends both back', () => {
    const values = valuesFromSurvey(saved(), 'en');
    expect(values).toMatchObject({ language: 'fr', bilingual: true, title: 'Antibiotiques', titleTranslation: 'Antibiotics' });
    expect(values.questions[0]).toMatchObject({ prompt: 'Prescrivez-vous ?', promptTranslation: 'Prescribe?', choices: ['Oui', 'Non'], choiceTranslations: ['Yes', 'No'] });
    const input = toSurveyInput(values).input!;
    expect(input).toMatchObject({ language: 'fr', title: 'Antibiotiques', titleTranslation: 'Antibiotics', descriptionTranslation: 'Two minutes.' });
    expect(input.questions[0]).toMatchObject({ prompt: 'Prescrivez-vous ?', promptTranslation: 'Prescribe?', choices: ['Oui', 'Non'], choiceTranslations: ['Yes', 'No'] });
    // The standard Likert points: the API writes them in both languages.
    expect(input.questions[1]).toMatchObject({ kind: 'LIKERT', promptTranslation: 'Clear?', choiceTranslations: null });
    expect(input.questions[1]!.choices).toBeUndefined();
  });

  it('writes the Likert points in the survey’s language, not the page’s', () => {
    const values = { ...valuesFromSurvey(saved(), 'en'), bilingual: false };
    const input = toSurveyInput(values, (language) => (language === 'fr' ? LIKERT : ['SD', 'D', 'N', 'A', 'SA'])).input!;
    expect(input.questions[1]!.choices).toEqual(LIKERT);
    expect(toSurveyInput({ ...values, language: 'en' }, (language) => (language === 'fr' ? LIKERT : ['SD', 'D', 'N', 'A', 'SA'])).input!.questions[1]!.choices).toEqual(['SD', 'D', 'N', 'A', 'SA']);
  });

  it('drops every translation when the survey is made monolingual again', () => {
    const values = { ...valuesFromSurvey(saved(), 'fr'), bilingual: false };
    const input = toSurveyInput(values).input!;
    expect(input).toMatchObject({ titleTranslation: null, descriptionTranslation: null });
    expect(input.questions.map((q) => [q.promptTranslation, q.choiceTranslations])).toEqual([[null, null], [null, null]]);
  });

  it('reads a posted bilingual form, one translation per choice', () => {
    const posted = new FormData();
    for (const [k, v] of [
      ['title', 'T'], ['titleTranslation', 'T en'], ['language', 'fr'], ['bilingual', 'on'], ['sampleSize', '100'], ['honorariumCents', '0'],
      ['questions.0.kind', 'SINGLE_CHOICE'], ['questions.0.prompt', 'Q'], ['questions.0.promptTranslation', 'Q en'],
      ['questions.0.choices', 'Oui'], ['questions.0.choices', 'Non'], ['questions.0.choiceTranslations', 'Yes'],
    ]) posted.append(k!, v!);
    const values = readSurveyValues(posted, LIKERT);
    expect(values).toMatchObject({ language: 'fr', bilingual: true, titleTranslation: 'T en' });
    expect(values.questions[0]!.choiceTranslations).toEqual(['Yes', '']);
  });

  it('reads a posted matrix’s lines and an "other (specify)" label in both languages, and sends them back', () => {
    const posted = new FormData();
    for (const [k, v] of [
      ['title', 'T'], ['titleTranslation', 'T en'], ['language', 'fr'], ['bilingual', 'on'], ['sampleSize', '100'], ['honorariumCents', '0'],
      ['questions.0.kind', 'SINGLE_CHOICE'], ['questions.0.prompt', 'Q'], ['questions.0.promptTranslation', 'Q en'],
      ['questions.0.choices', 'Oui'], ['questions.0.choices', 'Non'], ['questions.0.choiceTranslations', 'Yes'], ['questions.0.choiceTranslations', 'No'],
      ['questions.0.otherChoice', 'Autre'], ['questions.0.otherChoiceTranslation', ' Other '],
      ['questions.1.kind', 'MATRIX'], ['questions.1.prompt', 'M'], ['questions.1.promptTranslation', 'M en'],
      ...LIKERT.map((label) => ['questions.1.choices', label]),
      ['questions.1.items', 'Coût\nDélai'], ['questions.1.itemTranslations', 'Cost\n\n Delay \n'],
    ]) posted.append(k!, v!);
    const values = readSurveyValues(posted, LIKERT);
    expect(values.questions[0]).toMatchObject({ otherChoice: 'Autre', otherChoiceTranslation: ' Other ' });
    expect(values.questions[1]).toMatchObject({ items: 'Coût\nDélai', itemTranslations: 'Cost\n\n Delay \n' });
    const input = toSurveyInput(values).input!;
    expect(input.questions[0]).toMatchObject({ otherChoice: 'Autre', otherChoiceTranslation: 'Other', itemTranslations: null });
    expect(input.questions[1]).toMatchObject({ items: ['Coût', 'Délai'], itemTranslations: ['Cost', 'Delay'], otherChoiceTranslation: null });
  });

  it('edits a saved matrix’s lines and "other (specify)" label as written, both languages, and sends them back unchanged', () => {
    const survey = saved();
    survey.questions = [
      { ...survey.questions[0]!, choices: [...survey.questions[0]!.choices, { id: 'o', label: 'Other', role: 'OTHER' }] },
      { ...survey.questions[1]!, id: 'm', kind: 'MATRIX', items: [{ id: 'i1', label: 'Cost' }, { id: 'i2', label: 'Delay' }] },
    ];
    survey.questionTexts = [
      { ...survey.questionTexts[0]!, choices: [...survey.questionTexts[0]!.choices, { id: 'o', primaryLabel: 'Autre', labelTranslation: 'Other' }] },
      { ...survey.questionTexts[1]!, id: 'm', items: [{ id: 'i1', primaryLabel: 'Coût', labelTranslation: 'Cost' }, { id: 'i2', primaryLabel: 'Délai', labelTranslation: 'Delay' }] },
    ];
    const values = valuesFromSurvey(survey, 'en');
    expect(values.questions[0]).toMatchObject({ choices: ['Oui', 'Non'], otherChoice: 'Autre', otherChoiceTranslation: 'Other' });
    expect(values.questions[1]).toMatchObject({ items: 'Coût\nDélai', itemTranslations: 'Cost\nDelay' });
    const input = toSurveyInput(values).input!;
    expect(input.questions[0]).toMatchObject({ choices: ['Oui', 'Non'], otherChoice: 'Autre', otherChoiceTranslation: 'Other' });
    expect(input.questions[1]).toMatchObject({ kind: 'MATRIX', items: ['Coût', 'Délai'], itemTranslations: ['Cost', 'Delay'] });
  });
});

describe('quota cells of a posted form', () => {
  it('keeps the filled rows in order under the API’s indexes, drops blank ones, and refuses a maximum that is not a count', () => {
    const posted = new FormData();
    for (const [k, v] of [
      ['title', 'T'], ['sampleSize', '100'], ['honorariumCents', '0'],
      ['quotas.0.specialty', ''], ['quotas.0.country', ''], ['quotas.0.yearsBand', ''], ['quotas.0.maxAnswers', ''],
      ['quotas.1.specialty', 'cardiology'], ['quotas.1.country', ''], ['quotas.1.yearsBand', ''], ['quotas.1.maxAnswers', ' 50 '],
      ['quotas.2.specialty', ''], ['quotas.2.country', 'BE'], ['quotas.2.yearsBand', '0-9'], ['quotas.2.maxAnswers', 'lots'],
    ]) posted.append(k!, v!);
    const values = readSurveyValues(posted, LIKERT);
    expect(values.quotas).toHaveLength(3);
    const { errors } = toSurveyInput(values);
    expect(Object.keys(errors?.fields ?? {})).toEqual(['quotas.1.maxAnswers']);
    values.quotas[1]!.maxAnswers = '30';
    expect(toSurveyInput(values).input?.quotas).toEqual([
      { specialty: 'cardiology', country: null, yearsBand: null, maxAnswers: 50 },
      { specialty: null, country: 'BE', yearsBand: '0-9', maxAnswers: 30 },
    ]);
  });
});

describe('matrix, ranking and "other (specify)" in the builder', () => {
  it('posts a matrix’s lines, a ranking’s top N, an "other" label and the random order as the API takes them', () => {
    const values = readSurveyValues(
      form([
        ['title', 'Kinds'],
        ['questions.0.kind', 'MATRIX'],
        ['questions.0.prompt', 'Agree?'],
        ...LIKERT.map((l): [string, string] => ['questions.0.choices', l]),
        ['questions.0.items', ' Clear \n\nUseful'],
        ['questions.0.shuffleChoices', 'on'],
        ['questions.1.kind', 'RANKING'],
        ['questions.1.prompt', 'Rank'],
        ['questions.1.choices', 'A'],
        ['questions.1.choices', 'B'],
        ['questions.1.choices', 'C'],
        ['questions.1.rankTop', '2'],
        ['questions.2.kind', 'SINGLE_CHOICE'],
        ['questions.2.prompt', 'Tool?'],
        ['questions.2.choices', 'X'],
        ['questions.2.choices', 'Y'],
        ['questions.2.otherChoice', ' Other '],
        // A number question takes no random order, whatever is posted.
        ['questions.3.kind', 'NUMBER'],
        ['questions.3.prompt', 'How many?'],
        ['questions.3.min', '0'],
        ['questions.3.max', '9'],
        ['questions.3.shuffleChoices', 'on'],
        ['sampleSize', '50'],
        ['honorariumCents', '0'],
      ]),
      LIKERT,
    );
    const questions = toSurveyInput(values).input?.questions;
    expect(questions?.[0]).toEqual({ kind: 'MATRIX', prompt: 'Agree?', choices: LIKERT, items: ['Clear', 'Useful'], shuffleChoices: true, ...MONOLINGUAL });
    expect(questions?.[1]).toEqual({ kind: 'RANKING', prompt: 'Rank', choices: ['A', 'B', 'C'], rankTop: 2, ...MONOLINGUAL });
    expect(questions?.[2]).toEqual({ kind: 'SINGLE_CHOICE', prompt: 'Tool?', choices: ['X', 'Y'], otherChoice: 'Other', ...MONOLINGUAL });
    expect(questions?.[3]).toEqual({ kind: 'NUMBER', prompt: 'How many?', min: 0, max: 9, ...MONOLINGUAL });
  });

  it('refuses a top N that is not a whole number under its field', () => {
    const values: SurveyFormValues = { ...emptySurveyValues(LIKERT), questions: [{ ...newQuestion('RANKING', LIKERT), rankTop: 'two' }], sampleSize: '50', honorarium: '0' };
    expect(Object.keys(toSurveyInput(values).errors?.fields ?? {})).toEqual(['questions.0.rankTop']);
  });
});
