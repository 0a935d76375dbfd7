import { isSpecialtyCode, QuestionStatus, QuestionUrgency } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { viewerPseudonym } from '../domain/discussion/actor.ts';
import { createThread } from '../domain/discussion/posting.ts';
import { regionAddress } from '../domain/discussion/question-regions.ts';
import { countrySchema, hourSchema, markHelpful, medianFirstAnswerSeconds, outcomeSchema, reopen, setAvailability, solve, timeZoneSchema } from '../domain/discussion/questions.ts';
import { bodySchema, tagsSchema, titleSchema } from '../domain/discussion/rules.ts';
import { badInput } from '../errors.ts';

const QuestionUrgencyEnum = builder.enumType(QuestionUrgency, { name: 'QuestionUrgency' });
const QuestionStatusEnum = builder.enumType(QuestionStatus, { name: 'QuestionStatus' });

export const regionSchema = z.string().trim().min(1).max(100);
export const specialtySchema = z.string().trim().refine(isSpecialtyCode, { message: 'must be a specialty code (see the specialties query)', params: { reason: 'invalid' } });

builder.prismaObject('ThreadQuestion', {
  description: 'A thread that is a question addressed to a specialty (its room), optionally in one country and one region of it.',
  fields: (t) => ({
    specialty: t.exposeString('specialty'),
    country: t.exposeString('country', { nullable: true }),
    region: t.exposeString('region', { nullable: true, description: 'The addressees’ region (as their verified credentials name it), never the asker’s; only with a country.' }),
    urgency: t.expose('urgency', { type: QuestionUrgencyEnum }),
    status: t.expose('status', { type: QuestionStatusEnum }),
    helpfulPostId: t.exposeID('helpfulPostId', { nullable: true, description: 'The reply the asker marked as the one that helped.' }),
    outcome: t.exposeString('outcome', { nullable: true, description: 'The asker’s short outcome when solved.' }),
  }),
});

builder.prismaObjectField('Thread', 'question', (t) =>
  t.relation('question', { nullable: true, description: 'Set when the thread is a question to a specialist (Ask a specialist).' }),
);

const AskSpecialistInput = builder.inputType('AskSpecialistInput', {
  description: 'A question to the verified physicians of a specialty (optionally of one country, and of one region of it), routine or urgent.',
  fields: (t) => ({
    specialty: t.string({ required: true, validate: specialtySchema }),
    country: t.string({ description: 'Two-letter ISO code: only specialists of this country are notified.', validate: countrySchema.optional().nullable() }),
    region: t.string({
      description: 'Only with a country: only specialists whose verified credential names this region are notified (see specialistRegions); refused when fewer than k would be.',
      validate: regionSchema.optional().nullable(),
    }),
    urgency: t.field({ type: QuestionUrgencyEnum, required: true }),
    title: t.string({ required: true, validate: titleSchema }),
    body: t.string({ required: true, validate: bodySchema }),
    tags: t.stringList({ validate: tagsSchema }),
    attachmentIds: t.idList({ validate: z.array(z.uuid()).max(10).optional().nullable() }),
  }),
});

builder.mutationField('askSpecialist', (t) =>
  t.prismaField({
    type: 'Thread',
    description:
      'Asks a question in the specialty’s room; the opted-in verified physicians of that specialty (and country, and region) are notified in the app — a routine question waits for the end of their quiet hours, an urgent one does not.',
    authScopes: { verifiedPhysician: true },
    args: { input: t.arg({ type: AskSpecialistInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      if (input.region && !input.country) throw badInput('region', 'invalid', 'region: a question is addressed to a region only together with its country.');
      const region = input.region && input.country ? await regionAddress(ctx, input.specialty, input.country, input.region) : null;
      const id = await createThread(ctx, {
        room: input.specialty,
        title: input.title,
        body: input.body,
        tags: input.tags,
        attachmentIds: input.attachmentIds,
        question: { specialty: input.specialty, country: input.country ?? null, region, urgency: input.urgency },
      });
      const thread = await ctx.db.thread.findUnique({ ...query, where: { id } });
      if (!thread) throw badInput('input', 'not_found', 'The question could not be read back.');
      return thread;
    },
  }),
);

const threadIdArg = (t: { arg: { id: (o: object) => never } }) => t.arg.id({ required: true, validate: z.uuid() });

builder.mutationField('markHelpfulAnswer', (t) =>
  t.prismaField({
    type: 'Thread',
    description: 'The asker marks the reply that helped (postId null: unmarks).',
    authScopes: { verifiedPhysician: true },
    args: { threadId: threadIdArg(t as never), postId: t.arg.id({ validate: z.uuid().optional().nullable() }) },
    resolve: async (query, _root, args, ctx) => {
      await markHelpful(ctx, String(args.threadId), args.postId ? String(args.postId) : null);
      return ctx.db.thread.findUniqueOrThrow({ ...query, where: { id: String(args.threadId) } });
    },
  }),
);

builder.mutationField('solveQuestion', (t) =>
  t.prismaField({
    type: 'Thread',
    description: `The asker closes the question as SOLVED with a short outcome (1 to 500 characters).`,
    authScopes: { verifiedPhysician: true },
    args: { threadId: threadIdArg(t as never), outcome: t.arg.string({ required: true, validate: outcomeSchema }) },
    resolve: async (query, _root, args, ctx) => {
      await solve(ctx, String(args.threadId), args.outcome);
      return ctx.db.thread.findUniqueOrThrow({ ...query, where: { id: String(args.threadId) } });
    },
  }),
);

builder.mutationField('reopenQuestion', (t) =>
  t.prismaField({
    type: 'Thread',
    description: 'The asker reopens a solved question (the outcome is kept until it is solved again).',
    authScopes: { verifiedPhysician: true },
    args: { threadId: threadIdArg(t as never) },
    resolve: async (query, _root, args, ctx) => {
      await reopen(ctx, String(args.threadId));
      return ctx.db.thread.findUniqueOrThrow({ ...query, where: { id: String(args.threadId) } });
    },
  }),
);

const AvailabilityRef = builder.prismaObject('SpecialistAvailability', {
  description: 'The viewer’s opt-in to questions addressed to their verified specialty, with quiet hours.',
  fields: (t) => ({
    specialty: t.exposeString('specialty'),
    optedIn: t.exposeBoolean('optedIn'),
    quietStartHour: t.exposeInt('quietStartHour', { nullable: true }),
    quietEndHour: t.exposeInt('quietEndHour', { nullable: true }),
    timeZone: t.exposeString('timeZone'),
  }),
});

builder.queryField('mySpecialistAvailability', (t) =>
  t.prismaField({
    type: AvailabilityRef,
    nullable: true,
    description: 'The viewer’s opt-in (null: never set, so not opted in).',
    authScopes: { verifiedPhysician: true },
    resolve: async (query, _root, _args, ctx) => {
      const me = await viewerPseudonym(ctx);
      return me ? ctx.db.specialistAvailability.findUnique({ ...query, where: { pseudonymId: me.id } }) : null;
    },
  }),
);

const AvailabilityInput = builder.inputType('SpecialistAvailabilityInput', {
  description: 'Opt in or out; quiet hours are local hours 0-23 (start inclusive, end exclusive, may wrap midnight) in an IANA time zone; both or neither.',
  fields: (t) => ({
    optedIn: t.boolean({ required: true }),
    quietStartHour: t.int({ validate: hourSchema.optional().nullable() }),
    quietEndHour: t.int({ validate: hourSchema.optional().nullable() }),
    timeZone: t.string({ validate: timeZoneSchema.optional().nullable() }),
  }),
});

builder.mutationField('setSpecialistAvailability', (t) =>
  t.prismaField({
    type: AvailabilityRef,
    description: 'Sets the viewer’s opt-in to questions addressed to their pseudonym’s verified specialty.',
    authScopes: { verifiedPhysician: true },
    args: { input: t.arg({ type: AvailabilityInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const row = await setAvailability(ctx, input);
      return ctx.db.specialistAvailability.findUniqueOrThrow({ ...query, where: { pseudonymId: row.pseudonymId } });
    },
  }),
);

builder.queryField('specialtyAnswerTime', (t) =>
  t.int({
    nullable: true,
    description:
      'The median time in seconds from a question addressed to this specialty to its first answer by one of its verified physicians, over the last 90 days; null when fewer than k questions (REPORT_K) back it.',
    authScopes: { verifiedPhysician: true },
    args: { specialty: t.arg.string({ required: true, validate: specialtySchema }) },
    resolve: (_root, args, ctx) => medianFirstAnswerSeconds(ctx.db, args.specialty, ctx.env.REPORT_K),
  }),
);
