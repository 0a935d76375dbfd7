/** The survey lists a page at a time: a client's own surveys, and the admins' review queue. */
import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../builder.ts';
import { ownSurveys } from '../domain/surveys/authoring.ts';
import { defineConnection, keysetPage } from './connection.ts';
import { SurveyRef } from './survey.ts';

const SurveyConnection = defineConnection('Survey', SurveyRef);

builder.queryField('mySurveysPage', (t) =>
  t.field({
    type: SurveyConnection,
    description: 'The surveys of the client’s organisation, newest first, a page at a time.',
    authScopes: { client: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: (_root, args, ctx, info) =>
      keysetPage(
        args,
        { field: 'createdAt', direction: 'desc' },
        (after, take) =>
          ctx.db.survey.findMany({
            ...queryFromInfo({ context: ctx, info, typeName: 'Survey', path: ['edges', 'node'] }),
            where: { ...ownSurveys(ctx), ...after },
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
            take,
          }),
        (s) => s.createdAt,
      ),
  }),
);

builder.queryField('surveysForReviewPage', (t) =>
  t.field({
    type: SurveyConnection,
    description: 'SUBMITTED surveys, oldest submission first, a page at a time (admins).',
    authScopes: { reviewer: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: (_root, args, ctx, info) =>
      keysetPage(
        args,
        { field: 'submittedAt', direction: 'asc' },
        (after, take) =>
          ctx.db.survey.findMany({
            ...queryFromInfo({ context: ctx, info, typeName: 'Survey', path: ['edges', 'node'] }),
            where: { status: 'SUBMITTED', submittedAt: { not: null }, ...after },
            orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
            take,
          }),
        (s) => s.submittedAt!,
      ),
  }),
);
