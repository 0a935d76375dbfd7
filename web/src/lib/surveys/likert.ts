import type { Translator } from '$lib/i18n/translator.ts';

/**
 * The five points of a Likert question in the builder's language. The survey is written in one
 * language, its author's: the builder sends these labels with each Likert question, rather than
 * letting the API store its English defaults.
 */
export function likertLabels(i18n: Pick<Translator, 't'>): string[] {
  return [i18n.t('likert.1'), i18n.t('likert.2'), i18n.t('likert.3'), i18n.t('likert.4'), i18n.t('likert.5')];
}
