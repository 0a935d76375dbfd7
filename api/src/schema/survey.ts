import { ChoiceRole, QuestionKind, SurveyStatus } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { OrganizationTypeEnum } from './account.ts';
import { eligibleSurveys, readableSurveys, verifiedCredentialOf } from '../domain/surveys/access.ts';
import { ownSurveys } from '../domain/surveys/authoring.ts';
import { keyLabelOf } from '@consilium/jobs/survey-keys';
import type { Condition, LogicRule } from '../domain/surveys/logic.ts';
import { LIST_BOUND } from './connection.ts';
import { myIssue, physicianId, SurveyResume } from './survey-resume.ts';

export const SurveyStatusEnum = builder.enumType(SurveyStatus, { name: 'SurveyStatus' });
export const QuestionKindEnum = builder.enumType(QuestionKind, { name: 'QuestionKind' });
export const ConditionCombineEnum = builder.enumType('ConditionCombine', {
  description: 'How a condition’s rules combine: ALL must hold (and), or ANY (or).',
  values: ['ALL', 'ANY'] as const,
});
export const ConditionOperatorEnum = builder.enumType('ConditionOperator', {
  description: 'SELECTED / NOT_SELECTED a choice; AT_LEAST, AT_MOST or BETWEEN numbers (bounds inclusive).',
  values: ['SELECTED', 'NOT_SELECTED', 'AT_LEAST', 'AT_MOST', 'BETWEEN'] as const,
});

const ConditionRule = builder.objectRef<LogicRule>('ConditionRule');
ConditionRule.implement({
  description: 'One rule of a condition (see ConditionRuleInput).',
  fields: (t) => ({
    question: t.exposeInt('question', { description: 'The position (0-based) of the question read.' }),
    operator: t.field({ type: ConditionOperatorEnum, resolve: (r) => r.operator }),
    choice: t.int({ nullable: true, resolve: (r) => r.choice ?? null }),
    value: t.float({ nullable: true, resolve: (r) => r.value ?? null }),
    upTo: t.float({ nullable: true, resolve: (r) => r.upTo ?? null }),
  }),
});

const ConditionRef = builder.objectRef<Condition>('Condition');
ConditionRef.implement({
  description: 'A condition on earlier answers: its rules, combined by ALL or ANY (one level).',
  fields: (t) => ({
    combine: t.field({ type: ConditionCombineEnum, resolve: (c) => c.combine ?? 'ALL' }),
    rules: t.field({ type: [ConditionRule], resolve: (c) => c.rules }),
  }),
});

export const ChoiceRoleEnum = builder.enumType(ChoiceRole, {
  name: 'ChoiceRole',
  description: 'OPTION: an answer choice (a scale point); OTHER: the "other (specify)" choice, whose answer carries a text; ITEM: a MATRIX item.',
});

// label (and Question.prompt, Survey.title and description) are in survey-language.ts: in the reader's language.
builder.prismaObject('SurveyChoice', {
  name: 'Choice',
  fields: (t) => ({ id: t.exposeID('id'), role: t.expose('role', { type: ChoiceRoleEnum }) }),
});

builder.prismaObject('SurveyQuestion', {
  name: 'Question',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: QuestionKindEnum }),
    choices: t.relation('choices', { description: 'Empty for NUMBER and TEXT; the 5 ordered points for LIKERT and MATRIX; the "other (specify)" choice last. A matrix’s items are in `items`.', query: { where: { role: { not: 'ITEM' } }, orderBy: { position: 'asc' } } }),
    items: t.relation('choices', { description: 'MATRIX: its items (rows), each answered on the scale of `choices`; empty otherwise.', query: { where: { role: 'ITEM' }, orderBy: { position: 'asc' } } }),
    rankTop: t.exposeInt('rankTop', { nullable: true, description: 'RANKING: how many choices are ranked (null: all).' }),
    shuffleChoices: t.exposeBoolean('shuffleChoices', { description: 'The answering page shows the choices (a matrix’s items) in a random order, drawn in the browser.' }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
    showIf: t.field({ type: ConditionRef, nullable: true, description: 'Shown only when this holds (null: always).', resolve: (q) => q.showIf as Condition | null }),
    skipIf: t.field({ type: ConditionRef, nullable: true, description: 'When this holds, the questions after this one and before skipTo are hidden.', resolve: (q) => q.skipIf as Condition | null }),
    skipTo: t.exposeInt('skipTo', { nullable: true, description: 'With skipIf: the position (0-based) the survey goes on with; the number of questions for the end.' }),
  }),
});

// One selection for mySegment and tokenKeys, so that both come from one statement.
const KEY_LABELS = { segmentKeys: { select: { segment: true, publicKey: true }, orderBy: { segment: 'asc' } } } as const;

export const Targeting = builder.objectRef<{ targetSpecialties: string[]; targetCountries: string[]; targetRegions: string[]; minYearsInPractice: number | null }>('Targeting');
Targeting.implement({
  description: 'Who a survey is for; an empty list means any.',
  fields: (t) => ({
    specialties: t.exposeStringList('targetSpecialties'),
    countries: t.exposeStringList('targetCountries'),
    regions: t.exposeStringList('targetRegions'),
    minYearsInPractice: t.exposeInt('minYearsInPractice', { nullable: true }),
  }),
});

const SegmentKey = builder.objectRef<{ segment: string; publicKey: string }>('SegmentKey');
SegmentKey.implement({
  description: 'The eligibility key of one segment (RSA public key, SPKI DER, base64url): the same for every physician of it.',
  fields: (t) => ({ segment: t.exposeString('segment'), publicKey: t.exposeString('publicKey') }),
});

export const SurveyRef = builder.prismaObject('Survey', {
  description: 'A survey commissioned by a client organisation.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.expose('status', { type: SurveyStatusEnum }),
    organizationName: t.string({ select: { organization: { select: { name: true } } }, resolve: (s) => s.organization.name }),
    organizationType: t.field({ type: OrganizationTypeEnum, select: { organization: { select: { type: true } } }, resolve: (s) => s.organization.type }),
    questions: t.relation('questions', { query: { orderBy: { position: 'asc' } } }),
    targeting: t.field({ type: Targeting, resolve: (s) => s }),
    sampleSize: t.exposeInt('sampleSize'),
    honorariumCents: t.exposeInt('honorariumCents'),
    textsToClient: t.exposeBoolean('textsToClient', { description: 'Free-text answers may reach the client word for word, without identity, in the respondent-level file; the answering page says so.' }),
    responseCount: t.int({
      description: 'The client and admins only.',
      authScopes: { client: true, reviewer: true },
      // While OPEN, the answers taken from the place shards not yet emptied are counted there.
      select: { responseCount: true, places: { select: { taken: true } } },
      resolve: (s) => s.responseCount + s.places.reduce((sum, p) => sum + p.taken, 0),
    }),
    closesAt: t.expose('closesAt', { type: 'DateTime', nullable: true }),
    reviewReason: t.exposeString('reviewReason', { nullable: true, description: 'Why an admin rejected (or noted on approving) the survey.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    mySegment: t.string({
      nullable: true,
      description: 'For a verified physician, the key label that covers the segment of their verified credential (the label of their key in tokenKeys); null for anyone else. A label is coarser than specialty|country|band where that segment had fewer than k eligible physicians when the survey opened: a withheld part reads "*".',
      select: KEY_LABELS,
      resolve: async (survey, _args, ctx) => {
        const credential = await verifiedCredentialOf(ctx);
        return credential ? keyLabelOf(credential, new Set(survey.segmentKeys.map((k) => k.segment))) : null;
      },
    }),
    tokenKeys: t.field({
      type: [SegmentKey],
      description: 'Every key label’s eligibility key, all created when the survey opened (reading creates none): the same keys for every reader, so a physician can check that nobody was given a key of their own.',
      select: KEY_LABELS,
      resolve: (survey) => survey.segmentKeys,
    }),
    openedByMe: t.boolean({
      nullable: true,
      description: 'For a physician: whether they have taken their token for this survey (opened it); null for anyone else.',
      select: (_args, ctx) => myIssue(ctx),
      resolve: (survey, _args, ctx) => (physicianId(ctx) ? survey.tokenIssues.length > 0 : null),
    }),
    myResume: t.field({
      type: SurveyResume,
      nullable: true,
      description: 'For a physician who opened the survey with a resume code and has not been paid for it yet: the sealed copy. Null otherwise.',
      select: (_args, ctx) => myIssue(ctx),
      resolve: (survey) => survey.tokenIssues[0]?.resume ?? null,
    }),
    receiptKey: t.string({
      description: 'RSA public key (SPKI DER, base64url) for completion receipts; created when the survey opens, so an empty string for a DRAFT, SUBMITTED or REJECTED survey.',
      resolve: (s) => s.receiptPublicKey ?? '',
    }),
  }),
});

builder.queryField('survey', (t) =>
  t.prismaField({
    type: 'Survey',
    nullable: true,
    description: 'The owning client, admins, and verified physicians the OPEN survey targets; null for anyone else.',
    authScopes: { client: true, reviewer: true, verifiedPhysician: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid() }) },
    resolve: async (query, _root, args, ctx) => {
      const readable = await readableSurveys(ctx);
      return readable && ctx.db.survey.findFirst({ ...query, where: { AND: [{ id: String(args.id) }, readable] } });
    },
  }),
);

builder.queryField('mySurveys', (t) =>
  t.prismaField({
    type: ['Survey'],
    description: `The first ${LIST_BOUND} surveys of the client’s organisation, newest first.`,
    deprecationReason: `Returns at most ${LIST_BOUND} surveys: use mySurveysPage.`,
    authScopes: { client: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.db.survey.findMany({ ...query, where: ownSurveys(ctx), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: LIST_BOUND }),
  }),
);

builder.queryField('surveysForReview', (t) =>
  t.prismaField({
    type: ['Survey'],
    description: `The first ${LIST_BOUND} SUBMITTED surveys, oldest submission first (admins).`,
    deprecationReason: `Returns at most ${LIST_BOUND} surveys: use surveysForReviewPage.`,
    authScopes: { reviewer: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.db.survey.findMany({ ...query, where: { status: 'SUBMITTED' }, orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }], take: LIST_BOUND }),
  }),
);

builder.queryField('surveyInbox', (t) =>
  t.prismaField({
    type: ['Survey'],
    description: 'OPEN surveys that target the verified physician and whose token they have not taken, closing soonest first.',
    authScopes: { verifiedPhysician: true },
    resolve: async (query, _root, _args, ctx) => {
      const credential = await verifiedCredentialOf(ctx);
      if (!credential) return [];
      const now = new Date();
      return ctx.db.survey.findMany({
        ...query,
        where: {
          AND: [eligibleSurveys(credential, now), { OR: [{ closesAt: null }, { closesAt: { gt: now } }] }],
          tokenIssues: { none: { accountId: ctx.viewer!.accountId } },
        },
        orderBy: [{ closesAt: { sort: 'asc', nulls: 'last' } }, { openedAt: 'asc' }, { id: 'asc' }],
      });
    },
  }),
);
