import { fail } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
import { ConversationsQuery, StartConversationMutation } from '$lib/graphql/messages.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { handlesOf } from '$lib/messages.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { idempotentApi } from '$lib/server/idempotency.ts';
import { renderMarkdown } from '$lib/server/markdown.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

/** A handle as the link of a post's author gives it (`?to=`), or nothing. */
const HANDLE = /^[A-Za-z0-9-]{1,64}$/;

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const after = cursorOf(event.url.searchParams);
  const to = event.url.searchParams.get('to') ?? '';
  const { conversations, me, specialties } = await fromApi(event, () => event.locals.api.request(ConversationsQuery, { after }));
  return {
    conversations: conversations.edges.map(({ node }) => ({
      ...node,
      lastMessage: node.lastMessage && { ...node.lastMessage, bodyHtml: renderMarkdown(node.lastMessage.body) },
    })),
    pageInfo: conversations.pageInfo,
    unreadCount: conversations.unreadCount,
    unreadMessages: conversations.unreadCount,
    myId: me?.pseudonym?.id ?? null,
    to: HANDLE.test(to) ? to : '',
    after,
    specialties,
  };
};

export const actions: Actions = {
  start: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const handles = formText(form, 'handles');
    const body = formText(form, 'body');
    const values = { handles, body };
    if (handlesOf(handles).length === 0) return fail(400, { values, errors: { fields: { handles: { reason: 'required', message: 'Name a handle.' } }, form: null } });
    if (body.trim() === '') return fail(400, { values, errors: { fields: { body: { reason: 'required', message: 'Write your message.' } }, form: null } });
    const result = await attempt(
      () => idempotentApi(event.locals, form).request(StartConversationMutation, { input: { handles: handlesOf(handles), body } }),
      ['handles', 'body'] as const,
    );
    if (!result.ok) return fail(result.status, { values, errors: result.errors });
    redirect(303, `/messages/${result.data.startConversation.id}`);
  },
};
