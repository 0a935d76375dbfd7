/**
 * The rule of a survey's second language (docs/survey-languages.md): a survey is monolingual
 * (no translation at all) or bilingual (every text translated), at every save — so that no
 * physician ever reads a survey half in one language and half in the other, and nothing
 * half-translated is stored. Pure: the schema turns each problem into a BAD_USER_INPUT naming
 * the field.
 */
import type { SurveyLanguage } from '@consilium/db/survey-text';
import { otherLanguage } from '@consilium/db/survey-text';
import { choiceLabels, LIKERT_LABELS, MAX_CHOICE_LENGTH, type QuestionArgs } from './questions.ts';

/** The five standard Likert points in each language (the web app's `likert.1`…`likert.5`). */
export const STANDARD_LIKERT: Record<SurveyLanguage, readonly string[]> = {
  en: LIKERT_LABELS,
  fr: ['Pas du tout d’accord', 'Plutôt pas d’accord', 'Ni d’accord ni pas d’accord', 'Plutôt d’accord', 'Tout à fait d’accord'],
};

/** What a survey's input says of its languages (the fields of SurveyArgs this rule reads). */
export interface TranslatedSurvey {
  description: string;
  titleTranslation?: string | null;
  descriptionTranslation?: string | null;
  questions: ReadonlyArray<Pick<QuestionArgs, 'kind' | 'choices' | 'promptTranslation' | 'choiceTranslations'>>;
}

export interface TranslationProblem {
  path: Array<string | number>;
  reason: 'required' | 'invalid' | 'out_of_range';
  message: string;
}

const given = (text: string | null | undefined) => (text ?? '').trim().length > 0;

/** Whether any translation is given: the survey is then meant to be bilingual, and checked so. */
export function isBilingual(survey: TranslatedSurvey): boolean {
  return given(survey.titleTranslation) || given(survey.descriptionTranslation)
    || survey.questions.some((q) => given(q.promptTranslation) || (q.choiceTranslations ?? []).some(given));
}

function choiceProblem(q: TranslatedSurvey['questions'][number], index: number): TranslationProblem | null {
  const labels = q.choices ?? [];
  const translations = q.choiceTranslations ?? [];
  const path = ['questions', index, 'choiceTranslations'];
  // A Likert question on the standard points gets them in both languages.
  if (q.kind === 'LIKERT' && labels.length === 0) {
    return translations.length > 0 ? { path, reason: 'invalid', message: `question ${index + 1} uses the standard points: leave its choiceTranslations empty` } : null;
  }
  if (translations.length !== labels.length) {
    return { path, reason: 'required', message: `question ${index + 1} needs one choice translation per choice (${labels.length}), in the same order` };
  }
  const seen = new Set<string>();
  for (const [i, raw] of translations.entries()) {
    const label = raw.trim();
    if (!label) return { path, reason: 'required', message: `question ${index + 1}: the translation of choice ${i + 1} is empty` };
    if (label.length > MAX_CHOICE_LENGTH) return { path, reason: 'invalid', message: `question ${index + 1}: the translation of choice ${i + 1} is longer than ${MAX_CHOICE_LENGTH} characters` };
    if (seen.has(label.toLocaleLowerCase())) return { path, reason: 'invalid', message: `question ${index + 1}: the translation of choice ${i + 1} repeats another` };
    seen.add(label.toLocaleLowerCase());
  }
  return null;
}

/**
 * What is missing or wrong in a survey's translations: nothing for a monolingual survey; for a
 * bilingual one, the title's translation (and the description's, when it has one), every
 * prompt's and every choice's.
 */
export function translationProblems(survey: TranslatedSurvey): TranslationProblem[] {
  if (!isBilingual(survey)) return [];
  const problems: TranslationProblem[] = [];
  const why = 'a survey with any translation needs all of them';
  if (!given(survey.titleTranslation)) problems.push({ path: ['titleTranslation'], reason: 'required', message: `titleTranslation is required: ${why}` });
  if (given(survey.description) && !given(survey.descriptionTranslation)) problems.push({ path: ['descriptionTranslation'], reason: 'required', message: `descriptionTranslation is required: ${why}` });
  if (!given(survey.description) && given(survey.descriptionTranslation)) problems.push({ path: ['descriptionTranslation'], reason: 'invalid', message: 'descriptionTranslation translates no description: give the description too, or leave it out' });
  survey.questions.forEach((q, i) => {
    if (!given(q.promptTranslation)) problems.push({ path: ['questions', i, 'promptTranslation'], reason: 'required', message: `question ${i + 1} needs its promptTranslation: ${why}` });
    const problem = choiceProblem(q, i);
    if (problem) problems.push(problem);
  });
  return problems;
}

/**
 * A valid question's choice rows, in both languages when the survey is bilingual. A monolingual
 * Likert question on the standard points keeps the API's English defaults, as before languages
 * (the web builder always sends the points in its author's language).
 */
export function choiceRows(q: QuestionArgs, language: SurveyLanguage, bilingual: boolean): Array<{ position: number; label: string; labelTranslation: string | null }> {
  const labels = choiceLabels(q);
  if (q.kind === 'LIKERT' && (q.choices ?? []).length === 0 && bilingual) {
    return STANDARD_LIKERT[language].map((label, position) => ({ position, label, labelTranslation: bilingual ? STANDARD_LIKERT[otherLanguage(language)][position]! : null }));
  }
  return labels.map((label, position) => ({ position, label, labelTranslation: bilingual ? (q.choiceTranslations?.[position]?.trim() ?? null) : null }));
}
