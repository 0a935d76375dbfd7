/**
 * The builder's fields as the API names them ("questions.2.choices"): where an API error is
 * shown, the id of the input it is shown at, and the order of the error summary.
 */
import type { SurveyFormValues } from './survey-form.ts';

const SURVEY_FIELDS = ['title', 'titleTranslation', 'description', 'descriptionTranslation', 'language', 'sampleSize', 'honorariumCents', 'closesAt'];
const TARGETING_FIELDS = ['specialties', 'countries', 'regions', 'minYearsInPractice'];
const QUESTION_FIELDS = ['prompt', 'promptTranslation', 'choices', 'choiceTranslations', 'min', 'max', 'kind', 'items', 'itemTranslations', 'otherChoice', 'otherChoiceTranslation', 'rankTop', 'shuffleChoices'];
const QUOTA_FIELDS = ['specialty', 'country', 'yearsBand', 'maxAnswers'];

/**
 * The builder input an API field path belongs to: "questions.2.choices.1" → "questions.2.choices",
 * "targeting.countries.0" → "targeting.countries"; null for a problem of the whole form.
 */
export function builderField(path: string): string | null {
  const parts = path.split('.');
  const [head, second, third] = parts;
  if (head === 'questions') {
    if (second === undefined) return 'questions';
    if (!/^\d+$/.test(second)) return null;
    return `questions.${second}.${third !== undefined && QUESTION_FIELDS.includes(third) ? third : 'prompt'}`;
  }
  if (head === 'quotas') {
    if (second === undefined || !/^\d+$/.test(second)) return 'quotas';
    return `quotas.${second}.${third !== undefined && QUOTA_FIELDS.includes(third) ? third : 'specialty'}`;
  }
  if (head === 'targeting') return `targeting.${second !== undefined && TARGETING_FIELDS.includes(second) ? second : 'specialties'}`;
  return head !== undefined && SURVEY_FIELDS.includes(head) && parts.length === 1 ? head : null;
}

/** The id of the input a builder field is shown at. */
export function inputId(field: string): string {
  return `field-${field.replaceAll('.', '-')}`;
}

/** A builder field without its question number ("questions.choices"): how its messages are keyed. */
export function genericField(field: string): string {
  return field.replace(/\.\d+(?=\.|$)/g, '');
}

/** Every field of the form in reading order, for the error summary. */
export function fieldOrder(values: SurveyFormValues): string[] {
  return [
    'language',
    'title',
    'titleTranslation',
    'description',
    'descriptionTranslation',
    ...values.questions.flatMap((_, i) => QUESTION_FIELDS.map((f) => `questions.${i}.${f}`)),
    'questions',
    ...TARGETING_FIELDS.map((f) => `targeting.${f}`),
    ...values.quotas.flatMap((_, i) => QUOTA_FIELDS.map((f) => `quotas.${i}.${f}`)),
    'quotas',
    'sampleSize',
    'honorariumCents',
    'closesAt',
  ];
}
