import { fail } from '@sveltejs/kit';
import { MarkNotificationsReadMutation, NotificationsQuery } from '$lib/graphql/discussion.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { attempt } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone } from '$lib/server/flash.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[A-Za-z0-9-]{1,64}$/;

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const after = cursorOf(event.url.searchParams);
  const unreadOnly = event.url.searchParams.get('unread') === '1';
  const { notifications, specialties } = await fromApi(event, () => event.locals.api.request(NotificationsQuery, { after, unreadOnly }));
  return {
    items: notifications.edges.map((e) => e.node),
    pageInfo: notifications.pageInfo,
    unreadCount: notifications.unreadCount,
    unreadOnly,
    after,
    specialties,
  };
};

export const actions: Actions = {
  /** Marks the notifications named by `id` fields read; with none, all of them. */
  read: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const ids = form.getAll('id').filter((v): v is string => typeof v === 'string' && ID.test(v));
    const result = await attempt(() => event.locals.api.request(MarkNotificationsReadMutation, { ids: ids.length > 0 ? ids : null }), [] as const);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    // The list and the count say it: back to the same list (`?unread=1`, its page), no notice.
    redirectDone(event, null);
  },
};
