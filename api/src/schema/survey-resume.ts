/**
 * Coming back to a survey one opened (issue #13): which of them the physician has opened, and
 * the sealed copy that lets another device of theirs finish it (docs/threat-model.md, "Resuming
 * a survey"). Only the physician's own issue is ever read: `accountId` is the viewer's. The
 * fields `Survey.openedByMe` and `Survey.myResume` are in survey.ts, with the type's other fields.
 */
import { toBase64url } from '../domain/blind-signatures/base64url.ts';
import { readableSurveys } from '../domain/surveys/access.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';

/** An id no account has: the viewer of a request without a physician matches no issue. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

export const physicianId = (ctx: Context) => (ctx.viewer?.role === 'PHYSICIAN' ? ctx.viewer.accountId : null);

/** The viewer's own token issue of a survey, with its resume copy: a selection for Survey's fields. */
export const myIssue = (ctx: Context) => ({
  tokenIssues: { where: { accountId: physicianId(ctx) ?? NOBODY }, select: { resume: { select: { sealedCopy: true, blindSignature: true } } } },
});

export const SurveyResume = builder.objectRef<{ sealedCopy: Uint8Array; blindSignature: Uint8Array }>('SurveyResume');
SurveyResume.implement({
  description: 'What another device of the physician needs to finish a survey they opened: only their resume code opens it.',
  fields: (t) => ({
    sealedCopy: t.string({ description: 'The copy their browser sealed under the resume code (base64url).', resolve: (r) => toBase64url(r.sealedCopy) }),
    blindSignature: t.string({ description: 'The blind signature issueSurveyToken returned (base64url).', resolve: (r) => toBase64url(r.blindSignature) }),
  }),
});

builder.queryField('openedSurveys', (t) =>
  t.prismaField({
    type: ['Survey'],
    description:
      'Surveys the verified physician opened (took their token for) and has not been paid for, that still take their answer: OPEN, or CLOSED within the grace period. Closing soonest first.',
    authScopes: { verifiedPhysician: true },
    resolve: async (query, _root, _args, ctx) => {
      const readable = await readableSurveys(ctx);
      if (!readable) return [];
      // From the physician's own issues (by index), never from every open survey.
      const unpaid = await ctx.db.$queryRaw<Array<{ id: string }>>`
        SELECT t.survey_id::text AS id FROM survey_token_issue t
        WHERE t.account_id = ${ctx.viewer!.accountId}::uuid
          AND NOT EXISTS (SELECT 1 FROM honorarium_entry h WHERE h.account_id = t.account_id AND h.survey_id = t.survey_id)`;
      if (unpaid.length === 0) return [];
      return ctx.db.survey.findMany({
        ...query,
        where: { AND: [{ id: { in: unpaid.map((r) => r.id) } }, readable] },
        orderBy: [{ closesAt: { sort: 'asc', nulls: 'last' } }, { openedAt: 'asc' }, { id: 'asc' }],
      });
    },
  }),
);
