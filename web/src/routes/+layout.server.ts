import { headerPseudonymFor } from '$lib/server/header-identity.ts';
import { unreadCountsFor } from '$lib/server/notifications.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
  const [unread, headerPseudonym] = await Promise.all([unreadCountsFor(locals), headerPseudonymFor(locals, url.pathname)]);
  return {
    locale: locals.locale,
    viewer: locals.viewer,
    apiUnavailable: locals.apiUnavailable,
    /** Where the language switch comes back to. */
    currentPath: `${url.pathname}${url.search}`,
    /** The navigation's badge (verified physicians; null for everyone else). */
    unreadNotifications: unread?.notifications ?? null,
    /** The Messages link's badge: unread private messages (a count only). */
    unreadMessages: unread?.messages ?? null,
    /** The viewer's pseudonym, on discussion pages only. */
    headerPseudonym,
  };
};
