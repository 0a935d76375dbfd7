import { z } from 'zod';
import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../builder.ts';
import { fromBase64url } from '../domain/blind-signatures/base64url.ts';
import { SEALED_COPY_BYTES } from '../domain/blind-signatures/resume.ts';
import { redeemSurveyReceipt } from '../domain/surveys/receipts.ts';
import { submitSurveyResponse } from '../domain/surveys/responses.ts';
import { issueSurveyToken } from '../domain/surveys/tokens.ts';
import { defineConnection, keysetPage, LIST_BOUND } from './connection.ts';
import { localisedSurveyTitle, SURVEY_TITLE_SELECT } from '@consilium/db/survey-text';

const base64url = z.string().min(1).max(2048).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url without padding');

const sealedCopy = z.string().refine((text) => {
  try {
    return fromBase64url(text).length === SEALED_COPY_BYTES;
  } catch {
    return false;
  }
}, `must be a sealed copy of ${SEALED_COPY_BYTES} bytes, base64url`);

const TokenInput = builder.inputType('TokenInput', {
  description: 'An RFC 9474 token: the prepared message (random prefix included) and the finalized signature, base64url.',
  fields: (t) => ({
    message: t.string({ required: true, validate: base64url }),
    signature: t.string({ required: true, validate: base64url }),
  }),
});

const MatrixItemAnswerInput = builder.inputType('MatrixItemAnswerInput', {
  description: 'The answer to one item of a MATRIX question: one of the question’s scale points (its `choices`).',
  fields: (t) => ({
    itemId: t.id({ required: true, validate: z.uuid() }),
    choiceId: t.id({ required: true, validate: z.uuid() }),
  }),
});

const AnswerInput = builder.inputType('AnswerInput', {
  description: 'One question’s answer. SINGLE_CHOICE, LIKERT: one choiceId; MULTIPLE_CHOICE: at least one; RANKING: the ranked choiceIds, first first (all of them, or the top `rankTop`); MATRIX: `items`, every item once; NUMBER: number; TEXT: text. With the "other (specify)" choice: `otherText`, at most 200 characters.',
  fields: (t) => ({
    questionId: t.id({ required: true, validate: z.uuid() }),
    choiceIds: t.idList({ validate: z.array(z.uuid()).max(20).optional().nullable() }),
    number: t.float(),
    text: t.string({ validate: z.string().max(4000).optional().nullable() }),
    items: t.field({ type: [MatrixItemAnswerInput], validate: z.array(z.any()).max(20).optional().nullable() }),
    otherText: t.string({ validate: z.string().max(4000).optional().nullable() }),
  }),
});

const SurveyResponseInput = builder.inputType('SurveyResponseInput', {
  fields: (t) => ({
    surveyId: t.id({ required: true, validate: z.uuid() }),
    segment: t.string({ required: true, validate: z.string().min(1).max(120) }),
    token: t.field({ type: TokenInput, required: true }),
    answers: t.field({ type: [AnswerInput], required: true, validate: z.array(z.any()).max(50) }),
    receiptBlindedMessage: t.string({ required: true, validate: base64url }),
  }),
});

const IssuedToken = builder.objectRef<{ segment: string; blindSignature: string }>('IssuedToken');
IssuedToken.implement({
  fields: (t) => ({ segment: t.exposeString('segment'), blindSignature: t.exposeString('blindSignature') }),
});

const SurveyResponsePayload = builder.objectRef<{ receiptBlindSignature: string }>('SurveyResponsePayload');
SurveyResponsePayload.implement({ fields: (t) => ({ receiptBlindSignature: t.exposeString('receiptBlindSignature') }) });

const HonorariumCredit = builder.objectRef<{ surveyId: string; amountCents: number; balanceCents: number }>('HonorariumCredit');
HonorariumCredit.implement({
  fields: (t) => ({ surveyId: t.exposeID('surveyId'), amountCents: t.exposeInt('amountCents'), balanceCents: t.exposeInt('balanceCents') }),
});

builder.mutationField('issueSurveyToken', (t) =>
  t.field({
    type: IssuedToken,
    description: 'One blind signature per survey for an eligible verified physician; the message is blinded with tokenKeys[mySegment].',
    authScopes: { verifiedPhysician: true },
    args: {
      surveyId: t.arg.id({ required: true, validate: z.uuid() }),
      blindedMessage: t.arg.string({ required: true, validate: base64url }),
      resumeCopy: t.arg.string({
        description: `Optional: the browser's prepared message and unblinding secret sealed under a resume code only the physician holds (${SEALED_COPY_BYTES} bytes, base64url; see docs/threat-model.md, "Resuming a survey"). Kept with the blind signature, and returned in Survey.myResume, so that the survey can be finished on another device.`,
        validate: sealedCopy.optional().nullable(),
      }),
    },
    resolve: (_root, args, ctx) => issueSurveyToken(ctx, String(args.surveyId), args.blindedMessage, args.resumeCopy ?? null),
  }),
);

builder.mutationField('submitSurveyResponse', (t) =>
  t.field({
    type: SurveyResponsePayload,
    description: 'Needs no session, and never reads one: the token is the credential.',
    args: { input: t.arg({ type: SurveyResponseInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      submitSurveyResponse(ctx, { ...input, surveyId: String(input.surveyId), answers: input.answers.map((a) => ({ ...a, questionId: String(a.questionId), choiceIds: a.choiceIds?.map(String) ?? null, items: a.items?.map((i) => ({ itemId: String(i.itemId), choiceId: String(i.choiceId) })) ?? null })) }),
  }),
);

builder.mutationField('redeemSurveyReceipt', (t) =>
  t.field({
    type: HonorariumCredit,
    description: 'Credits the survey honorarium, once per receipt and once per survey and account.',
    authScopes: { physician: true },
    args: { surveyId: t.arg.id({ required: true, validate: z.uuid() }), receipt: t.arg({ type: TokenInput, required: true }) },
    resolve: (_root, args, ctx) => redeemSurveyReceipt(ctx, String(args.surveyId), args.receipt),
  }),
);

const HonorariumEntryRef = builder.prismaObject('HonorariumEntry', {
  fields: (t) => ({
    id: t.exposeID('id'),
    amountCents: t.exposeInt('amountCents'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    surveyId: t.exposeID('surveyId', { nullable: true }),
    surveyTitle: t.string({ nullable: true, select: { survey: { select: SURVEY_TITLE_SELECT } }, resolve: (e, _args, ctx) => (e.survey ? localisedSurveyTitle(e.survey, ctx.locale) : null) }),
  }),
});

const HonorariumEntryConnection = defineConnection('HonorariumEntry', HonorariumEntryRef);
const NEWEST_FIRST = [{ createdAt: 'desc' }, { id: 'desc' }] as const;

builder.queryField('myHonoraria', (t) =>
  t.prismaField({
    type: ['HonorariumEntry'],
    description: `The first ${LIST_BOUND} entries of the viewer’s honoraria ledger, newest first.`,
    deprecationReason: `Returns at most ${LIST_BOUND} entries: use myHonorariaPage.`,
    authScopes: { physician: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.db.honorariumEntry.findMany({ ...query, where: { accountId: ctx.viewer!.accountId }, orderBy: [...NEWEST_FIRST], take: LIST_BOUND }),
  }),
);

builder.queryField('myHonorariaPage', (t) =>
  t.field({
    type: HonorariumEntryConnection,
    description: 'The viewer’s honoraria ledger, newest first, a page at a time.',
    authScopes: { physician: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: (_root, args, ctx, info) =>
      keysetPage(
        args,
        { field: 'createdAt', direction: 'desc' },
        (after, take) =>
          ctx.db.honorariumEntry.findMany({
            ...queryFromInfo({ context: ctx, info, typeName: 'HonorariumEntry', path: ['edges', 'node'] }),
            where: { accountId: ctx.viewer!.accountId, ...after },
            orderBy: [...NEWEST_FIRST],
            take,
          }),
        (e) => e.createdAt,
      ),
  }),
);
