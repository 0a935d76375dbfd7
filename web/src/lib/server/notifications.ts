import { UnreadCountQuery } from '$lib/graphql/discussion.ts';

/**
 * The navigation's count of unread notifications: verified physicians only (nobody else gets
 * any), and null rather than a broken page when the API cannot say.
 */
export async function unreadCountFor(locals: App.Locals): Promise<number | null> {
  const { viewer } = locals;
  if (viewer?.role !== 'PHYSICIAN' || viewer.verificationStatus !== 'VERIFIED') return null;
  try {
    const { notifications } = await locals.api.request(UnreadCountQuery);
    return notifications.unreadCount;
  } catch {
    return null;
  }
}
