import { fail } from '@sveltejs/kit';
import { SuspendPseudonymMutation } from '$lib/graphql/discussion.ts';
import { MessageReportsQuery, ResolveMessageReportMutation } from '$lib/graphql/messages.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireStaff } from '$lib/server/guards.ts';
import { renderMarkdown } from '$lib/server/markdown.ts';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[A-Za-z0-9-]{1,64}$/;
const required = { fields: { reason: { reason: 'missing_reason', message: 'Give a reason.' } }, form: null };
const DONE = ['resolved', 'suspend'] as const;
type Done = (typeof DONE)[number];
const asDone = (value: unknown): Done | null => DONE.find((d) => typeof value === 'object' && value !== null && 'done' in value && value.done === d) ?? null;

const rendered = <M extends { body: string }>(m: M) => ({ ...m, bodyHtml: renderMarkdown(m.body) });

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireStaff(event, 'MODERATOR');
  const after = cursorOf(event.url.searchParams);
  const { messageReports, specialties } = await fromApi(event, () => event.locals.api.request(MessageReportsQuery, { after }));
  return {
    items: messageReports.edges.map(({ node }) => ({ ...node, message: rendered(node.message), context: node.context.map(rendered) })),
    pageInfo: messageReports.pageInfo,
    after,
    specialties,
    done: takeFlash(event.cookies, event.url.pathname, asDone),
  };
};

export const actions: Actions = {
  resolve: async (event) => {
    requireStaff(event, 'MODERATOR');
    const form = await event.request.formData();
    const reportId = formText(form, 'reportId');
    const reason = formText(form, 'reason').trim();
    const target = `report:${reportId}`;
    if (!ID.test(reportId)) return fail(400, { target, reason, errors: { fields: {}, form: null } });
    if (reason === '') return fail(400, { target, reason, errors: required });
    const result = await attempt(() => event.locals.api.request(ResolveMessageReportMutation, { reportId, reason }), ['reason'] as const);
    if (!result.ok) return fail(result.status, { target, reason, errors: result.errors });
    redirectDone(event, { done: 'resolved' });
  },

  suspend: async (event) => {
    requireStaff(event, 'MODERATOR');
    const form = await event.request.formData();
    const pseudonymId = formText(form, 'pseudonymId');
    const reportId = formText(form, 'reportId');
    const reason = formText(form, 'reason').trim();
    const target = `author:${reportId}`;
    if (!ID.test(pseudonymId)) return fail(400, { target, reason, errors: { fields: {}, form: null } });
    if (reason === '') return fail(400, { target, reason, errors: required });
    const result = await attempt(() => event.locals.api.request(SuspendPseudonymMutation, { pseudonymId, reason }), ['reason'] as const);
    if (!result.ok) return fail(result.status, { target, reason, errors: result.errors });
    redirectDone(event, { done: 'suspend' });
  },
};
