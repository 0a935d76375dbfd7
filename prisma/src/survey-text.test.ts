import { describe, expect, it } from 'vitest';
import { localisedSurveyText, surveyLanguages, surveyTextsIn } from './survey-text.ts';

describe('localisedSurveyText', () => {
  it('gives the translation to a reader of the second language, the primary text to anyone else', () => {
    expect(localisedSurveyText('Oui', 'Yes', 'fr', 'en')).toBe('Yes');
    expect(localisedSurveyText('Oui', 'Yes', 'fr', 'fr')).toBe('Oui');
    expect(localisedSurveyText('Yes', 'Oui', 'en', 'fr')).toBe('Oui');
    // A monolingual survey reads in its language for everyone.
    expect(localisedSurveyText('Oui', null, 'fr', 'en')).toBe('Oui');
    expect(localisedSurveyText('Oui', '', 'fr', 'en')).toBe('Oui');
    expect(surveyLanguages('en', 'Titre')).toEqual(['en', 'fr']);
    expect(surveyLanguages('fr', null)).toEqual(['fr']);
  });

  it('relabels by id, keeping what it does not know', () => {
    const texts = surveyTextsIn({
      language: 'fr', title: 'Titre', titleTranslation: 'Title',
      questions: [{ id: 'q', prompt: 'Q ?', promptTranslation: 'Q?', choices: [{ id: 'c', label: 'Oui', labelTranslation: 'Yes' }] }],
    }, 'en');
    expect([texts.title, texts.prompt('q', 'x'), texts.label('c', 'x'), texts.label('other', 'kept')]).toEqual(['Title', 'Q?', 'Yes', 'kept']);
  });
});
