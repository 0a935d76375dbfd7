import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { ConversationQuery, MarkConversationReadMutation, ReportMessageMutation, SendMessageMutation, SetPseudonymBlockedMutation } from '$lib/graphql/messages.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { idempotentApi } from '$lib/server/idempotency.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { renderMarkdown } from '$lib/server/markdown.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** What an action of this page leaves for the next load to say. */
type Done = { kind: 'sent' } | { kind: 'blocked'; blocked: boolean } | { kind: 'report'; messageId: string };

function asDone(value: unknown): Done | null {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return null;
  const v = value as Record<string, unknown>;
  if (v.kind === 'sent') return { kind: 'sent' };
  if (v.kind === 'blocked' && typeof v.blocked === 'boolean') return { kind: 'blocked', blocked: v.blocked };
  if (v.kind === 'report' && typeof v.messageId === 'string') return { kind: 'report', messageId: v.messageId };
  return null;
}

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  if (!ID.test(event.params.id)) error(404, 'Not found');
  const after = cursorOf(event.url.searchParams);
  // Opening the conversation reads it; the count left replaces the layout's. A failure here only leaves it unread.
  const [{ conversation, me, specialties }, unreadMessages] = await Promise.all([
    fromApi(event, () => event.locals.api.request(ConversationQuery, { id: event.params.id, after })),
    event.locals.api.request(MarkConversationReadMutation, { conversationId: event.params.id }).then(
      (data) => data.markConversationRead,
      () => undefined,
    ),
  ]);
  if (!conversation) error(404, 'Not found');
  const { messages, ...rest } = conversation;
  return {
    conversation: rest,
    // The API pages newest first; the page reads top to bottom, oldest first.
    messages: messages.edges.map(({ node: { body, ...message } }) => ({ ...message, bodyHtml: renderMarkdown(body) })).reverse(),
    earlier: messages.pageInfo.hasNextPage ? messages.pageInfo.endCursor : null,
    after,
    myId: me?.pseudonym?.id ?? null,
    specialties,
    done: takeFlash(event.cookies, event.url.pathname, asDone),
    ...(unreadMessages !== undefined && { unreadMessages }),
  };
};

async function readForm(event: RequestEvent) {
  requireVerifiedPhysician(event);
  return event.request.formData();
}

export const actions: Actions = {
  send: async (event) => {
    const form = await readForm(event);
    const body = formText(form, 'body');
    if (body.trim() === '') return fail(400, { kind: 'send' as const, body, errors: { fields: { body: { reason: 'required', message: 'Write your message.' } }, form: null } });
    const result = await attempt(() => idempotentApi(event.locals, form).request(SendMessageMutation, { conversationId: event.params.id, body }), ['body'] as const);
    if (!result.ok) return fail(result.status, { kind: 'send' as const, body, errors: result.errors });
    redirectDone(event, { kind: 'sent' } satisfies Done, 'composer');
  },

  block: async (event) => {
    const form = await readForm(event);
    const pseudonymId = formText(form, 'pseudonymId');
    const blocked = formText(form, 'blocked') === 'true';
    if (!ID.test(pseudonymId)) return fail(400, { kind: 'block' as const, errors: { fields: {}, form: null } });
    const result = await attempt(() => event.locals.api.request(SetPseudonymBlockedMutation, { pseudonymId, blocked }), [] as const);
    if (!result.ok) return fail(result.status, { kind: 'block' as const, errors: result.errors });
    redirectDone(event, { kind: 'blocked', blocked: result.data.setPseudonymBlocked } satisfies Done, 'members');
  },

  report: async (event) => {
    const form = await readForm(event);
    const messageId = formText(form, 'messageId');
    const reason = formText(form, 'reason');
    if (!ID.test(messageId)) return fail(400, { kind: 'report' as const, target: messageId, reason, errors: { fields: {}, form: null } });
    if (reason.trim() === '') {
      return fail(400, { kind: 'report' as const, target: messageId, reason, errors: { fields: { reason: { reason: 'missing_reason', message: 'Say why.' } }, form: null } });
    }
    const result = await attempt(() => idempotentApi(event.locals, form).request(ReportMessageMutation, { messageId, reason: reason.trim() }), ['reason'] as const);
    if (!result.ok) return fail(result.status, { kind: 'report' as const, target: messageId, reason, errors: result.errors });
    redirectDone(event, { kind: 'report', messageId } satisfies Done, `message-${messageId}`);
  },
};
