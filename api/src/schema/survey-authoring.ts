import { isSpecialtyCode } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { BadInputReason } from '../errors.ts';
import { consume } from '../domain/rate-limits.ts';
import { createSurvey, duplicateSurvey, isCountryCode, surveyReach, updateSurvey, type SurveyArgs } from '../domain/surveys/authoring.ts';
import { translationProblems } from '../domain/surveys/translations.ts';
import { LanguageEnum } from './survey-language.ts';
import { choiceLabels, questionProblem, type QuestionArgs } from '../domain/surveys/questions.ts';
import { logicProblems, MAX_RULES } from '../domain/surveys/logic.ts';
import { ConditionCombineEnum, ConditionOperatorEnum, QuestionKindEnum } from './survey.ts';
import { QuotaInput } from './survey-quota.ts';

/** A rule's own message and reason (see validation.ts), instead of zod's generic ones. */
const rule = (message: string, reason: BadInputReason = 'invalid') => ({ message, params: { reason } });
const whole = (min: number, max: number) => z.number().int().refine((n) => n >= min && n <= max, rule(`must be from ${min} to ${max}`, 'out_of_range'));

/** A list of codes: each normalised and checked, duplicates dropped. */
function codes(normalise: (code: string) => string, known: (code: string) => boolean, what: string) {
  return z
    .array(z.string().transform(normalise))
    .max(100)
    .superRefine((list, ctx) => {
      for (const [i, code] of list.entries()) {
        if (!known(code)) ctx.addIssue({ code: 'custom', path: [i], ...rule(`"${code.slice(0, 64)}" is not ${what}`) });
      }
    })
    .transform((list) => [...new Set(list)])
    .optional()
    .nullable();
}

const ConditionRuleInput = builder.inputType('ConditionRuleInput', {
  description: 'One rule on an earlier answer: SELECTED / NOT_SELECTED a choice (by its position, 0-based) of a SINGLE_CHOICE, MULTIPLE_CHOICE or LIKERT question; AT_LEAST / AT_MOST `value`, or BETWEEN `value` and `upTo` (inclusive), for a NUMBER question. A rule on a question that was hidden holds for no operator.',
  fields: (t) => ({
    question: t.int({ required: true, description: 'The position (0-based) of the question read, in the survey’s `questions` list.' }),
    operator: t.field({ type: ConditionOperatorEnum, required: true }),
    choice: t.int({ description: 'SELECTED / NOT_SELECTED: the choice’s position (0-based).' }),
    value: t.float({ description: 'AT_LEAST / AT_MOST: the bound; BETWEEN: the lower bound.' }),
    upTo: t.float({ description: 'BETWEEN: the upper bound.' }),
  }),
});

const ConditionInput = builder.inputType('ConditionInput', {
  description: `A condition on earlier answers: 1 to ${MAX_RULES} rules, all of which (ALL, the default) or any of which (ANY) must hold. One level: rules are not nested.`,
  fields: (t) => ({
    combine: t.field({ type: ConditionCombineEnum, defaultValue: 'ALL' }),
    rules: t.field({ type: [ConditionRuleInput], required: true }),
  }),
});

const QuestionInput = builder.inputType('QuestionInput', {
  description: 'One question: SINGLE_CHOICE, MULTIPLE_CHOICE and RANKING take 2 to 20 choices; LIKERT and MATRIX none (the 5 standard points) or 5 labels, MATRIX 2 to 20 items; NUMBER a min below its max.',
  fields: (t) => ({
    kind: t.field({ type: QuestionKindEnum, required: true }),
    prompt: t.string({ required: true, validate: z.string().trim().min(1).max(1000) }),
    choices: t.stringList({ validate: z.array(z.string()).max(100).optional().nullable() }),
    promptTranslation: t.string({ description: 'The prompt in the survey’s other language; required for every question of a bilingual survey (docs/survey-languages.md).', validate: z.string().trim().max(1000).optional().nullable() }),
    choiceTranslations: t.stringList({ description: 'The choices in the survey’s other language, one per choice and in the same order; required in a bilingual survey, except for a Likert question on the standard points (translated by Consilium).', validate: z.array(z.string()).max(100).optional().nullable() }),
    min: t.float(),
    max: t.float(),
    showIf: t.field({ type: ConditionInput, description: 'Show the question only when this condition on earlier questions holds (left out: always shown). A hidden question must be left unanswered.' }),
    skipIf: t.field({ type: ConditionInput, description: 'When this condition (on this question or earlier ones) holds, hide the questions after this one and before `skipTo`.' }),
    skipTo: t.int({ description: 'With skipIf: the position (0-based) of the question the survey goes on with — at least two after this one — or the number of questions to skip to the end.' }),
    items: t.stringList({ description: 'MATRIX: its 2 to 20 items (rows), each answered on the question’s scale (`choices`: none for the 5 standard points, or 5 labels).', validate: z.array(z.string()).max(100).optional().nullable() }),
    otherChoice: t.string({ description: 'SINGLE_CHOICE, MULTIPLE_CHOICE: the label of an "other (specify)" choice, added after the others; its answer carries a short text.', validate: z.string().max(1000).optional().nullable() }),
    rankTop: t.int({ description: 'RANKING: rank only the top N choices (left out: all of them).' }),
    shuffleChoices: t.boolean({ description: 'Show the choices (a matrix’s items) in a random order to each respondent; the page shuffles them, nothing about the order is sent.' }),
    itemTranslations: t.stringList({ description: 'MATRIX: its items in the survey’s other language, one per item and in the same order; required in a bilingual survey.', validate: z.array(z.string()).max(100).optional().nullable() }),
    otherChoiceTranslation: t.string({ description: 'The "other (specify)" label in the survey’s other language; required in a bilingual survey when otherChoice is given.', validate: z.string().max(1000).optional().nullable() }),
  }),
  validate: z.custom<QuestionArgs>().superRefine((question, ctx) => {
    const problem = questionProblem(question);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], ...rule(problem.message, problem.reason) });
  }),
});

const TargetingInput = builder.inputType('TargetingInput', {
  description: 'Who a survey is for; a list left out or empty means any.',
  fields: (t) => ({
    specialties: t.stringList({ validate: codes((c) => c.trim(), isSpecialtyCode, 'a known specialty code (see the specialties query)') }),
    countries: t.stringList({ validate: codes((c) => c.trim().toUpperCase(), isCountryCode, 'an ISO 3166-1 alpha-2 country code such as FR or BE') }),
    regions: t.stringList({ validate: z.array(z.string().trim().min(1).max(100)).max(100).transform((l) => [...new Set(l)]).optional().nullable() }),
    minYearsInPractice: t.int({ validate: whole(0, 60).optional().nullable() }),
  }),
});

const SurveyInput = builder.inputType('SurveyInput', {
  description: 'A survey as its client writes it: 1 to 50 questions, a sample size of 1 to 100000, an honorarium of 0 to 100000 cents, a closing date in the future if any, quota cells if any.',
  fields: (t) => ({
    title: t.string({ required: true, validate: z.string().trim().min(3).max(200) }),
    description: t.string({ required: true, validate: z.string().trim().max(5000) }),
    language: t.field({ type: LanguageEnum, description: 'The language title, description, prompts and choices are written in; left out: the author’s account language for a new survey, unchanged for an update.' }),
    titleTranslation: t.string({ description: 'The title in the other language. Any translation makes the survey bilingual: then the title, the description (when not empty), every prompt and every choice need theirs (docs/survey-languages.md).', validate: z.string().trim().max(200).refine((s) => s.length === 0 || s.length >= 3, rule('must be at least 3 characters', 'too_short')).optional().nullable() }),
    descriptionTranslation: t.string({ description: 'The description in the other language.', validate: z.string().trim().max(5000).optional().nullable() }),
    questions: t.field({
      type: [QuestionInput],
      required: true,
      validate: z
        .array(z.custom<QuestionArgs>())
        .refine((l) => l.length >= 1 && l.length <= 50, rule('a survey needs 1 to 50 questions', 'out_of_range'))
        .superRefine((questions, ctx) => {
          // A question that failed its own checks arrives as null: its logic is judged once it is valid.
          if (questions.some((q) => q == null)) return;
          const authored = questions.map((q) => ({ ...q, choiceCount: choiceLabels(q).length }));
          for (const problem of logicProblems(authored)) ctx.addIssue({ code: 'custom', path: [problem.index, problem.field], ...rule(`${problem.message}.`) });
        }),
    }),
    targeting: t.field({ type: TargetingInput }),
    sampleSize: t.int({ required: true, validate: whole(1, 100_000) }),
    honorariumCents: t.int({ required: true, validate: whole(0, 100_000) }),
    closesAt: t.field({ type: 'DateTime', validate: z.date().refine((d) => d.getTime() > Date.now(), rule('must be in the future', 'past_date')).optional().nullable() }),
    quotas: t.field({ type: [QuotaInput], description: 'Quota cells, at most 50: each from k to sampleSize answers, each cell once.' }),
    textsToClient: t.boolean({ description: 'Free-text answers may be handed to the client word for word in the respondent-level file (without identity); physicians are told so on the answering page. Default false.' }),
  }),
  validate: z.custom<SurveyArgs>().superRefine((survey, ctx) => {
    // A question that failed its own checks arrives as null: its translations are judged once it is valid.
    if (!survey?.questions || survey.questions.some((q) => q == null)) return;
    for (const problem of translationProblems(survey)) ctx.addIssue({ code: 'custom', path: problem.path, ...rule(`${problem.message}.`, problem.reason) });
  }),
});

const SurveyReach = builder.objectRef<{ verifiedPhysicians: number; enough: boolean }>('SurveyReach');
SurveyReach.implement({
  description: 'How many verified physicians a targeting reaches: rounded down to two significant figures (at least to ten), and never below k (then `enough` is false: too few to report on).',
  fields: (t) => ({ verifiedPhysicians: t.exposeInt('verifiedPhysicians'), enough: t.exposeBoolean('enough') }),
});

builder.queryField('surveyReach', (t) =>
  t.field({
    type: SurveyReach,
    description: 'How many verified physicians a targeting would reach (clients), told so that a small group is never described; rate limited per client (RATE_LIMITED).',
    authScopes: { client: true },
    args: { targeting: t.arg({ type: TargetingInput, required: true }) },
    resolve: async (_root, { targeting }, ctx) => {
      await consume([ctx.rateLimits.reach, ctx.viewer!.accountId]);
      return surveyReach(ctx, targeting);
    },
  }),
);

builder.mutationField('createSurvey', (t) =>
  t.prismaField({
    type: 'Survey',
    description: 'A new DRAFT survey of the client’s organisation.',
    authScopes: { client: true },
    args: { input: t.arg({ type: SurveyInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { id } = await createSurvey(ctx, input);
      return ctx.db.survey.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('updateSurvey', (t) =>
  t.prismaField({
    type: 'Survey',
    description: 'Replaces a DRAFT survey of the client’s organisation, questions included.',
    authScopes: { client: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid() }), input: t.arg({ type: SurveyInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      await updateSurvey(ctx, String(id), input);
      return ctx.db.survey.findUniqueOrThrow({ ...query, where: { id: String(id) } });
    },
  }),
);

builder.mutationField('duplicateSurvey', (t) =>
  t.prismaField({
    type: 'Survey',
    description: 'A new DRAFT copy of a survey of the client’s organisation (any state): texts, questions, targeting, sample size and honorarium; no closing date, no answers.',
    authScopes: { client: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid() }) },
    resolve: async (query, _root, { id }, ctx) => {
      const copy = await duplicateSurvey(ctx, String(id));
      return ctx.db.survey.findUniqueOrThrow({ ...query, where: { id: copy.id } });
    },
  }),
);
