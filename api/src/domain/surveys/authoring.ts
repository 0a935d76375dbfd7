/** Writing a survey: a client's DRAFT, replaced whole while it is still a draft; the reach of a targeting. */
import { Prisma } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import type { Condition } from './logic.ts';
import type { QuestionArgs } from './questions.ts';
import { otherLanguage, type SurveyLanguage } from '@consilium/db/survey-text';
import { choiceRows, isBilingual } from './translations.ts';
import { kindColumns } from './kinds.ts';
import { normaliseQuota, quotaProblem, quotaRows, type QuotaArgs } from './quotas.ts';
import { type Targeting, targetedCredentials } from '@consilium/db/segments';

export interface TargetingArgs {
  specialties?: readonly string[] | null;
  countries?: readonly string[] | null;
  regions?: readonly string[] | null;
  minYearsInPractice?: number | null;
}

export interface SurveyArgs {
  title: string;
  description: string;
  /** The language of title, description, prompts and labels; left out: the author's account language (creating) or unchanged (updating). */
  language?: SurveyLanguage | null;
  /** The texts in the other language (docs/survey-languages.md): all of them or none. */
  titleTranslation?: string | null;
  descriptionTranslation?: string | null;
  questions: readonly QuestionArgs[];
  targeting?: TargetingArgs | null;
  sampleSize: number;
  honorariumCents: number;
  closesAt?: Date | null;
  quotas?: readonly QuotaArgs[] | null;
  textsToClient?: boolean | null;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** An ISO 3166-1 alpha-2 code the platform knows a name for ("XX" is not one). */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  const name = regionNames.of(code);
  return name !== undefined && name !== code && code !== 'ZZ';
}

/** The survey columns of a targeting; an absent list means any. */
export function targetingColumns(targeting: TargetingArgs | null | undefined): Targeting {
  return {
    targetSpecialties: [...(targeting?.specialties ?? [])],
    targetCountries: [...(targeting?.countries ?? [])],
    targetRegions: [...(targeting?.regions ?? [])],
    minYearsInPractice: targeting?.minYearsInPractice ?? null,
  };
}

const translated = (bilingual: boolean, text: string | null | undefined) => (bilingual && text?.trim() ? text.trim() : null);

function columns(input: SurveyArgs) {
  const bilingual = isBilingual(input);
  return {
    title: input.title,
    description: input.description,
    ...(input.language && { language: input.language }),
    titleTranslation: translated(bilingual, input.titleTranslation),
    descriptionTranslation: translated(bilingual, input.descriptionTranslation),
    sampleSize: input.sampleSize,
    honorariumCents: input.honorariumCents,
    closesAt: input.closesAt ?? null,
    textsToClient: input.textsToClient ?? false,
    ...targetingColumns(input.targeting),
  };
}

function questionRows(questions: readonly QuestionArgs[], language: SurveyLanguage, bilingual: boolean): Prisma.SurveyQuestionCreateWithoutSurveyInput[] {
  return questions.map((q, position) => ({
    position,
    kind: q.kind,
    prompt: q.prompt,
    promptTranslation: translated(bilingual, q.promptTranslation),
    min: q.kind === 'NUMBER' ? (q.min ?? null) : null,
    max: q.kind === 'NUMBER' ? (q.max ?? null) : null,
    ...logicColumns(q),
    ...kindColumns(q),
    choices: { create: choiceRows(q, language, bilingual) },
  }));
}

/** A condition as stored (only the fields its operator reads), or SQL NULL. */
export function conditionJson(condition: Condition | null | undefined): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (!condition) return Prisma.DbNull;
  return {
    combine: condition.combine ?? 'ALL',
    rules: condition.rules.map((r) => ({
      question: r.question, operator: r.operator,
      ...(r.choice != null && { choice: r.choice }), ...(r.value != null && { value: r.value }), ...(r.upTo != null && { upTo: r.upTo }),
    })),
  };
}

function logicColumns(q: Pick<QuestionArgs, 'showIf' | 'skipIf' | 'skipTo'>) {
  return { showIf: conditionJson(q.showIf), skipIf: conditionJson(q.skipIf), skipTo: q.skipIf ? (q.skipTo ?? null) : null };
}

/** A client's own organisation: the ownership condition of every query on its surveys. */
export function ownSurveys(ctx: Context): { organizationId: string } {
  const organizationId = ctx.viewer?.organizationId;
  // A client account always has one (register requires it); refusing beats matching every survey.
  if (!organizationId) throw new Error('A client account without an organisation.');
  return { organizationId };
}

/** The survey's quota rows, checked against k and its sample size (BAD_USER_INPUT naming the cell). */
function checkedQuotas(ctx: Context, input: SurveyArgs) {
  const quotas = (input.quotas ?? []).map(normaliseQuota);
  const problem = quotaProblem(quotas, ctx.env.REPORT_K, input.sampleSize);
  if (problem) throw badInput(problem.field, problem.reason, problem.message);
  return quotaRows(quotas);
}

/** A new survey's language when its input names none: its author's account language. */
async function authorLanguage(ctx: Context): Promise<SurveyLanguage> {
  const account = await ctx.db.account.findUnique({ where: { id: ctx.viewer!.accountId }, select: { language: true } });
  return account?.language ?? 'fr';
}

export async function createSurvey(ctx: Context, input: SurveyArgs) {
  const quotas = checkedQuotas(ctx, input);
  const language = input.language ?? (await authorLanguage(ctx));
  const survey = await ctx.db.survey.create({
    data: {
      ...ownSurveys(ctx), createdById: ctx.viewer!.accountId, status: 'DRAFT', ...columns(input), language,
      questions: { create: questionRows(input.questions, language, isBilingual(input)) }, quotas: { create: quotas },
    },
    select: { id: true },
  });
  ctx.log.info({ surveyId: survey.id }, 'survey created');
  return survey;
}

const COPY_SUFFIX = { fr: ' (copie)', en: ' (copy)' } as const;

/**
 * A new DRAFT copy of one of the organisation's surveys, whatever its state: its texts, questions,
 * choices, targeting, sample size and honorarium; not its closing date (a copy is fielded later),
 * its answers, tokens or report. Its title says it is a copy, in the caller's language.
 */
export async function duplicateSurvey(ctx: Context, id: string) {
  const source = await ctx.db.survey.findFirst({
    where: { id, ...ownSurveys(ctx) },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } }, quotas: { orderBy: { position: 'asc' } } },
  });
  if (!source) throw badInput('id', 'not_found', 'No survey has this id.');
  const suffix = COPY_SUFFIX[ctx.locale];
  const copy = await ctx.db.survey.create({
    data: {
      ...ownSurveys(ctx), createdById: ctx.viewer!.accountId, status: 'DRAFT',
      title: `${source.title.slice(0, 200 - suffix.length)}${suffix}`,
      description: source.description, language: source.language,
      titleTranslation: source.titleTranslation && `${source.titleTranslation.slice(0, 200 - COPY_SUFFIX[otherLanguage(source.language)].length)}${COPY_SUFFIX[otherLanguage(source.language)]}`,
      descriptionTranslation: source.descriptionTranslation, sampleSize: source.sampleSize, honorariumCents: source.honorariumCents,
      targetSpecialties: source.targetSpecialties, targetCountries: source.targetCountries, targetRegions: source.targetRegions,
      minYearsInPractice: source.minYearsInPractice, textsToClient: source.textsToClient,
      questions: {
        create: source.questions.map((q) => ({
          position: q.position, kind: q.kind, prompt: q.prompt, promptTranslation: q.promptTranslation, min: q.min, max: q.max, rankTop: q.rankTop, shuffleChoices: q.shuffleChoices,
          ...logicColumns({ showIf: q.showIf as Condition | null, skipIf: q.skipIf as Condition | null, skipTo: q.skipTo }),
          choices: { create: q.choices.map((c) => ({ position: c.position, label: c.label, labelTranslation: c.labelTranslation, role: c.role })) },
        })),
      },
      quotas: { create: source.quotas.map((q) => ({ position: q.position, specialty: q.specialty, country: q.country, yearsBand: q.yearsBand, maxAnswers: q.maxAnswers })) },
    },
    select: { id: true },
  });
  ctx.log.info({ surveyId: copy.id, from: source.id }, 'survey duplicated');
  return copy;
}

/** Replaces a DRAFT's fields and questions; another organisation's survey reads as no survey. */
export async function updateSurvey(ctx: Context, id: string, input: SurveyArgs) {
  const where = { id, ...ownSurveys(ctx) };
  const quotas = checkedQuotas(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    // The conditional update locks the row: a concurrent submit either waits for us or wins.
    const { count } = await tx.survey.updateMany({ where: { ...where, status: 'DRAFT' }, data: columns(input) });
    if (count === 0) {
      const found = await tx.survey.findFirst({ where, select: { status: true } });
      if (!found) throw badInput('id', 'not_found', 'No survey has this id.');
      throw badInput('id', 'wrong_state', `This survey is ${found.status.toLowerCase()}: only a draft can be edited.`);
    }
    const { language } = await tx.survey.findUniqueOrThrow({ where: { id }, select: { language: true } });
    await tx.surveyQuestion.deleteMany({ where: { surveyId: id } });
    await tx.surveyQuota.deleteMany({ where: { surveyId: id } });
    await tx.survey.update({ where: { id }, data: { questions: { create: questionRows(input.questions, language, isBilingual(input)) }, quotas: { create: quotas } }, select: { id: true } });
  });
  return { id };
}

/**
 * The step a reach is rounded down to: two significant figures, and never finer than ten
 * (15 → 10, 1,234 → 1,200, 56,789 → 56,000).
 */
export function reachStep(count: number): number {
  return Math.max(10, 10 ** (Math.floor(Math.log10(Math.max(1, count))) - 1));
}

/**
 * What a client is told about a reach: never below k, so that a group too small to report on
 * is never described, and rounded down to `reachStep`, so that two nested targetings that
 * differ by one physician give the same answer unless they straddle a step — and finding a
 * step takes many questions, which the per-client limit (`rateLimits.reach`) refuses.
 */
export function reportedReach(count: number, k: number): { verifiedPhysicians: number; enough: boolean } {
  if (count < k) return { verifiedPhysicians: k, enough: false };
  const step = reachStep(count);
  return { verifiedPhysicians: Math.max(k, Math.floor(count / step) * step), enough: true };
}

export async function surveyReach(ctx: Context, targeting: TargetingArgs) {
  const count = await ctx.db.credential.count({ where: targetedCredentials(targetingColumns(targeting)) });
  return reportedReach(count, ctx.env.REPORT_K);
}
