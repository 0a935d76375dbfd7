import type { FormProblem } from '$lib/graphql/errors.ts';
import { formMessage } from '$lib/i18n/problems.ts';
import type { Translator } from '$lib/i18n/translator.ts';

/**
 * What to say about a problem with a whole survey form. The generic reasons "wrong_state" and
 * "not_found" are worded for licences; a survey gets its own words.
 */
export function surveyProblem(i18n: Translator, problem: FormProblem | null | undefined, where: 'builder' | 'other' = 'other'): string | null {
  if (!problem) return null;
  if (problem.code === 'CRYPTO') return i18n.t('take.cryptoFailed');
  if (problem.code === 'BAD_USER_INPUT' && problem.reason === 'wrong_state') {
    return i18n.t(where === 'builder' ? 'builder.wrongState' : 'survey.problem.wrong_state');
  }
  if (problem.code === 'BAD_USER_INPUT' && problem.reason === 'not_found') return i18n.t('survey.problem.not_found');
  return formMessage(i18n, problem);
}
