/**
 * Survey content in two languages (docs/survey-languages.md): the one rule that picks the text
 * a reader sees. A survey is written in its primary `language`; a bilingual survey also holds
 * every text in the other language (`*Translation`). Pure, so that the API (GraphQL fields,
 * report files), the worker and the web app share it.
 */

/** The languages a survey can be written in, as the `Language` enum of the schema. */
export type SurveyLanguage = 'fr' | 'en';

/** The other one of the two languages: the language of a survey's translations. */
export function otherLanguage(language: SurveyLanguage): SurveyLanguage {
  return language === 'fr' ? 'en' : 'fr';
}

/**
 * One client-written text in the language `wanted`: the translation when the reader's language
 * is the survey's second one and the survey has it, else the primary text.
 */
export function localisedSurveyText(primary: string, translation: string | null | undefined, primaryLanguage: SurveyLanguage, wanted: SurveyLanguage): string {
  return wanted !== primaryLanguage && translation ? translation : primary;
}

/** What `localisedSurveyTitle` reads of a survey (a Prisma `select`). */
export const SURVEY_TITLE_SELECT = { title: true, titleTranslation: true, language: true } as const;

/** A survey's title in the language `wanted` (see `localisedSurveyText`). */
export function localisedSurveyTitle(survey: { title: string; titleTranslation: string | null; language: SurveyLanguage }, wanted: SurveyLanguage): string {
  return localisedSurveyText(survey.title, survey.titleTranslation, survey.language, wanted);
}

/** The languages a survey can be read in: its primary one, then the other when it is bilingual. */
export function surveyLanguages(primaryLanguage: SurveyLanguage, titleTranslation: string | null | undefined): SurveyLanguage[] {
  return titleTranslation ? [primaryLanguage, otherLanguage(primaryLanguage)] : [primaryLanguage];
}

/** A survey's texts as the report needs them: to relabel figures stored in the primary language. */
export interface SurveyTexts {
  language: SurveyLanguage;
  title: string;
  titleTranslation: string | null;
  questions: ReadonlyArray<{
    id: string;
    prompt: string;
    promptTranslation: string | null;
    choices: ReadonlyArray<{ id: string; label: string; labelTranslation: string | null }>;
  }>;
}

/** The Prisma `select` that reads a survey's `SurveyTexts`. */
export const SURVEY_TEXTS_SELECT = {
  language: true,
  title: true,
  titleTranslation: true,
  questions: {
    orderBy: { position: 'asc' },
    select: { id: true, prompt: true, promptTranslation: true, choices: { orderBy: { position: 'asc' }, select: { id: true, label: true, labelTranslation: true } } },
  },
} as const;

/**
 * Lookups of a survey's texts in one language, by question id and by choice id: what report
 * figures (which name questions and choices by id) are labelled with. An id the survey does not
 * have (never, for a report of it) keeps the label it came with.
 */
export function surveyTextsIn(texts: SurveyTexts, wanted: SurveyLanguage) {
  const prompts = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const q of texts.questions) {
    prompts.set(q.id, localisedSurveyText(q.prompt, q.promptTranslation, texts.language, wanted));
    for (const c of q.choices) labels.set(c.id, localisedSurveyText(c.label, c.labelTranslation, texts.language, wanted));
  }
  return {
    title: localisedSurveyText(texts.title, texts.titleTranslation, texts.language, wanted),
    prompt: (questionId: string, fallback: string) => prompts.get(questionId) ?? fallback,
    label: (choiceId: string, fallback: string) => labels.get(choiceId) ?? fallback,
  };
}
