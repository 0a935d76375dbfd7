import { fail } from '@sveltejs/kit';
import { ModeratePostMutation, ModerationQueueQuery, SuspendPseudonymMutation, UnsuspendPseudonymMutation } from '$lib/graphql/discussion.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireAdminFactor, requireViewer } from '$lib/server/guards.ts';
import { renderMarkdown } from '$lib/server/markdown.ts';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[A-Za-z0-9-]{1,64}$/;
const required = { fields: { reason: { reason: 'missing_reason', message: 'Give a reason.' } }, form: null };

const DONE = ['HIDE', 'RESTORE', 'suspend', 'unsuspend'] as const;
type Done = (typeof DONE)[number];

/** What the notice says after a decision went through. */
const asDone = (value: unknown): Done | null => DONE.find((d) => typeof value === 'object' && value !== null && 'done' in value && value.done === d) ?? null;

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireAdminFactor(requireViewer(event, ['ADMIN']));
  const after = cursorOf(event.url.searchParams);
  const includeResolved = event.url.searchParams.get('resolved') === '1';
  const { moderationQueue, specialties } = await fromApi(event, () =>
    event.locals.api.request(ModerationQueueQuery, { after, includeResolved }),
  );
  return {
    items: moderationQueue.edges.map(({ node }) => ({ ...node, bodyHtml: renderMarkdown(node.post.body) })),
    pageInfo: moderationQueue.pageInfo,
    includeResolved,
    after,
    specialties,
    done: takeFlash(event.cookies, event.url.pathname, asDone),
  };
};

export const actions: Actions = {
  moderate: async (event) => {
    requireAdminFactor(requireViewer(event, ['ADMIN']));
    const form = await event.request.formData();
    const postId = formText(form, 'postId');
    const action = formText(form, 'action') === 'RESTORE' ? ('RESTORE' as const) : ('HIDE' as const);
    const reason = formText(form, 'reason').trim();
    const target = `post:${postId}`;
    if (!ID.test(postId)) return fail(400, { target, reason, errors: { fields: {}, form: null } });
    if (reason === '') return fail(400, { target, reason, errors: required });
    const result = await attempt(() => event.locals.api.request(ModeratePostMutation, { postId, action, reason }), ['reason'] as const);
    if (!result.ok) return fail(result.status, { target, reason, errors: result.errors });
    // Back to the same list (`?resolved=1`, its page), which says what was done.
    redirectDone(event, { done: action });
  },

  suspension: async (event) => {
    requireAdminFactor(requireViewer(event, ['ADMIN']));
    const form = await event.request.formData();
    const pseudonymId = formText(form, 'pseudonymId');
    const suspend = formText(form, 'suspend') === '1';
    const reason = formText(form, 'reason').trim();
    const target = `pseudonym:${pseudonymId}`;
    if (!ID.test(pseudonymId)) return fail(400, { target, reason, errors: { fields: {}, form: null } });
    if (reason === '') return fail(400, { target, reason, errors: required });
    const result = await attempt(async () => {
      const { api } = event.locals;
      if (suspend) return (await api.request(SuspendPseudonymMutation, { pseudonymId, reason })).suspendPseudonym;
      return (await api.request(UnsuspendPseudonymMutation, { pseudonymId, reason })).unsuspendPseudonym;
    }, ['reason'] as const);
    if (!result.ok) return fail(result.status, { target, reason, errors: result.errors });
    redirectDone(event, { done: suspend ? 'suspend' : 'unsuspend' });
  },
};
