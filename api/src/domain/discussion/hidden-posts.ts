/**
 * Who reads what moderation hid (docs/discussion.md): a hidden post's body, a hidden thread's
 * title and case images are withheld from everyone but the staff who judge them. One rule, read
 * by the resolvers (schema/post.ts, schema/thread.ts, the edit history) and by the fast path's
 * compiled statements (fast-path/plugin.ts), so that the two ways of answering a query agree.
 */
import { staffHas } from '../staff.ts';
import type { Viewer } from '../sessions.ts';

/** Moderators, in a session opened with a second factor (`staffHas`); nobody else. */
export function seesHiddenPosts(viewer: Viewer | null): boolean {
  return staffHas(viewer, 'MODERATOR');
}
