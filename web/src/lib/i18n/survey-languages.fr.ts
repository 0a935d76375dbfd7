/** Messages français des langues d’une enquête (#17 point 3 ; docs/survey-languages.md). */
export const surveyLanguagesFr = {
  'surveyLanguage.fr': 'français',
  'surveyLanguage.en': 'anglais',
  'builder.languages.language': 'Langue de l’enquête',
  'builder.languages.languageHint': 'La langue dans laquelle vous écrivez le titre, la présentation, les questions et les choix. Les médecins qui lisent une autre langue la voient dans celle-ci, sauf si vous la traduisez.',
  'builder.languages.bilingual': 'L’écrire aussi en {language}',
  'builder.languages.bilingualHint': 'Chaque médecin lit alors l’enquête dans sa langue, et votre rapport est dans la vôtre. Chaque texte doit être traduit : titre, présentation, chaque question et chaque choix. Les points de l’échelle de Likert sont traduits pour vous.',
  'builder.translationOf': '{field} en {language}',
  'builder.choiceTranslation': 'Choix {number} en {language}',
  'builder.choiceTranslations': 'Choix en {language}',
  'reason.titleTranslation.required': 'Traduisez aussi le titre : une enquête bilingue a chaque texte dans les deux langues.',
  'reason.descriptionTranslation.required': 'Traduisez aussi la présentation : une enquête bilingue a chaque texte dans les deux langues.',
  'reason.questions.promptTranslation.required': 'Traduisez aussi cette question : une enquête bilingue a chaque texte dans les deux langues.',
  'reason.questions.choiceTranslations.required': 'Traduisez chaque choix de cette question : une enquête bilingue a chaque texte dans les deux langues.',
  'review.languages': 'Écrite en {languages}',
  'review.translation': 'Traduction ({language})',
} as const;
