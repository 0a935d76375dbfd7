/** A survey's quota cells: set in the builder with the survey, read with it, filled by answers. */
import { z } from 'zod';
import { builder } from '../builder.ts';
import { verifiedCredentialOf } from '../domain/surveys/access.ts';
import { keyLabelOf } from '@consilium/jobs/survey-keys';
import { cellLabel, cellMayHold, MAX_QUOTAS, shownFill } from '../domain/surveys/quotas.ts';

const part = (max: number) => z.string().trim().max(max).optional().nullable();

export const QuotaInput = builder.inputType('QuotaInput', {
  description: 'A quota cell: a specialty, a country, a years band (0-9, 10-19, 20-29, 30+) or a combination (a part left out means any), and the most answers it takes — from k to the sample size.',
  fields: (t) => ({
    specialty: t.string({ validate: part(64) }),
    country: t.string({ validate: part(8) }),
    yearsBand: t.string({ validate: part(16) }),
    maxAnswers: t.int({ required: true, validate: z.number().int().min(1).max(100_000) }),
  }),
});


const QuotaFill = builder.objectRef<{ shown: number; belowK: boolean; full: boolean }>('QuotaFill');
QuotaFill.implement({
  description: 'How full a quota cell is, told so that no cell below k is described: fewer than k reads 0 with belowK; from k on, the answers rounded down to a multiple of k; a full cell its maximum.',
  fields: (t) => ({ shown: t.exposeInt('shown'), belowK: t.exposeBoolean('belowK'), full: t.exposeBoolean('full') }),
});

builder.prismaObject('SurveyQuota', {
  name: 'Quota',
  fields: (t) => ({
    specialty: t.exposeString('specialty', { nullable: true }),
    country: t.exposeString('country', { nullable: true }),
    yearsBand: t.exposeString('yearsBand', { nullable: true }),
    maxAnswers: t.exposeInt('maxAnswers'),
    cell: t.string({ description: 'The cell as a segment label: "cardiology|BE|*" ("*" means any).', resolve: (q) => cellLabel(q) }),
    fill: t.field({
      type: QuotaFill,
      description: 'The client and admins only.',
      authScopes: { client: true, reviewer: true },
      resolve: (q, _args, ctx) => shownFill(q.taken, q.maxAnswers, ctx.env.REPORT_K),
    }),
  }),
});

builder.prismaObjectFields('Survey', (t) => ({
  quotas: t.relation('quotas', { description: `The survey's quota cells (at most ${MAX_QUOTAS}), in the client's order.`, query: { orderBy: { position: 'asc' } } }),
  myQuotaFull: t.boolean({
    nullable: true,
    description: 'For a verified physician: whether a quota cell their key label may fall in is full (then no token is given: issueSurveyToken says quota_full); null for anyone else.',
    select: { segmentKeys: { select: { segment: true } }, quotas: { select: { specialty: true, country: true, yearsBand: true, taken: true, maxAnswers: true } } },
    resolve: async (survey, _args, ctx) => {
      const credential = await verifiedCredentialOf(ctx);
      if (!credential) return null;
      const label = keyLabelOf(credential, new Set(survey.segmentKeys.map((k) => k.segment)));
      return survey.quotas.some((q) => q.taken >= q.maxAnswers && cellMayHold(q, label));
    },
  }),
}));
