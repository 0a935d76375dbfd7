import { error } from '@sveltejs/kit';
import { PostHistoryQuery } from '$lib/graphql/discussion.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { renderMarkdown } from '$lib/server/markdown.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { PageServerLoad } from './$types';

const ID = /^[A-Za-z0-9-]{1,64}$/;

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const { id, postId } = event.params;
  if (!ID.test(id) || !ID.test(postId)) error(404, 'Not found');
  const { postHistory, thread, specialties } = await fromApi(event, () => event.locals.api.request(PostHistoryQuery, { postId, threadId: id }));
  // A post of another thread is no page of this one.
  if (!postHistory || !thread || postHistory.threadId !== thread.id) error(404, 'Not found');
  return {
    thread,
    postId,
    author: postHistory.author,
    revisions: postHistory.revisions.map((r) => ({ writtenAt: r.writtenAt, hidden: r.body === '', bodyHtml: renderMarkdown(r.body) })),
    specialties,
  };
};
