/**
 * The survey builder's form: what its inputs hold (named after the API's field paths), and how
 * they become the API's `SurveyInput`. The steps that rearrange it are in `builder-steps.ts`,
 * the names of its fields in `builder-fields.ts`.
 */
import type { FormErrors } from '$lib/graphql/errors.ts';
import type { EditedSurvey, QuestionInput, QuestionKind, SurveyInput, TargetingInput } from '$lib/graphql/surveys.ts';
import { endOfParisDay, parisDay } from '$lib/i18n/format.ts';
import type { Locale } from '$lib/i18n/locale.ts';
import { parseDecimal } from './answers.ts';

export const QUESTION_KINDS = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'LIKERT', 'NUMBER', 'TEXT', 'MATRIX', 'RANKING'] as const satisfies readonly QuestionKind[];
export const MAX_ITEMS = 20;
export const MAX_QUESTIONS = 50;
export const MAX_CHOICES = 20;
export const LIKERT_POINTS = 5;
/** The countries of the registries physicians are verified against, offered for targeting. */
export const TARGET_COUNTRIES = ['FR', 'BE', 'GB', 'US'] as const;

export interface QuestionDraft {
  /** Stable across moves, so that the browser keeps each question's inputs and focus. */
  key: string;
  kind: QuestionKind;
  prompt: string;
  choices: string[];
  /** In the survey's other language, when it is bilingual (docs/survey-languages.md): one per choice. */
  promptTranslation: string;
  choiceTranslations: string[];
  min: string;
  max: string;
  /** "Show only if" (docs/survey-logic.md): a rule whose question is empty is not one. */
  showIf: ConditionDraft;
  /** A skip the API holds (skipIf + skipTo) as JSON, kept as it is: the builder does not edit skips yet. */
  skip: string;
  /** MATRIX: its lines, one per line of text (and in the other language, when bilingual). */
  items?: string;
  itemTranslations?: string;
  /** SINGLE_CHOICE, MULTIPLE_CHOICE: the "other (specify)" choice's label ('' for none), and in the other language. */
  otherChoice?: string;
  otherChoiceTranslation?: string;
  /** RANKING: the top N as typed ('' for all). */
  rankTop?: string;
  /** Choices (a matrix's lines) shown in a random order. */
  shuffle?: boolean;
}

/** Kinds whose choices (lines) may be shown in a random order; a scale keeps its order. */
export const isShuffleKind = (kind: QuestionKind) => isChoiceKind(kind) || kind === 'MATRIX';
const isScaleKind = (kind: QuestionKind) => kind === 'LIKERT' || kind === 'MATRIX';

/** A quota cell as typed: each part '' for any; the maximum as typed. */
export interface QuotaDraft {
  specialty: string;
  country: string;
  yearsBand: string;
  maxAnswers: string;
}

/** The bands of years in practice a quota cell may name (as the API's segments do). */
export const YEARS_BANDS = ['0-9', '10-19', '20-29', '30+'] as const;

export const blankQuota = (): QuotaDraft => ({ specialty: '', country: '', yearsBand: '', maxAnswers: '' });
const isBlankQuota = (q: QuotaDraft) => q.specialty === '' && q.country === '' && q.yearsBand === '' && q.maxAnswers.trim() === '';

/** The cells with something in them, and one blank row to add a cell with (also without JavaScript). */
export function withBlankQuota(quotas: readonly QuotaDraft[]): QuotaDraft[] {
  return [...quotas.filter((q) => !isBlankQuota(q)), blankQuota()];
}

export const CONDITION_OPERATORS = ['SELECTED', 'NOT_SELECTED', 'AT_LEAST', 'AT_MOST', 'BETWEEN'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
/** How many rules the builder offers per condition (the API takes up to 20). */
export const BUILDER_RULES = 3;

/** One rule as typed: the question's number (1-based, an earlier one), and for a choice rule the choice's number in `value`. */
export interface RuleDraft {
  question: string;
  operator: ConditionOperator;
  value: string;
  upTo: string;
}

export interface ConditionDraft {
  combine: 'ALL' | 'ANY';
  rules: RuleDraft[];
}

export const emptyRule = (): RuleDraft => ({ question: '', operator: 'SELECTED', value: '', upTo: '' });
export const emptyCondition = (): ConditionDraft => ({ combine: 'ALL', rules: Array.from({ length: BUILDER_RULES }, emptyRule) });
const isChoiceOperator = (op: ConditionOperator) => op === 'SELECTED' || op === 'NOT_SELECTED';

type SavedCondition = NonNullable<EditedSurvey['questions'][number]['showIf']>;

/** A saved condition in the builder's terms (numbers from 1), padded to BUILDER_RULES rows. */
export function conditionDraft(saved: SavedCondition | null, locale: Locale): ConditionDraft {
  const rules: RuleDraft[] = (saved?.rules ?? []).map((r) => ({
    question: String(r.question + 1),
    operator: r.operator,
    value: isChoiceOperator(r.operator) ? String((r.choice ?? 0) + 1) : numberText(r.value ?? null, locale),
    upTo: numberText(r.upTo ?? null, locale),
  }));
  while (rules.length < BUILDER_RULES) rules.push(emptyRule());
  return { combine: saved?.combine ?? 'ALL', rules };
}

/** The API's condition for a draft, or null when no rule names a question. */
export function conditionInput(draft: ConditionDraft): ConditionInputValue | null {
  const rules = draft.rules
    .filter((r) => r.question.trim() !== '')
    .map((r) => {
      const question = Number(r.question) - 1;
      if (isChoiceOperator(r.operator)) return { question, operator: r.operator, choice: r.value.trim() === '' ? null : Number(r.value) - 1 };
      return { question, operator: r.operator, value: parseDecimal(r.value), ...(r.operator === 'BETWEEN' && { upTo: parseDecimal(r.upTo) }) };
    });
  return rules.length === 0 ? null : { combine: draft.combine, rules };
}

type ConditionInputValue = NonNullable<QuestionInput['showIf']>;

export interface SurveyFormValues {
  title: string;
  description: string;
  /** The language the texts are written in; with `bilingual`, every text has its translation into the other. */
  language: Locale;
  bilingual: boolean;
  titleTranslation: string;
  descriptionTranslation: string;
  questions: QuestionDraft[];
  specialties: string[];
  countries: string[];
  /** Regions as typed: separated by commas or lines. */
  regions: string;
  minYearsInPractice: string;
  sampleSize: string;
  /** Euros as typed ("15", "15,50"). */
  honorarium: string;
  /** A `YYYY-MM-DD` day, the last day answers are taken (Paris time); empty for none. */
  closesOn: string;
  /** Free-text answers may reach the client in the respondent-level file (physicians are told). */
  textsToClient: boolean;
  /** Quota cells, ending with a blank row. */
  quotas: QuotaDraft[];
}

export function isKind(value: string): value is QuestionKind {
  return (QUESTION_KINDS as readonly string[]).includes(value);
}

/** Kinds whose choices the client writes (2 to 20). */
export const isChoiceKind = (kind: QuestionKind) => kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE' || kind === 'RANKING';

/** A short random key (not a secret; `crypto.randomUUID` needs a secure context, this does not). */
export function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function newQuestion(kind: QuestionKind, likertLabels: readonly string[]): QuestionDraft {
  return {
    key: newKey(),
    kind,
    prompt: '',
    choices: isChoiceKind(kind) ? ['', ''] : isScaleKind(kind) ? [...likertLabels] : [],
    promptTranslation: '',
    choiceTranslations: isChoiceKind(kind) ? ['', ''] : [],
    min: kind === 'NUMBER' ? '0' : '',
    max: kind === 'NUMBER' ? '100' : '',
    showIf: emptyCondition(),
    skip: '',
    items: '',
    otherChoice: '',
    rankTop: '',
    shuffle: false,
  };
}

export function emptySurveyValues(likertLabels: readonly string[], language: Locale = 'fr'): SurveyFormValues {
  return {
    title: '',
    description: '',
    language,
    bilingual: false,
    titleTranslation: '',
    descriptionTranslation: '',
    questions: [newQuestion('SINGLE_CHOICE', likertLabels)],
    specialties: [],
    countries: [],
    regions: '',
    minYearsInPractice: '',
    sampleSize: '',
    honorarium: '',
    closesOn: '',
    textsToClient: false,
    quotas: [blankQuota()],
  };
}

/** Euros as typed ("15", "15,50", "1 000.5 €") in cents; null when it is not an amount. */
export function parseEuros(typed: string): number | null {
  const text = typed.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}

/** Cents as the amount input shows them ("15,50" in French, "15.50" in English). */
export function eurosInput(cents: number, locale: Locale): string {
  const text = (cents / 100).toFixed(2);
  return locale === 'fr' ? text.replace('.', ',') : text;
}

function numberText(value: number | null, locale: Locale): string {
  return value === null ? '' : locale === 'fr' ? String(value).replace('.', ',') : String(value);
}

/**
 * A saved question's choices as the builder edits them, as written (not as read in the page's
 * language): its options with their translations, and its "other (specify)" choice apart.
 */
function choiceDrafts(
  choices: ReadonlyArray<{ role: string; label: string }>,
  texts: ReadonlyArray<{ primaryLabel: string; labelTranslation: string | null }>,
): Pick<QuestionDraft, 'choices' | 'choiceTranslations' | 'otherChoice' | 'otherChoiceTranslation'> {
  const written = choices.map((c, j) => ({ role: c.role, label: texts[j]?.primaryLabel ?? c.label, translation: texts[j]?.labelTranslation ?? '' }));
  const options = written.filter((c) => c.role !== 'OTHER');
  const other = written.find((c) => c.role === 'OTHER');
  return {
    choices: options.map((c) => c.label),
    choiceTranslations: options.map((c) => c.translation),
    otherChoice: other?.label ?? '',
    otherChoiceTranslation: other?.translation ?? '',
  };
}

/** The form's values for a saved survey. */
export function valuesFromSurvey(survey: EditedSurvey, locale: Locale): SurveyFormValues {
  // The texts as written (primary*, *Translation), not as read in the page's language.
  return {
    title: survey.primaryTitle,
    description: survey.primaryDescription,
    language: survey.language,
    bilingual: survey.translationLanguage !== null,
    titleTranslation: survey.titleTranslation ?? '',
    descriptionTranslation: survey.descriptionTranslation ?? '',
    questions: survey.questions.map((q, i) => ({
      key: newKey(),
      kind: q.kind,
      prompt: survey.questionTexts[i]?.primaryPrompt ?? q.prompt,
      // The texts as written; the "other (specify)" choice has fields of its own.
      ...choiceDrafts(q.choices, survey.questionTexts[i]?.choices ?? []),
      promptTranslation: survey.questionTexts[i]?.promptTranslation ?? '',
      itemTranslations: (survey.questionTexts[i]?.items ?? []).map((item) => item.labelTranslation ?? '').join('\n'),
      min: numberText(q.min, locale),
      max: numberText(q.max, locale),
      showIf: conditionDraft(q.showIf ?? null, locale),
      skip: q.skipIf && q.skipTo !== null ? JSON.stringify({ skipIf: q.skipIf, skipTo: q.skipTo }) : '',
      items: q.items.map((item, j) => survey.questionTexts[i]?.items[j]?.primaryLabel ?? item.label).join('\n'),
      rankTop: q.rankTop === null ? '' : String(q.rankTop),
      shuffle: q.shuffleChoices,
    })),
    specialties: [...survey.targeting.specialties],
    countries: [...survey.targeting.countries],
    regions: survey.targeting.regions.join(', '),
    minYearsInPractice: survey.targeting.minYearsInPractice === null ? '' : String(survey.targeting.minYearsInPractice),
    sampleSize: String(survey.sampleSize),
    honorarium: eurosInput(survey.honorariumCents, locale),
    closesOn: survey.closesAt ? parisDay(survey.closesAt) : '',
    textsToClient: survey.textsToClient,
    quotas: withBlankQuota(
      survey.quotas.map((q) => ({ specialty: q.specialty ?? '', country: q.country ?? '', yearsBand: q.yearsBand ?? '', maxAnswers: String(q.maxAnswers) })),
    ),
  };
}

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

const texts = (form: FormData, name: string): string[] =>
  form.getAll(name).filter((v): v is string => typeof v === 'string');

/** The values a posted builder form holds (the inputs are named after the API's field paths). */
export function readSurveyValues(form: FormData, likertLabels: readonly string[]): SurveyFormValues {
  const indexes = [...form.keys()]
    .map((key) => /^questions\.(\d+)\.kind$/.exec(key)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const questions = indexes.map((i): QuestionDraft => {
    const name = (field: string) => `questions.${i}.${field}`;
    const kindText = text(form, name('kind'));
    const kind = isKind(kindText) ? kindText : 'SINGLE_CHOICE';
    let choices = texts(form, name('choices'));
    const choiceTranslations = texts(form, name('choiceTranslations'));
    // A kind changed without JavaScript arrives with the choices of the old kind.
    if (isScaleKind(kind) && (choices.length !== LIKERT_POINTS || choices.some((c) => c.trim() === ''))) choices = [...likertLabels];
    if (isChoiceKind(kind) && choices.length < 2) choices = [...choices, '', ''].slice(0, Math.max(2, choices.length));
    if (kind === 'NUMBER' || kind === 'TEXT') choices = [];
    return {
      key: text(form, name('key')) || newKey(),
      kind,
      prompt: text(form, name('prompt')),
      choices,
      promptTranslation: text(form, name('promptTranslation')),
      choiceTranslations: isChoiceKind(kind) ? choices.map((_, j) => choiceTranslations[j] ?? '') : [],
      min: kind === 'NUMBER' ? text(form, name('min')) : '',
      max: kind === 'NUMBER' ? text(form, name('max')) : '',
      showIf: {
        combine: text(form, name('showIf.combine')) === 'ANY' ? 'ANY' : 'ALL',
        rules: Array.from({ length: BUILDER_RULES }, (_, j): RuleDraft => {
          const rule = (f: string) => text(form, name(`showIf.rules.${j}.${f}`));
          const operator = rule('operator');
          return {
            question: rule('question'),
            operator: (CONDITION_OPERATORS as readonly string[]).includes(operator) ? (operator as ConditionOperator) : 'SELECTED',
            value: rule('value'),
            upTo: rule('upTo'),
          };
        }),
      },
      skip: text(form, name('skip')),
      items: kind === 'MATRIX' ? text(form, name('items')) : '',
      itemTranslations: kind === 'MATRIX' ? text(form, name('itemTranslations')) : '',
      otherChoice: kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE' ? text(form, name('otherChoice')) : '',
      otherChoiceTranslation: kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE' ? text(form, name('otherChoiceTranslation')) : '',
      rankTop: kind === 'RANKING' ? text(form, name('rankTop')) : '',
      shuffle: isShuffleKind(kind) && form.get(name('shuffleChoices')) === 'on',
    };
  });
  return {
    title: text(form, 'title'),
    description: text(form, 'description'),
    language: text(form, 'language') === 'en' ? 'en' : 'fr',
    bilingual: form.get('bilingual') !== null,
    titleTranslation: text(form, 'titleTranslation'),
    descriptionTranslation: text(form, 'descriptionTranslation'),
    questions,
    specialties: texts(form, 'targeting.specialties'),
    countries: texts(form, 'targeting.countries'),
    regions: text(form, 'targeting.regions'),
    minYearsInPractice: text(form, 'targeting.minYearsInPractice').trim(),
    sampleSize: text(form, 'sampleSize').trim(),
    honorarium: text(form, 'honorariumCents').trim(),
    closesOn: text(form, 'closesAt').trim(),
    textsToClient: form.get('textsToClient') === 'on',
    quotas: readQuotas(form),
  };
}

/** The quota rows a posted form holds, in order: blank ones dropped, one blank row added. */
function readQuotas(form: FormData): QuotaDraft[] {
  const indexes = [...new Set([...form.keys()].map((key) => /^quotas\.(\d+)\./.exec(key)?.[1]).filter((i): i is string => i !== undefined))]
    .map(Number)
    .sort((a, b) => a - b);
  return withBlankQuota(
    indexes.map((i) => ({
      specialty: text(form, `quotas.${i}.specialty`),
      country: text(form, `quotas.${i}.country`),
      yearsBand: text(form, `quotas.${i}.yearsBand`),
      maxAnswers: text(form, `quotas.${i}.maxAnswers`).trim(),
    })),
  );
}

/** The cells as the API takes them (blank rows left out: the rest keep their indexes). */
function quotaInputs(quotas: readonly QuotaDraft[], errors: FormErrors<string>) {
  return quotas.filter((q) => !isBlankQuota(q)).map((q, i) => {
    const maxAnswers = wholeNumber(q.maxAnswers);
    if (maxAnswers === null) errors.fields[`quotas.${i}.maxAnswers`] = { reason: 'invalid', message: 'maxAnswers must be a whole number' };
    return { specialty: q.specialty || null, country: q.country || null, yearsBand: q.yearsBand || null, maxAnswers: maxAnswers ?? 0 };
  });
}

const wholeNumber = (typed: string): number | null => (/^\d{1,9}$/.test(typed.trim()) ? Number(typed.trim()) : null);

/** Regions as typed, one per comma or line, each once. */
export function parseRegions(typed: string): string[] {
  return [...new Set(typed.split(/[,;\n]/).map((r) => r.trim()).filter((r) => r !== ''))];
}

/** The targeting as the API takes it (a minimum that is not a whole number is left out). */
export function targetingInput(values: Pick<SurveyFormValues, 'specialties' | 'countries' | 'regions' | 'minYearsInPractice'>): TargetingInput {
  return {
    specialties: [...values.specialties],
    countries: [...values.countries],
    regions: parseRegions(values.regions),
    minYearsInPractice: values.minYearsInPractice === '' ? null : wholeNumber(values.minYearsInPractice),
  };
}

/** The five standard Likert points in a language (the builder's `likertLabels` of that language's translator). */
export type LikertIn = (language: Locale) => readonly string[];

function questionInput(q: QuestionDraft, index: number, errors: FormErrors<string>, bilingual: boolean, likertIn: (() => readonly string[]) | null): QuestionInput {
  const input: QuestionInput = { kind: q.kind, prompt: q.prompt.trim(), ...translationInput(q, bilingual) };
  const showIf = conditionInput(q.showIf);
  if (showIf) input.showIf = showIf;
  if (q.skip) {
    try {
      const { skipIf, skipTo } = JSON.parse(q.skip) as Pick<QuestionInput, 'skipIf' | 'skipTo'>;
      Object.assign(input, { skipIf, skipTo });
    } catch {
      errors.fields[`questions.${index}.skipIf`] = { reason: 'invalid', message: 'the skip of this question could not be read' };
    }
  }
  // A bilingual Likert scale takes the standard points, which the API writes in both languages.
  if (q.kind !== 'NUMBER' && q.kind !== 'TEXT' && !(bilingual && isScaleKind(q.kind))) input.choices = q.choices.map((c) => c.trim());
  // The points are fixed in the builder: written in the survey's language, whatever the page's.
  if (isScaleKind(q.kind) && !bilingual && likertIn) input.choices = [...likertIn()];
  Object.assign(input, kindFields(q, index, errors));
  if (q.kind === 'NUMBER') {
    for (const bound of ['min', 'max'] as const) {
      const value = q[bound].trim() === '' ? null : parseDecimal(q[bound]);
      if (value === null && q[bound].trim() !== '') errors.fields[`questions.${index}.${bound}`] = { reason: 'invalid', message: `${bound} must be a number` };
      input[bound] = value;
    }
  }
  return input;
}

/** A question's translations as the API takes them: all null for a monolingual survey (an update clears them). */
function translationInput(q: QuestionDraft, bilingual: boolean): Pick<QuestionInput, 'promptTranslation' | 'choiceTranslations' | 'itemTranslations' | 'otherChoiceTranslation'> {
  if (!bilingual) return { promptTranslation: null, choiceTranslations: null, itemTranslations: null, otherChoiceTranslation: null };
  const other = (q.kind === 'SINGLE_CHOICE' || q.kind === 'MULTIPLE_CHOICE') && (q.otherChoice ?? '').trim() !== '';
  return {
    promptTranslation: q.promptTranslation.trim(),
    choiceTranslations: isChoiceKind(q.kind) ? q.choiceTranslations.map((c) => c.trim()) : null,
    itemTranslations: q.kind === 'MATRIX' ? (q.itemTranslations ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '') : null,
    otherChoiceTranslation: other ? (q.otherChoiceTranslation ?? '').trim() : null,
  };
}

/** The fields of the matrix, ranking and "other (specify)" questions, and the random order. */
function kindFields(q: QuestionDraft, index: number, errors: FormErrors<string>): Partial<QuestionInput> {
  const fields: Partial<QuestionInput> = {};
  if (q.kind === 'MATRIX') fields.items = (q.items ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if ((q.kind === 'SINGLE_CHOICE' || q.kind === 'MULTIPLE_CHOICE') && (q.otherChoice ?? '').trim() !== '') fields.otherChoice = q.otherChoice!.trim();
  if (q.kind === 'RANKING' && (q.rankTop ?? '').trim() !== '') {
    const top = wholeNumber(q.rankTop!);
    if (top === null) errors.fields[`questions.${index}.rankTop`] = { reason: 'invalid', message: 'rankTop must be a whole number' };
    else fields.rankTop = top;
  }
  if (q.shuffle && isShuffleKind(q.kind)) fields.shuffleChoices = true;
  return fields;
}

/**
 * The API's input for the form's values. Only what cannot be sent at all is refused here (an
 * amount, a count or a day that is not one); every other rule is the API's, so that its errors
 * come back next to the same inputs.
 */
export function toSurveyInput(values: SurveyFormValues, likertIn: LikertIn | null = null): { input: SurveyInput; errors: null } | { input: null; errors: FormErrors<string> } {
  const errors: FormErrors<string> = { fields: {}, form: null };
  const problem = (field: string, message: string) => (errors.fields[field] = { reason: 'invalid', message });
  const questions = values.questions.map((q, i) => questionInput(q, i, errors, values.bilingual, likertIn && (() => likertIn(values.language))));
  const sampleSize = wholeNumber(values.sampleSize);
  if (sampleSize === null) {
    if (values.sampleSize === '') errors.fields.sampleSize = { reason: 'required', message: 'sampleSize is required' };
    else problem('sampleSize', 'sampleSize must be a whole number');
  }
  const honorariumCents = parseEuros(values.honorarium);
  if (honorariumCents === null) {
    if (values.honorarium === '') errors.fields.honorariumCents = { reason: 'required', message: 'honorarium is required' };
    else problem('honorariumCents', 'honorarium must be an amount in euros');
  }
  if (values.minYearsInPractice !== '' && wholeNumber(values.minYearsInPractice) === null) {
    problem('targeting.minYearsInPractice', 'minYearsInPractice must be a whole number');
  }
  const quotas = quotaInputs(values.quotas, errors);
  const closesAt = values.closesOn === '' ? null : endOfParisDay(values.closesOn);
  if (values.closesOn !== '' && closesAt === null) problem('closesAt', 'closesAt must be a date');
  if (Object.keys(errors.fields).length > 0 || sampleSize === null || honorariumCents === null) return { input: null, errors };
  return {
    input: {
      title: values.title.trim(),
      description: values.description.trim(),
      language: values.language,
      titleTranslation: values.bilingual ? values.titleTranslation.trim() : null,
      descriptionTranslation: values.bilingual ? values.descriptionTranslation.trim() || null : null,
      questions,
      targeting: targetingInput(values),
      sampleSize,
      honorariumCents,
      closesAt,
      quotas,
      textsToClient: values.textsToClient,
    },
    errors: null,
  };
}
