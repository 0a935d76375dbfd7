import { UnreadCountQuery } from '$lib/graphql/discussion.ts';

/** What the navigation's badges count: unread notifications and unread private messages. */
export interface UnreadCounts {
  notifications: number;
  messages: number;
}

/**
 * The navigation's unread counts, in one request: verified physicians only (nobody else gets
 * any), and null rather than a broken page when the API cannot say.
 */
export async function unreadCountsFor(locals: App.Locals): Promise<UnreadCounts | null> {
  const { viewer } = locals;
  if (viewer?.role !== 'PHYSICIAN' || viewer.verificationStatus !== 'VERIFIED') return null;
  try {
    const data = await locals.api.request(UnreadCountQuery);
    return { notifications: data.notifications.unreadCount, messages: data.unreadMessageCount };
  } catch {
    return null;
  }
}
