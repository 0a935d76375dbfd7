import { headerPseudonymFor } from '$lib/server/header-identity.ts';
import { unreadCountFor } from '$lib/server/notifications.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
  const [unreadNotifications, headerPseudonym] = await Promise.all([unreadCountFor(locals), headerPseudonymFor(locals, url.pathname)]);
  return {
    locale: locals.locale,
    viewer: locals.viewer,
    apiUnavailable: locals.apiUnavailable,
    /** Where the language switch comes back to. */
    currentPath: `${url.pathname}${url.search}`,
    /** The navigation's badge (verified physicians; null for everyone else). */
    unreadNotifications,
    /** The viewer's pseudonym, on discussion pages only. */
    headerPseudonym,
  };
};
