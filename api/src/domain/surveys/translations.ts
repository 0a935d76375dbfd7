/**
 * The rule of a survey's second language (docs/survey-languages.md): a survey is monolingual
 * (no translation at all) or bilingual (every text translated), at every save — so that no
 * physician ever reads a survey half in one language and half in the other, and nothing
 * half-translated is stored. Pure: the schema turns each problem into a BAD_USER_INPUT naming
 * the field.
 */
import type { ChoiceRole } from '@consilium/db';
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
  questions: ReadonlyArray<Pick<QuestionArgs, 'kind' | 'choices' | 'promptTranslation' | 'choiceTranslations' | 'items' | 'itemTranslations' | 'otherChoice' | 'otherChoiceTranslation'>>;
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
    || survey.questions.some((q) => given(q.promptTranslation) || (q.choiceTranslations ?? []).some(given)
      || (q.itemTranslations ?? []).some(given) || given(q.otherChoiceTranslation));
}

function choiceProblem(q: TranslatedSurvey['questions'][number], index: number): TranslationProblem | null {
  return labelsProblem(q.kind, q.choices ?? [], q.choiceTranslations ?? [], index, 'choiceTranslations', 'choice')
    ?? (q.kind === 'MATRIX' ? labelsProblem(q.kind, q.items ?? [], q.itemTranslations ?? [], index, 'itemTranslations', 'item') : null)
    ?? otherProblem(q, index);
}

function otherProblem(q: TranslatedSurvey['questions'][number], index: number): TranslationProblem | null {
  const path = ['questions', index, 'otherChoiceTranslation'];
  if (!given(q.otherChoice)) return given(q.otherChoiceTranslation) ? { path, reason: 'invalid', message: `question ${index + 1} has no "other" choice to translate` } : null;
  const label = (q.otherChoiceTranslation ?? '').trim();
  if (!label) return { path, reason: 'required', message: `question ${index + 1} needs its otherChoiceTranslation: a survey with any translation needs all of them` };
  if (label.length > MAX_CHOICE_LENGTH) return { path, reason: 'invalid', message: `question ${index + 1}: otherChoiceTranslation is longer than ${MAX_CHOICE_LENGTH} characters` };
  return null;
}

function labelsProblem(kind: QuestionArgs['kind'], labels: readonly string[], translations: readonly string[], index: number, field: 'choiceTranslations' | 'itemTranslations', what: string): TranslationProblem | null {
  const path = ['questions', index, field];
  // A Likert scale (of a LIKERT or MATRIX question) on the standard points gets them in both languages.
  if ((kind === 'LIKERT' || kind === 'MATRIX') && field === 'choiceTranslations' && labels.length === 0) {
    return translations.length > 0 ? { path, reason: 'invalid', message: `question ${index + 1} uses the standard points: leave its choiceTranslations empty` } : null;
  }
  if (translations.length !== labels.length) {
    return { path, reason: 'required', message: `question ${index + 1} needs one ${what} translation per ${what} (${labels.length}), in the same order` };
  }
  const seen = new Set<string>();
  for (const [i, raw] of translations.entries()) {
    const label = raw.trim();
    if (!label) return { path, reason: 'required', message: `question ${index + 1}: the translation of ${what} ${i + 1} is empty` };
    if (label.length > MAX_CHOICE_LENGTH) return { path, reason: 'invalid', message: `question ${index + 1}: the translation of ${what} ${i + 1} is longer than ${MAX_CHOICE_LENGTH} characters` };
    if (seen.has(label.toLocaleLowerCase())) return { path, reason: 'invalid', message: `question ${index + 1}: the translation of ${what} ${i + 1} repeats another` };
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
 * A valid question's choice rows, in both languages when the survey is bilingual: its options (a
 * scale's points), its "other (specify)" choice last among them, then a matrix's items (kinds.ts).
 * A monolingual Likert scale on the standard points keeps the API's English defaults, as before
 * languages (the web builder always sends the points in its author's language).
 */
export function choiceRows(q: QuestionArgs, language: SurveyLanguage = 'fr', bilingual = false): Array<{ position: number; label: string; labelTranslation: string | null; role: ChoiceRole }> {
  const second = (text: string | null | undefined) => (bilingual ? (text?.trim() || null) : null);
  const standard = (q.kind === 'LIKERT' || q.kind === 'MATRIX') && (q.choices ?? []).length === 0;
  const options = standard && bilingual
    ? STANDARD_LIKERT[language].map((label, i) => ({ label, labelTranslation: STANDARD_LIKERT[otherLanguage(language)][i]!, role: 'OPTION' as ChoiceRole }))
    : choiceLabels({ ...q, otherChoice: null }).map((label, i) => ({ label, labelTranslation: second(q.choiceTranslations?.[i]), role: 'OPTION' as ChoiceRole }));
  const other = q.otherChoice?.trim() ? [{ label: q.otherChoice.trim(), labelTranslation: second(q.otherChoiceTranslation), role: 'OTHER' as ChoiceRole }] : [];
  const items = q.kind === 'MATRIX' ? (q.items ?? []).map((label, i) => ({ label: label.trim(), labelTranslation: second(q.itemTranslations?.[i]), role: 'ITEM' as ChoiceRole })) : [];
  return [...options, ...other, ...items].map((row, position) => ({ position, ...row }));
}
