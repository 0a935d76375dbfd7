/** What every verified physician may know of closed surveys: `transparencyPage` (and the bounded `transparency` list). */
import { builder } from '../builder.ts';
import { OrganizationTypeEnum } from './account.ts';
import { defineConnection, keysetPage, LIST_BOUND } from './connection.ts';

interface TransparencyView {
  id: string;
  title: string;
  closedAt: Date | null;
  tokensIssued: number;
  responseCount: number;
  receiptsRedeemed: number;
  organization: { type: 'PUBLIC_AGENCY' | 'ACADEMIC' | 'NONPROFIT' | 'INDUSTRY' | 'OTHER' };
  report: { k: number; epsilon: number | null; status: string } | null;
}
const TransparencyEntryRef = builder.objectRef<TransparencyView>('TransparencyEntry');
TransparencyEntryRef.implement({
  description: 'What every verified physician may know of a closed survey.',
  fields: (t) => ({
    surveyId: t.id({ resolve: (s) => s.id }),
    title: t.exposeString('title'),
    organizationType: t.field({ type: OrganizationTypeEnum, resolve: (s) => s.organization.type }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.closedAt }),
    tokensIssued: t.exposeInt('tokensIssued'),
    responseCount: t.exposeInt('responseCount'),
    receiptsRedeemed: t.exposeInt('receiptsRedeemed'),
    k: t.int({ description: 'The k of its built report, or the one it will be built with.', resolve: (s, _a, ctx) => (s.report?.status === 'READY' ? s.report.k : ctx.env.REPORT_K) }),
    epsilon: t.float({
      nullable: true,
      resolve: (s, _a, ctx) => (s.report?.status === 'READY' ? s.report.epsilon : (ctx.env.REPORT_EPSILON ?? null)),
    }),
  }),
});

const TransparencyEntryConnection = defineConnection('TransparencyEntry', TransparencyEntryRef);

const SELECT = {
  id: true, title: true, closedAt: true, tokensIssued: true, responseCount: true, receiptsRedeemed: true,
  organization: { select: { type: true } }, report: { select: { k: true, epsilon: true, status: true } },
} as const;
const ORDER = [{ closedAt: 'desc' }, { id: 'desc' }] as const;

builder.queryField('transparency', (t) =>
  t.field({
    type: [TransparencyEntryRef],
    description: `The first ${LIST_BOUND} CLOSED surveys in the order of transparencyPage (verified physicians).`,
    deprecationReason: `Returns at most ${LIST_BOUND} entries: use transparencyPage.`,
    authScopes: { verifiedPhysician: true },
    resolve: (_root, _args, ctx) => ctx.db.survey.findMany({ where: { status: 'CLOSED' }, select: SELECT, orderBy: [...ORDER], take: LIST_BOUND }),
  }),
);

builder.queryField('transparencyPage', (t) =>
  t.field({
    type: TransparencyEntryConnection,
    description: 'Every CLOSED survey, most recently closed first, a page at a time: who commissioned it (the kind of body), tokens, answers, receipts, k and epsilon (verified physicians).',
    authScopes: { verifiedPhysician: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: (_root, args, ctx) =>
      keysetPage(
        args,
        { field: 'closedAt', direction: 'desc' },
        (after, take) =>
          ctx.db.survey.findMany({ where: { status: 'CLOSED', closedAt: { not: null }, ...after }, select: SELECT, orderBy: [...ORDER], take }),
        (s) => s.closedAt!,
      ),
  }),
);
