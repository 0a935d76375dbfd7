import { z } from 'zod';
import { builder } from '../builder.ts';
import { requiredUuid } from '../validation.ts';
import { closeSurvey, reviewSurvey, submitSurvey } from '../domain/surveys/lifecycle.ts';


builder.mutationField('submitSurvey', (t) =>
  t.prismaField({
    type: 'Survey',
    description: 'DRAFT → SUBMITTED, by a client of the owning organisation.',
    authScopes: { client: true },
    args: { id: t.arg.id(requiredUuid()) },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await submitSurvey(ctx, String(args.id));
      return ctx.db.survey.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('reviewSurvey', (t) =>
  t.prismaField({
    type: 'Survey',
    description: 'SUBMITTED → OPEN (approve) or REJECTED (a reason is required); audited (admins).',
    authScopes: { reviewer: true },
    args: {
      id: t.arg.id(requiredUuid()),
      approve: t.arg.boolean({ required: true }),
      reason: t.arg.string({ validate: z.string().trim().min(1).max(1000).optional().nullable() }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await reviewSurvey(ctx, String(args.id), args.approve, args.reason ?? null);
      return ctx.db.survey.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('closeSurvey', (t) =>
  t.prismaField({
    type: 'Survey',
    description: 'OPEN → CLOSED, by a client of the owning organisation or an admin (audited).',
    authScopes: { client: true, reviewer: true },
    args: { id: t.arg.id(requiredUuid()) },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await closeSurvey(ctx, String(args.id));
      return ctx.db.survey.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
