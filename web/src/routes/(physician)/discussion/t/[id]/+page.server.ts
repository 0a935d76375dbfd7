import { error, fail, type RequestEvent } from '@sveltejs/kit';
import {
  EditPostMutation,
  MarkThreadReadMutation,
  ReplyMutation,
  ReportPostMutation,
  SetBookmarkMutation,
  ThreadQuery,
  VoteMutation,
  VotePollMutation,
} from '$lib/graphql/discussion.ts';
import { MarkHelpfulMutation, ReopenQuestionMutation, SolveQuestionMutation, ThreadQuestionQuery } from '$lib/graphql/questions.ts';
import { FollowLevelQuery } from '$lib/graphql/follows.ts';
import { followAction } from '$lib/server/follow.ts';
import { asThreadDone, type ThreadDone } from '$lib/discussion/action-result.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { voteValueOf } from '$lib/discussion/votes.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { idempotentApi } from '$lib/server/idempotency.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { renderMarkdown } from '$lib/server/markdown.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[A-Za-z0-9-]{1,64}$/;

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  // The API answers an id that is not one with BAD_USER_INPUT: to a reader it is no page at all.
  if (!ID.test(event.params.id)) error(404, 'Not found');
  const after = cursorOf(event.url.searchParams);
  // Opening the thread reads its notifications; the count left replaces the layout's (loaded
  // alongside, perhaps before this). A failure here only leaves them unread.
  const [{ thread, specialties }, unreadNotifications, asked, follow] = await Promise.all([
    fromApi(event, () => event.locals.api.request(ThreadQuery, { id: event.params.id, after })),
    event.locals.api.request(MarkThreadReadMutation, { threadId: event.params.id }).then(
      (data) => data.markNotificationsRead,
      () => undefined,
    ),
    // Ask a specialist: the question and the specialist marks of the replies, read on their own.
    event.locals.api.request(ThreadQuestionQuery, { id: event.params.id, after }).then(
      (data) => data.thread,
      () => null,
    ),
    event.locals.api.request(FollowLevelQuery, { targetKind: 'THREAD', target: event.params.id }).then(
      (data) => data.followLevel,
      () => 'NORMAL' as const,
    ),
  ]);
  if (!thread) error(404, 'Not found');
  const { replies, body, ...rest } = thread;
  // The markdown source goes to the page only for the reader's own posts: their edit form.
  return {
    thread: { ...rest, bodyHtml: thread.hidden ? '' : renderMarkdown(body), source: thread.mine ? body : null },
    replies: replies.edges.map(({ node: { body: replyBody, ...reply } }) => ({
      ...reply,
      bodyHtml: reply.hidden ? '' : renderMarkdown(replyBody),
      source: reply.mine ? replyBody : null,
    })),
    repliesPage: replies.pageInfo,
    after,
    specialties,
    question: asked?.question ?? null,
    askedByMe: asked?.mine ?? false,
    fromSpecialty: (asked?.replies.edges ?? []).filter((e) => e.node.fromAddressedSpecialty).map((e) => e.node.id),
    followLevel: follow,
    done: takeFlash(event.cookies, event.url.pathname, asThreadDone),
    ...(unreadNotifications !== undefined && { unreadNotifications }),
  };
};

async function readForm(event: RequestEvent) {
  requireVerifiedPhysician(event);
  return event.request.formData();
}

export const actions: Actions = {
  helpful: async (event) => {
    const form = await readForm(event);
    const postId = formText(form, 'postId') || null;
    if (postId !== null && !ID.test(postId)) return fail(400, { kind: 'question' as const, target: 'thread', errors: { fields: {}, form: null } });
    const result = await attempt(() => event.locals.api.request(MarkHelpfulMutation, { threadId: event.params.id, postId }), [] as const);
    if (!result.ok) return fail(result.status, { kind: 'question' as const, target: 'thread', errors: result.errors });
    redirectDone(event, null, postId ? `post-${postId}` : undefined);
  },

  solve: async (event) => {
    const form = await readForm(event);
    const outcome = formText(form, 'outcome');
    const result = await attempt(() => event.locals.api.request(SolveQuestionMutation, { threadId: event.params.id, outcome }), ['outcome'] as const);
    if (!result.ok) return fail(result.status, { kind: 'question' as const, target: 'thread', outcome, errors: result.errors });
    redirectDone(event, null);
  },

  reopen: async (event) => {
    await readForm(event);
    const result = await attempt(() => event.locals.api.request(ReopenQuestionMutation, { threadId: event.params.id }), [] as const);
    if (!result.ok) return fail(result.status, { kind: 'question' as const, target: 'thread', errors: result.errors });
    redirectDone(event, null);
  },

  reply: async (event) => {
    const form = await readForm(event);
    const parentId = formText(form, 'parentId') || null;
    const body = formText(form, 'body');
    const target = parentId ?? 'thread';
    if (body.trim() === '') {
      return fail(400, { kind: 'reply' as const, target, body, errors: { fields: { body: { reason: 'required', message: 'Write your reply.' } }, form: null } });
    }
    const result = await attempt(
      () => idempotentApi(event.locals, form).request(ReplyMutation, { input: { threadId: event.params.id, body, parentId } }),
      ['body'] as const,
    );
    if (!result.ok) return fail(result.status, { kind: 'reply' as const, target, body, errors: result.errors });
    // To the new reply (on this page of replies when it is the last one).
    const id = result.data.reply.id;
    redirectDone(event, { kind: 'reply', id } satisfies ThreadDone, `post-${id}`);
  },

  edit: async (event) => {
    const form = await readForm(event);
    const postId = formText(form, 'postId');
    const body = formText(form, 'body');
    if (!ID.test(postId)) return fail(400, { kind: 'edit' as const, target: postId, body, errors: { fields: {}, form: null } });
    if (body.trim() === '') {
      return fail(400, { kind: 'edit' as const, target: postId, body, errors: { fields: { body: { reason: 'required', message: 'Write your post.' } }, form: null } });
    }
    const result = await attempt(() => event.locals.api.request(EditPostMutation, { postId, body }), ['body'] as const);
    if (!result.ok) return fail(result.status, { kind: 'edit' as const, target: postId, body, errors: result.errors });
    redirectDone(event, { kind: 'edit', postId } satisfies ThreadDone, `post-${postId}`);
  },

  follow: (event) => followAction(event, { targetKind: 'THREAD', target: event.params.id }),

  bookmark: async (event) => {
    const form = await readForm(event);
    const bookmarked = formText(form, 'bookmarked') === 'true';
    const result = await attempt(() => event.locals.api.request(SetBookmarkMutation, { threadId: event.params.id, bookmarked }), [] as const);
    if (!result.ok) return fail(result.status, { kind: 'bookmark' as const, target: 'thread', errors: result.errors });
    redirectDone(event, { kind: 'bookmark', bookmarked: result.data.setBookmark } satisfies ThreadDone);
  },

  vote: async (event) => {
    const form = await readForm(event);
    const postId = formText(form, 'postId');
    const value = voteValueOf(formText(form, 'value'));
    if (!ID.test(postId) || value === null) return fail(400, { kind: 'vote' as const, target: postId, errors: { fields: {}, form: null } });
    const result = await attempt(() => event.locals.api.request(VoteMutation, { postId, value }), [] as const);
    if (!result.ok) return fail(result.status, { kind: 'vote' as const, target: postId, errors: result.errors });
    // The score and the pressed button say it: no notice, back where the reader was.
    redirectDone(event, null, `post-${postId}`);
  },

  poll: async (event) => {
    const form = await readForm(event);
    const pollId = formText(form, 'pollId');
    const optionId = formText(form, 'optionId');
    if (!ID.test(pollId) || !ID.test(optionId)) {
      return fail(400, { kind: 'poll' as const, target: pollId, errors: { fields: { optionId: { reason: 'required', message: 'Choose an option.' } }, form: null } });
    }
    const result = await attempt(() => event.locals.api.request(VotePollMutation, { pollId, optionId }), ['optionId'] as const);
    if (!result.ok) return fail(result.status, { kind: 'poll' as const, target: pollId, errors: result.errors });
    redirectDone(event, null, `poll-${pollId}`);
  },

  report: async (event) => {
    const form = await readForm(event);
    const postId = formText(form, 'postId');
    const reason = formText(form, 'reason');
    if (!ID.test(postId)) return fail(400, { kind: 'report' as const, target: postId, reason, errors: { fields: {}, form: null } });
    if (reason.trim() === '') {
      return fail(400, { kind: 'report' as const, target: postId, reason, errors: { fields: { reason: { reason: 'missing_reason', message: 'Say why.' } }, form: null } });
    }
    const result = await attempt(() => idempotentApi(event.locals, form).request(ReportPostMutation, { postId, reason: reason.trim() }), ['reason'] as const);
    if (!result.ok) return fail(result.status, { kind: 'report' as const, target: postId, reason, errors: result.errors });
    redirectDone(event, { kind: 'report', postId } satisfies ThreadDone, `post-${postId}`);
  },
};
