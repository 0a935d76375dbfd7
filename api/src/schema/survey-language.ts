/**
 * A survey's languages (docs/survey-languages.md): its client-written texts — title, description,
 * prompts, choice labels — read in the reader's language (Accept-Language) when the survey is
 * written in it, else in its primary language; and, for its author and reviewers, each text as
 * stored in both languages.
 */
import { localisedSurveyText, otherLanguage, surveyLanguages } from '@consilium/db/survey-text';
import { builder } from '../builder.ts';

export const LanguageEnum = builder.enumType('Language', {
  description: 'A language Consilium speaks: French or English.',
  values: ['fr', 'en'] as const,
});

const READER = 'In the reader’s language (Accept-Language) when the survey is written in it, else in the survey’s `language`.';
const PRIMARY = 'As written in the survey’s `language`.';
const TRANSLATION = 'As written in the survey’s other language (`translationLanguage`); null for a monolingual survey.';

builder.prismaObjectFields('Survey', (t) => ({
  title: t.string({ description: READER, select: { title: true, titleTranslation: true, language: true }, resolve: (s, _args, ctx) => localisedSurveyText(s.title, s.titleTranslation, s.language, ctx.locale) }),
  description: t.string({
    description: READER,
    select: { description: true, descriptionTranslation: true, titleTranslation: true, language: true },
    // A bilingual survey with an empty description has no translation of it, and needs none.
    resolve: (s, _args, ctx) => (s.titleTranslation ? localisedSurveyText(s.description, s.descriptionTranslation, s.language, ctx.locale) : s.description),
  }),
  language: t.field({ type: LanguageEnum, description: 'The survey’s primary language: the one its texts are written in first, and fall back to.', resolve: (s) => s.language }),
  translationLanguage: t.field({
    type: LanguageEnum,
    nullable: true,
    description: 'The language of its translations: the other one when the survey is bilingual, null when it is monolingual.',
    select: { language: true, titleTranslation: true },
    resolve: (s) => (s.titleTranslation ? otherLanguage(s.language) : null),
  }),
  languages: t.field({
    type: [LanguageEnum],
    description: 'The languages the survey can be read in: its primary one first.',
    select: { language: true, titleTranslation: true },
    resolve: (s) => surveyLanguages(s.language, s.titleTranslation),
  }),
  primaryTitle: t.exposeString('title', { description: PRIMARY }),
  titleTranslation: t.exposeString('titleTranslation', { nullable: true, description: TRANSLATION }),
  primaryDescription: t.exposeString('description', { description: PRIMARY }),
  descriptionTranslation: t.exposeString('descriptionTranslation', { nullable: true, description: `${TRANSLATION} Also null when the description is empty.` }),
}));

// Questions and choices read their survey's language: one more statement per level of the
// query (Prisma loads a relation for all the rows of a level at once), not one per row.
builder.prismaObjectFields('SurveyQuestion', (t) => ({
  prompt: t.string({
    description: READER,
    select: { prompt: true, promptTranslation: true, survey: { select: { language: true } } },
    resolve: (q, _args, ctx) => localisedSurveyText(q.prompt, q.promptTranslation, q.survey.language, ctx.locale),
  }),
  primaryPrompt: t.exposeString('prompt', { description: PRIMARY }),
  promptTranslation: t.exposeString('promptTranslation', { nullable: true, description: TRANSLATION }),
}));

builder.prismaObjectFields('SurveyChoice', (t) => ({
  label: t.string({
    description: READER,
    select: { label: true, labelTranslation: true, question: { select: { survey: { select: { language: true } } } } },
    resolve: (c, _args, ctx) => localisedSurveyText(c.label, c.labelTranslation, c.question.survey.language, ctx.locale),
  }),
  primaryLabel: t.exposeString('label', { description: PRIMARY }),
  labelTranslation: t.exposeString('labelTranslation', { nullable: true, description: TRANSLATION }),
}));
