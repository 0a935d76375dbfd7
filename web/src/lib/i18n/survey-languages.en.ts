/** English messages of survey languages (#17 point 3; docs/survey-languages.md). */
export const surveyLanguagesEn = {
  'surveyLanguage.fr': 'French',
  'surveyLanguage.en': 'English',
  'builder.languages.language': 'Language of the survey',
  'builder.languages.languageHint': 'The language you write the title, introduction, questions and choices in. Physicians who read another language see this one unless you translate.',
  'builder.languages.bilingual': 'Also write it in {language}',
  'builder.languages.bilingualHint': 'Each physician then reads the survey in their own language, and your report is in yours. Every text needs its translation: title, introduction, each question and each choice. Likert points are translated for you.',
  'builder.translationOf': '{field} in {language}',
  'builder.choiceTranslation': 'Choice {number} in {language}',
  'builder.choiceTranslations': 'Choices in {language}',
  'reason.titleTranslation.required': 'Translate the title too: a bilingual survey needs every text in both languages.',
  'reason.descriptionTranslation.required': 'Translate the introduction too: a bilingual survey needs every text in both languages.',
  'reason.questions.promptTranslation.required': 'Translate this question too: a bilingual survey needs every text in both languages.',
  'reason.questions.choiceTranslations.required': 'Translate every choice of this question: a bilingual survey needs every text in both languages.',
  'review.languages': 'Written in {languages}',
  'review.translation': 'Translation ({language})',
} as const;
