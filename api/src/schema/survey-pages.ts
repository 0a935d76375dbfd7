/** The survey lists a page at a time: a client's own surveys, and the admins' review queue. */
import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../builder.ts';
import { ownSurveys } from '../domain/surveys/authoring.ts';
import { decodeCursor, defineConnection, encodeCursor, keysetAfter, pageSize, toPage } from './connection.ts';
import { SurveyRef } from './survey.ts';

const SurveyConnection = defineConnection('Survey', SurveyRef);

builder.queryField('mySurveysPage', (t) =>
  t.field({
    type: SurveyConnection,
    description: 'The surveys of the client’s organisation, newest first, a page at a time.',
    authScopes: { client: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first, 20);
      const cursor = decodeCursor(args.after);
      const rows = await ctx.db.survey.findMany({
        ...queryFromInfo({ context: ctx, info, typeName: 'Survey', path: ['edges', 'node'] }),
        where: { ...ownSurveys(ctx), ...keysetAfter('createdAt', cursor, 'desc') },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: first + 1,
      });
      return toPage(rows, first, (s) => encodeCursor(s.createdAt, s.id));
    },
  }),
);

builder.queryField('surveysForReviewPage', (t) =>
  t.field({
    type: SurveyConnection,
    description: 'SUBMITTED surveys, oldest submission first, a page at a time (admins).',
    authScopes: { admin: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first, 20);
      const cursor = decodeCursor(args.after);
      const rows = await ctx.db.survey.findMany({
        ...queryFromInfo({ context: ctx, info, typeName: 'Survey', path: ['edges', 'node'] }),
        where: { status: 'SUBMITTED', submittedAt: { not: null }, ...keysetAfter('submittedAt', cursor, 'asc') },
        orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
        take: first + 1,
      });
      return toPage(rows, first, (s) => encodeCursor(s.submittedAt!, s.id));
    },
  }),
);
