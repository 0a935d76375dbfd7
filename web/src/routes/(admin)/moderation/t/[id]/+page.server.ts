import { error } from '@sveltejs/kit';
import { ThreadQuery } from '$lib/graphql/discussion.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireAdminFactor, requireViewer } from '$lib/server/guards.ts';
import { renderMarkdown } from '$lib/server/markdown.ts';
import type { PageServerLoad } from './$types';

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** A thread as a moderator reads it, around a reported post: read-only, pseudonyms only. */
export const load: PageServerLoad = async (event) => {
  requireAdminFactor(requireViewer(event, ['ADMIN']));
  if (!ID.test(event.params.id)) error(404, 'Not found');
  const after = cursorOf(event.url.searchParams);
  const { thread, specialties } = await fromApi(event, () => event.locals.api.request(ThreadQuery, { id: event.params.id, after }));
  if (!thread) error(404, 'Not found');
  const reported = event.url.searchParams.get('post');
  const { replies, body, ...rest } = thread;
  return {
    // A moderator reads what physicians no longer see, to judge it: hidden bodies come from the queue, not here.
    thread: { ...rest, bodyHtml: renderMarkdown(body) },
    replies: replies.edges.map(({ node: { body: replyBody, ...reply } }) => ({ ...reply, bodyHtml: renderMarkdown(replyBody) })),
    repliesPage: replies.pageInfo,
    reported: reported && ID.test(reported) ? reported : null,
    specialties,
  };
};
